from django import template
from django.conf import settings

from cms import selectors

register = template.Library()


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict[str, object]:
    """Links to the accessibility statement and privacy notice, wherever editors put them."""
    return {"links": selectors.footer_links(context.get("request"))}


@register.inclusion_tag("includes/feedback_link.html")
def feedback_link() -> dict[str, object]:
    """The beta banner's link for feedback (``FEEDBACK_URL``): a page, or an email."""
    url = settings.FEEDBACK_URL
    return {"url": url, "by_email": url.startswith("mailto:")}
