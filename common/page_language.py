"""Pages in more than one language, with Wagtail's own localisation.

Wagtail keeps a page tree per language (WAGTAIL_I18N_ENABLED): the Welsh home page is a
translation of the English one, made in the admin ("Translate", from
wagtail.contrib.simple_translation), and the Welsh pages hang under it. A reader stays
in the language they chose while they move about: a page that has no translation in it
yet is linked at the reader's own address (/cy/about/) and served there from the
default language's tree (:class:`cms.models.HomePage`), saying so in the reader's
language (common/templatetags/hearth_i18n.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Min, QuerySet
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from common.i18n import bcp47, in_language
from common.page_tree import remembered


def locale_ids() -> dict[str, int]:
    """Each content language's Locale id, remembered until the page tree changes."""
    return remembered("locale ids", lambda: dict(Locale.objects.values_list("language_code", "pk")))


def reader_locale_id() -> int | None:
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    return locale_ids().get(code)


def default_locale_id() -> int | None:
    return locale_ids().get(get_supported_content_language_variant(settings.LANGUAGE_CODE))


P = TypeVar("P", bound=Page)


def originals(pages: QuerySet[P]) -> QuerySet[P]:
    """Each page once, in the language it was first written in: its translations (later
    copies sharing its ``translation_key``) left out. For lists of consultations and
    proposals that count each once, such as the open data."""
    first = pages.model.objects.values("translation_key").annotate(first=Min("pk")).values("first")
    return pages.filter(pk__in=first)


def original_of(page: P) -> P:
    """The page its translations were copied from (the first of them made): what belongs
    to the page in every language, its discussion and the board's decision, is kept there."""
    first = type(page).objects.filter(translation_key=page.translation_key).order_by("pk").first()
    return first or page


def in_readers_language(pages: Iterable[P]) -> list[P]:
    """Each page once, in the reader's language where it has been translated into it, else
    in the default language (else as found), in the order first found."""
    groups: dict[Any, list[P]] = {}
    for page in pages:
        groups.setdefault(page.translation_key, []).append(page)
    reader, default = reader_locale_id(), default_locale_id()
    chosen = []
    for group in groups.values():
        by_locale = {page.locale_id: page for page in group}
        chosen.append(by_locale.get(reader) or by_locale.get(default) or group[0])
    return chosen


def discussions_of(pages: Iterable[Page]) -> dict[Any, int]:
    """Each translation group's discussion thread, by ``translation_key``: a translation
    shares its original's (the thread is not copied with the page)."""
    return {
        page.translation_key: page.thread_id
        for page in pages
        if getattr(page, "thread_id", None) is not None
    }


def language_tag_of(page: Page) -> str:
    """The page's language as a ``lang`` tag: "en-GB", "cy"."""
    code = next((c for c, pk in locale_ids().items() if pk == page.locale_id), None)
    return bcp47(code or settings.LANGUAGE_CODE)


def at_readers_address(locale_id: int, path: str) -> str:
    """A page's path as the reader follows it: a page of the default language keeps the
    reader's language prefix (/cy/about/), where Wagtail would send them to the default
    language's address (and so switch everything else to it)."""
    reader = translation.get_language()
    if path and reader != settings.LANGUAGE_CODE and locale_id == default_locale_id():
        return in_language(path, reader)
    return path


def readers_translation_address(page: Page, request: Any) -> str | None:
    """Where the reader's language has its own live translation of a page served to them in
    another (reached at the English slug under /cy/, say, while the Welsh copy has a Welsh
    slug): its address, with any sub-route and query kept; otherwise None."""
    reader = reader_locale_id()
    if reader is None or page.locale_id == reader:
        return None
    translated = page.get_translation_or_none(reader)
    if translated is None or not translated.live:
        return None
    here, there = page.get_url(request), translated.get_url(request)
    if not here or not there or not request.path.startswith(here):
        return None
    query = request.META.get("QUERY_STRING", "")
    return there + request.path[len(here) :] + (f"?{query}" if query else "")


class ReadersLanguageUrlMixin:
    """For page models, before ``Page`` in the bases: links keep the reader's language
    (:func:`at_readers_address`)."""

    locale_id: int

    def get_url_parts(self, request: Any = None) -> Any:
        parts = super().get_url_parts(request)  # type: ignore[misc] # Page's, next in the MRO
        if parts is None or parts[2] is None:
            return parts
        site_id, root_url, page_path = parts
        return site_id, root_url, at_readers_address(self.locale_id, page_path)
