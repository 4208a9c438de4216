"""The language a person reads Hearth in: the URL says which (English unprefixed, Welsh
under ``/cy/``); a person's choice is remembered in a cookie and, when signed in, on their
account, and decides where the home page and sign-in send them.

The URL always wins: ``/cy/...`` is Welsh and an unprefixed address English, whoever asks,
so a shared link shows what its sender saw and the page's alternates stay honest."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers


@dataclass(frozen=True)
class Language:
    code: str  # as in settings.LANGUAGES: "en-gb", "cy"
    name: str  # in its own language: "English", "Cymraeg"

    @property
    def tag(self) -> str:
        """The BCP 47 tag for ``lang`` and ``hreflang``: "en-GB", "cy"."""
        return bcp47(self.code)


def bcp47(code: str) -> str:
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def languages() -> list[Language]:
    return [Language(code, str(name)) for code, name in settings.LANGUAGES]


def language_choices() -> list[tuple[str, str]]:
    """``settings.LANGUAGES`` as model field choices (a callable: adding a language needs no
    migration)."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def is_supported(code: str | None) -> bool:
    return bool(code) and code in dict(settings.LANGUAGES)


def own_language(code: str | None) -> str:
    """The language to write to a person in: the one they chose, where Hearth has it, else
    the default."""
    return code if code and is_supported(code) else settings.LANGUAGE_CODE


def in_own_language(code: str | None) -> translation.override:
    """``with in_own_language(user.preferred_language): ...`` writes to one person."""
    return translation.override(own_language(code))


def language_of_path(path: str) -> str:
    """The language a path is in: its prefix's, or the default for an unprefixed one."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def in_language(url: str, code: str) -> str:
    """The same page as ``url`` (a local path, with any query) in language ``code``; the
    URL unchanged where the page has no version per language (the API, open data)."""
    # Resolve in the URL's own language: resolving "/cy/x/" with English active would take
    # "cy/x/" for a page path and give "/cy/cy/x/".
    with translation.override(language_of_path(url.split("?", 1)[0])):
        return translate_url(url, code)


def remember_language(response: HttpResponse, code: str) -> None:
    """Keep a person's choice of language in the language cookie."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type] # "Lax" in settings
    )


def chosen_language(request: HttpRequest) -> str | None:
    """The language this person chose: on their account when signed in and set there,
    else in the cookie; None if they chose none Hearth offers."""
    user = getattr(request, "user", None)
    code: str | None = getattr(user, "preferred_language", "") if user else ""
    if not code:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code and is_supported(code) else None


class ChosenLanguageMiddleware:
    """``/`` (the address people type) goes to the home page in the language a person
    chose; every other address shows the language it names."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        chosen = chosen_language(request)
        response: HttpResponse
        if chosen and chosen != settings.LANGUAGE_CODE:
            response = HttpResponseRedirect(in_language(request.get_full_path(), chosen))
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


# What the switcher's link to each language says to a screen reader, in that language (as
# GOV.UK's and HMRC's language select do): it reads the same on every page.
CHANGE_TO = {
    "en-gb": "Change the language to English",
    "cy": "Newid yr iaith i’r Gymraeg",
}


@dataclass(frozen=True)
class Alternate:
    language: Language
    url: str  # the same page in this language, a local path
    current: bool
    change_to: str  # visually hidden text of the switcher's link


def alternates(request: HttpRequest) -> tuple[Alternate, ...]:
    """This page in every language Hearth offers, the one being read marked current.

    Worked out once per request: the header's language select and the ``hreflang`` links
    both ask, and each address is found by resolving the path again (a few per cent of
    every page's time)."""
    key = (translation.get_language(), request.get_full_path())
    memo: tuple[tuple[str, str], tuple[Alternate, ...]] | None = getattr(
        request, "_hearth_alternates", None
    )
    if memo is not None and memo[0] == key:
        return memo[1]
    here, path = key
    found = tuple(
        Alternate(
            language=language,
            url=in_language(path, language.code),
            current=language.code == here,
            change_to=CHANGE_TO.get(language.code, language.name),
        )
        for language in languages()
    )
    request._hearth_alternates = (key, found)  # type: ignore[attr-defined]
    return found
