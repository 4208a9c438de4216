"""Rich text for display: Wagtail's link expansion, then an allow-list sanitiser.

Wagtail's editor filters what editors type, but rich text can also arrive by import or
API; sanitising at display time means no stored value can carry script into a page.
"""

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText, expand_db_html

register = template.Library()

ALLOWED_TAGS = {
    "a", "b", "strong", "i", "em", "p", "br", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "img", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "class"},
    "span": {"class"},
}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


@register.filter
def safe_richtext(value: RichText | str | None) -> SafeString:
    if value is None:
        return mark_safe("")
    source = value.source if isinstance(value, RichText) else str(value)
    return mark_safe(sanitise_html(expand_db_html(source)))  # noqa: S308 - sanitised by nh3 above
