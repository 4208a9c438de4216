from django import template
from wagtail.models import Page

from cms.models import AccessibilityStatementPage, PrivacyNoticePage

register = template.Library()


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict[str, object]:
    """Links to the accessibility statement and privacy notice, wherever editors put them."""
    request = context.get("request")
    links: list[tuple[str, str]] = []
    for model in (AccessibilityStatementPage, PrivacyNoticePage):
        page: Page | None = model.objects.live().first()
        if page is not None:
            links.append((page.title, page.get_url(request=request) or ""))
    return {"links": links}
