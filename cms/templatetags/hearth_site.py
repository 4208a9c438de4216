from django import template

from cms import selectors

register = template.Library()


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict[str, object]:
    """Links to the accessibility statement and privacy notice, wherever editors put them."""
    return {"links": selectors.footer_links(context.get("request"))}
