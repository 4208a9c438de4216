"""The language select in the header and the page's ``hreflang`` alternates
(common/i18n.py)."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from common.i18n import alternates, bcp47, in_language
from common.page_language import locale_ids, reader_locale_id

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


@dataclass(frozen=True)
class PageLanguage:
    tag: str  # for lang and hreflang
    name: str  # in the reader's language: "Saesneg" to a Welsh reader
    url: str  # the page at its own language's address


@register.simple_tag(takes_context=True)
def page_in_other_language(context: template.Context) -> PageLanguage | None:
    """The language of the page being read where it is not the reader's: a page not yet
    translated into theirs (common/page_language.py). Its content is marked with it."""
    page, request = context.get("page"), context.get("request")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None or request is None or locale_id == reader_locale_id():
        return None
    code = next((c for c, pk in locale_ids().items() if pk == locale_id), None)
    if code is None:
        return None
    name = translation.get_language_info(code.split("-")[0])["name_translated"]
    return PageLanguage(bcp47(code), str(name), in_language(request.get_full_path(), code))
