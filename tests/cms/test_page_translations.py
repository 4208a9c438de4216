"""Pages in Welsh with Wagtail's own localisation (issue 19, item 4): a page translated in
the admin is served in Welsh at its Welsh address; a page not yet translated is served at
the reader's address, says so in the reader's language and links to its own language's
address, with its content marked as English; links keep a Welsh reader in Welsh."""

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from cms.models import ConsultationPage, HomePage, StandardPage
from tests.factories import make_consultation


def _translate(page: StandardPage, title: str, summary: str) -> StandardPage:
    """What an editor does with "Translate" in the admin (simple_translation), then edits
    and publishes the Welsh copy."""
    welsh = page.copy_for_translation(Locale.objects.get(language_code="cy"), copy_parents=True)
    welsh.title, welsh.summary = title, summary
    welsh.save_revision().publish()
    return welsh


@pytest.mark.django_db
def test_every_language_a_person_can_choose_has_a_locale_to_translate_into() -> None:
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"en-gb", "cy", "ur"} <= codes


@pytest.mark.django_db
def test_an_untranslated_page_says_so_in_welsh_and_marks_its_english(
    client: Client, about: StandardPage
) -> None:
    response = client.get("/cy/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy"' in html
    note = html.split('id="page-language-note"')[1].split("</div>")[0]
    assert "Nid yw’r dudalen hon wedi’i chyfieithu i’r Gymraeg eto" in note
    assert "Saesneg" in note
    assert 'href="/about/" hreflang="en-GB"' in note
    content = html.split('<div lang="en-GB">')[1]
    assert "About Hearth" in content
    # In English, nothing to say.
    english = client.get("/about/").content.decode()
    assert "page-language-note" not in english
    assert '<div lang="en-GB">' not in english


@pytest.mark.django_db
def test_a_translated_page_is_served_in_welsh_at_its_welsh_address(
    client: Client, about: StandardPage
) -> None:
    _translate(about, "Am Hearth", "Pwy ydyn ni.")
    welsh = client.get("/cy/about/").content.decode()
    assert "<h1" in welsh
    assert "Am Hearth" in welsh
    assert "About Hearth" not in welsh
    assert "page-language-note" not in welsh
    english = client.get("/about/").content.decode()
    assert "About Hearth" in english
    assert "Am Hearth" not in english


@pytest.mark.django_db
def test_a_welsh_home_page_hands_over_for_pages_not_yet_translated(
    client: Client, about: StandardPage, site_tree: HomePage
) -> None:
    privacy = StandardPage(title="Contact us", slug="contact", summary="How to reach us.")
    site_tree.add_child(instance=privacy)
    privacy.save_revision().publish()
    _translate(about, "Am Hearth", "Pwy ydyn ni.")  # makes the Welsh home page too
    response = client.get("/cy/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contact us" in html
    assert 'id="page-language-note"' in html
    assert client.get("/cy/nothing-here/").status_code == 404


@pytest.mark.django_db
def test_links_to_untranslated_pages_keep_a_welsh_reader_in_welsh(
    about: StandardPage,
) -> None:
    with translation.override("cy"):
        assert about.url == "/cy/about/"
    with translation.override("en-gb"):
        assert about.url == "/about/"


@pytest.mark.django_db
def test_a_translated_consultation_is_one_consultation_with_one_discussion(
    client: Client, site_tree: HomePage
) -> None:
    english = make_consultation()
    welsh = english.copy_for_translation(Locale.objects.get(language_code="cy"), copy_parents=True)
    welsh.title = "Gofal yn y cartref yn Northshire"
    welsh.save_revision().publish()

    page = client.get("/cy/consultations/home-care/").content.decode()
    assert "Gofal yn y cartref yn Northshire" in page
    # Both languages lead to the same discussion, and so to the same report.
    to_english = client.get("/consultations/home-care/discussion/")
    to_welsh = client.get("/cy/consultations/home-care/discussion/")
    english.refresh_from_db()
    assert english.thread_id is not None
    assert to_english["Location"] == f"/threads/{english.thread_id}/"
    assert to_welsh["Location"] == f"/cy/threads/{english.thread_id}/"
    assert ConsultationPage.objects.get(pk=welsh.pk).discussion_thread_id == english.thread_id
    # Counted once wherever consultations are counted: the open data, the home page.
    listed = client.get("/api/v1/consultations/").json()
    assert [c["title"] for c in listed["results"]] == ["Home care in Northshire"]
    welsh_home = client.get("/cy/").content.decode()
    assert welsh_home.count('/cy/consultations/home-care/"') == 1
    assert "Gofal yn y cartref yn Northshire" in welsh_home
    # The Welsh copy has no thread of its own: it is listed with its original's discussion.
    assert f'href="/cy/threads/{english.thread_id}/"' in welsh_home


@pytest.mark.django_db
def test_a_welsh_reader_at_the_english_slug_goes_to_the_welsh_page(
    client: Client, about: StandardPage
) -> None:
    """The Welsh copy has a Welsh slug: a Welsh reader who follows an English link (or types
    /cy/about/) reaches it, not the English page saying there is no translation."""
    welsh = _translate(about, "Am Hearth", "Pwy ydyn ni.")
    welsh.slug = "am-hearth"
    welsh.save_revision().publish()
    response = client.get("/cy/about/?from=footer")
    assert response.status_code == 302
    assert response["Location"] == "/cy/am-hearth/?from=footer"
    html = client.get(response["Location"]).content.decode()
    assert "Am Hearth" in html
    assert 'id="page-language-note"' not in html
    # English readers keep the English page; a draft translation sends no one to it.
    assert client.get("/about/").status_code == 200
    StandardPage.objects.get(pk=welsh.pk).unpublish()
    assert client.get("/cy/about/").status_code == 200
