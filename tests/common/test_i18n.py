"""Choosing a language (issue 19, "the person chooses"): English at its own address, Welsh
under /cy/, a GOV.UK language select in the header, the choice remembered in a cookie for
visitors and on the account for people who sign in."""

import gettext
import re
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cms.models import HomePage, StandardPage
from config.routing import websocket_urlpatterns
from tests.factories import UserFactory

LOCALE = Path(settings.BASE_DIR) / "locale" / "cy"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _select(html: str) -> str:
    return html.split('<nav class="hearth-language-select"')[1].split("</nav>")[0]


@pytest.mark.django_db
def test_the_english_page_is_at_its_own_address_in_english(
    client: Client, about: StandardPage
) -> None:
    response = client.get("/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" dir="ltr"' in html
    assert "Skip to main content" in html
    assert "Sign in" in html
    assert response["Content-Language"] == "en-gb"


@pytest.mark.django_db
def test_the_switcher_marks_the_language_being_read_and_links_to_the_other(
    client: Client, about: StandardPage
) -> None:
    select = _select(client.get("/about/").content.decode())
    assert '<span aria-current="true">English</span>' in select
    assert "Change the language to English" not in select
    link = re.search(r"<a [^>]*>.*?</a>", select)
    assert link is not None
    assert f'href="{reverse("accounts:language", args=["cy"])}?next=/about/"' in link[0]
    assert 'lang="cy"' in link[0]
    assert 'hreflang="cy"' in link[0]
    assert '<span class="govuk-visually-hidden">Newid yr iaith i’r Gymraeg</span>' in link[0]
    assert '<span aria-hidden="true">Cymraeg</span>' in link[0]

    welsh = _select(client.get("/cy/about/").content.decode())
    assert '<span aria-current="true">Cymraeg</span>' in welsh
    assert 'lang="en-GB" hreflang="en-GB"' in welsh
    assert '<span class="govuk-visually-hidden">Change the language to English</span>' in welsh


@pytest.mark.django_db
def test_a_wagtail_page_reads_in_welsh_under_cy(client: Client, about: StandardPage) -> None:
    response = client.get("/cy/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy" dir="ltr"' in html
    assert "About Hearth" in html  # the page's own content: translated in a later slice
    for welsh in ("Neidio i’r prif gynnwys", "Mewngofnodi", "Creu cyfrif", "Hafan", "Cynigion"):
        assert welsh in html
    assert "Skip to main content" not in html
    # Links in the header and navigation stay in Welsh.
    assert 'href="/cy/" class="hearth-header__name"' in html
    assert 'href="/cy/account/sign-in/"' in html
    assert 'href="/cy/proposals/"' in html


@pytest.mark.django_db
def test_each_page_names_its_versions_in_every_language(
    client: Client, about: StandardPage
) -> None:
    for path in ("/about/", "/cy/about/"):
        html = client.get(path).content.decode()
        assert '<link rel="alternate" hreflang="en-GB" href="http://testserver/about/">' in html
        assert '<link rel="alternate" hreflang="cy" href="http://testserver/cy/about/">' in html
        assert '<link rel="alternate" hreflang="x-default" href="http://testserver/about/">' in html


@pytest.mark.django_db
def test_hearth_own_pages_have_welsh_addresses_too(client: Client, site_tree: HomePage) -> None:
    html = client.get("/cy/search/").content.decode()
    assert '<html lang="cy"' in html
    assert 'hreflang="en-GB" href="http://testserver/search/"' in html


@pytest.mark.django_db
def test_choosing_welsh_as_a_visitor_remembers_it_and_shows_the_same_page_in_welsh(
    client: Client, about: StandardPage
) -> None:
    response = client.get(reverse("accounts:language", args=["cy"]), {"next": "/about/?x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/cy/about/?x=1"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "cy"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["samesite"] == "Lax"
    # Back to English from the Welsh page.
    response = client.get(reverse("accounts:language", args=["en-gb"]), {"next": "/cy/about/"})
    assert response["Location"] == "/about/"
    assert response.cookies[COOKIE].value == "en-gb"


@pytest.mark.django_db
def test_the_home_address_opens_in_the_language_a_visitor_chose(
    client: Client, site_tree: HomePage
) -> None:
    assert client.get("/").status_code == 200
    client.cookies[COOKIE] = "cy"
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/cy/"
    assert "Cookie" in response["Vary"]
    # Every other address shows the language it names, whatever the cookie says.
    assert '<html lang="en-GB"' in client.get("/search/").content.decode()
    client.cookies[COOKIE] = "en-gb"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_switcher_goes_nowhere_but_hearth(client: Client, site_tree: HomePage) -> None:
    url = reverse("accounts:language", args=["cy"])
    assert client.get(url, {"next": "https://evil.example/"})["Location"] == "/cy/"
    assert client.get(reverse("accounts:language", args=["xx"]), {"next": "/"}).status_code == 404
    assert client.post(url, {"next": "/"}).status_code == 405


@pytest.mark.django_db
def test_a_signed_in_person_s_choice_is_kept_and_used_when_they_next_sign_in(
    client: Client, about: StandardPage
) -> None:
    person = UserFactory.create()
    person.set_password("a long enough password")
    person.save()
    client.force_login(person)
    client.get(reverse("accounts:language", args=["cy"]), {"next": "/about/"})
    person.refresh_from_db()
    assert person.preferred_language == "cy"

    client.post(reverse("accounts:sign-out"))
    other = Client()  # another device: no cookie
    response = other.post(
        "/account/sign-in/", {"username": person.email, "password": "a long enough password"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/cy/you/"
    assert response.cookies[COOKIE].value == "cy"
    # Signed in, "/" opens in Welsh even without the cookie.
    del other.cookies[COOKIE]
    assert other.get("/")["Location"] == "/cy/"
    # And an English address still shows English.
    assert '<html lang="en-GB"' in other.get("/about/").content.decode()


@pytest.mark.django_db
def test_the_language_is_one_of_a_person_s_details(signed_in_client: Client, user: User) -> None:
    page = signed_in_client.get(reverse("accounts:details")).content.decode()
    assert 'name="preferred_language" type="radio" value="cy"' in page
    response = signed_in_client.post(
        reverse("accounts:details"),
        {
            "display_name": user.display_name,
            "email": user.email,
            "relationship_to_care": "",
            "preferred_language": "cy",
            "email_digest": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/cy/account/details/"
    user.refresh_from_db()
    assert user.preferred_language == "cy"
    response = signed_in_client.post(
        reverse("accounts:details"),
        {"display_name": user.display_name, "email": user.email, "preferred_language": "xx"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.preferred_language == "cy"


def test_machine_routes_have_no_language_prefix() -> None:
    assert reverse("open_data:api-proposals").startswith("/api/")
    assert reverse("open_data:index") == "/open-data/"
    assert reverse("wagtailadmin_home") == "/admin/"
    sockets = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    assert sockets
    assert not any(route.startswith(("cy/", "^cy/")) for route in sockets)


@pytest.mark.django_db
def test_machine_routes_are_not_served_under_a_language(
    client: Client, site_tree: HomePage
) -> None:
    assert client.get("/cy/api/v1/proposals/").status_code == 404
    assert client.get("/cy/open-data/").status_code == 404


def _glossary() -> dict[str, str]:
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", (LOCALE / "GLOSSARY.md").read_text(), re.M)
    return {english.lower(): welsh.lower() for english, welsh in rows[2:]}


# Welsh changes a word's first letters after some words (soft, nasal and aspirate
# mutation): "cynnig" is "gynnig" in "i gynnig", "mewngofnodi" is "fewngofnodi".
MUTATIONS = {
    "ll": ("l",),
    "rh": ("r",),
    "c": ("g", "ngh", "ch"),
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "g": ("", "ng"),
    "b": ("f", "m"),
    "d": ("dd", "n"),
    "m": ("f",),
}


def _mutated(term: str) -> set[str]:
    """The term as it stands, and as each mutation of its first letters writes it."""
    for head, replacements in MUTATIONS.items():
        if term.startswith(head):
            return {term} | {new + term[len(head) :] for new in replacements}
    return {term}


def test_a_glossary_term_counts_when_welsh_grammar_mutates_it() -> None:
    assert "fewngofnodi" in _mutated("mewngofnodi")
    assert "gynnig" in _mutated("cynnig")
    assert "ofalwr di-dâl" in _mutated("gofalwr di-dâl")
    assert "cynnig" in _mutated("cynnig")
    assert "mynnig" not in _mutated("cynnig")


def test_the_welsh_catalogue_uses_the_glossary_s_care_terms() -> None:
    glossary = _glossary()
    assert glossary["unpaid carer"] == "gofalwr di-dâl"
    assert glossary["co-production"] == "cydgynhyrchu"
    checked = 0
    for english, welsh in (_catalogue() | _catalogue("djangojs")).items():
        english = english[0] if isinstance(english, tuple) else english
        if not english or not welsh:
            continue
        for term, translated in glossary.items():
            if re.search(rf"\b{re.escape(term)}\b", english, re.I):
                forms = _mutated(translated)
                assert any(form in welsh.lower() for form in forms), (
                    f"{english!r}: want {translated!r}"
                )
                checked += 1
    assert checked >= 5


def _catalogue(domain: str = "django") -> dict[str | tuple[str, int], str]:
    with (LOCALE / "LC_MESSAGES" / f"{domain}.mo").open("rb") as compiled:
        # gettext keeps a compiled catalogue's entries in _catalog, and offers no other way.
        return gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]


# What makemessages reads (common/management/commands/makemessages.py leaves out the rest):
# Python and templates for "django", each app's static scripts for "djangojs" (the words
# thread.js, voting.js and cowriting.js write into pages, served by /jsi18n/).
SOURCES = ("accounts", "analysis", "cms", "common", "config", "deliberation", "proposals")
DOMAINS = ("django", "djangojs")


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogues_hold_every_string_marked_for_translation(
    domain: str, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """makemessages, run afresh over a copy of the code and templates, finds exactly the
    entries the committed catalogues hold: none left out, none kept that nothing uses. (A
    copy: makemessages writes into the locale folder it finds beside the code.)"""
    base = Path(settings.BASE_DIR)
    skip = shutil.ignore_patterns("__pycache__", "migrations", "*.json", "*.mo")
    for folder in (*SOURCES, "templates", "locale"):
        shutil.copytree(base / folder, tmp_path / folder, ignore=skip)
    # What makemessages must never read: a script in the virtual environment or among the
    # collected static files (a copy of each app's own) would add entries, or repeat them.
    for unread in (".venv/lib/site-packages/wagtail", "staticfiles/deliberation"):
        (tmp_path / unread).mkdir(parents=True)
        (tmp_path / unread / "unread.js").write_text('gettext("Not for people to read");')
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["cy", "ur"], domain=domain, no_obsolete=True, verbosity=0)
    for language in ("cy", "ur"):
        catalogue = Path("locale") / language / "LC_MESSAGES" / f"{domain}.po"
        committed = polib.pofile(str(base / catalogue))
        fresh = polib.pofile(str(tmp_path / catalogue))
        keys = {(e.msgctxt, e.msgid) for e in fresh}
        assert keys == {(e.msgctxt, e.msgid) for e in committed}, language


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_welsh_entry_is_translated_and_compiled(domain: str) -> None:
    """msgfmt leaves untranslated entries out of the .mo: as many there as in the .po."""
    po = (LOCALE / "LC_MESSAGES" / f"{domain}.po").read_text()
    wanted = len(re.findall(r"^msgid ", po, re.M)) - 1  # less the header
    compiled = {key[0] if isinstance(key, tuple) else key for key in _catalogue(domain)} - {""}
    assert wanted > 0
    assert len(compiled) == wanted


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("language", ["cy", "ur"])
def test_the_javascript_words_read_as_the_page_s_own(language: str) -> None:
    """A sentence thread.js writes that a template also writes (a live message's Reply
    link, the statement count) has the same translation in both catalogues, so a live
    message reads as it will after a reload; and every translation keeps its msgid's
    placeholders (msgfmt checks python-format in django.po, but nothing in djangojs)."""
    folder = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES"
    page = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(folder / "django.po"))}
    shared = 0
    for entry in polib.pofile(str(folder / "djangojs.po")):
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated:
                assert set(PLACEHOLDER.findall(translated)) == wanted, entry.msgid
        rendered = page.get((entry.msgctxt, entry.msgid))
        if rendered is None or not (rendered.msgstr or any(rendered.msgstr_plural.values())):
            continue  # no template says it, or its translation is still to come
        assert (entry.msgid_plural, entry.msgstr, entry.msgstr_plural) == (
            rendered.msgid_plural,
            rendered.msgstr,
            rendered.msgstr_plural,
        ), entry.msgid
        shared += 1
    assert shared >= (8 if language == "cy" else 2)


@pytest.mark.django_db
def test_a_language_chosen_before_signing_up_is_kept_on_the_new_account(
    client: Client, site_tree: HomePage
) -> None:
    client.get(reverse("accounts:language", args=["cy"]), {"next": "/"})
    response = client.post(
        "/cy/account/sign-up/",
        {
            "email": "nia@example.org",
            "display_name": "Nia",
            "relationship_to_care": "",
            "password": "lantern-orchard-pebble",
            "password_confirmation": "lantern-orchard-pebble",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/cy/account/details/"
    assert User.objects.get(email="nia@example.org").preferred_language == "cy"
