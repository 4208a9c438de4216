"""The language select in the header and the page's ``hreflang`` alternates
(common/i18n.py)."""

from django import template
from django.conf import settings
from django.http import HttpRequest

from common.i18n import alternates, bcp47

register = template.Library()


@register.filter
def language_tag(code: str) -> str:
    """A language code as a BCP 47 tag for ``lang`` and ``hreflang``: "en-gb" -> "en-GB"."""
    return bcp47(code)


@register.inclusion_tag("includes/language_select.html", takes_context=True)
def language_select(context: template.Context) -> dict[str, object]:
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {"choices": []}
    return {"choices": alternates(request), "next": request.get_full_path()}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context: template.Context) -> dict[str, object]:
    """``<link rel="alternate" hreflang>`` for each language the page has its own address
    in, and ``x-default`` (the default language's) for everyone else; none for a page with
    one address for all (the open data pages)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {"links": []}
    found = alternates(request)
    if len({alternate.url for alternate in found}) < len(found):
        return {"links": []}
    links = [(a.language.tag, request.build_absolute_uri(a.url)) for a in found]
    default = next(a for a in found if a.language.code == settings.LANGUAGE_CODE)
    links.append(("x-default", request.build_absolute_uri(default.url)))
    return {"links": links}
