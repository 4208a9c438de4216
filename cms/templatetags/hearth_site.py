from django import template
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from cms.models import AccessibilityStatementPage, PrivacyNoticePage

register = template.Library()

FOOTER_PAGE_MODELS = (AccessibilityStatementPage, PrivacyNoticePage)


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict[str, object]:
    """Links to the accessibility statement and privacy notice, wherever editors put them.

    One query on Wagtail's page table for both (the footer is on every page), taking the
    first live page of each type in tree order.
    """
    request = context.get("request")
    types = ContentType.objects.get_for_models(*FOOTER_PAGE_MODELS)  # cached per process
    first: dict[int, Page] = {}
    for page in Page.objects.live().filter(content_type__in=types.values()).order_by("path"):
        first.setdefault(page.content_type_id, page)
    links: list[tuple[str, str]] = []
    for model in FOOTER_PAGE_MODELS:
        found = first.get(types[model].pk)
        if found is not None:
            links.append((found.title, found.get_url(request=request) or ""))
    return {"links": links}
