"""The words Hearth's JavaScript writes into pages (thread.js, voting.js, cowriting.js) come
from Django's JavaScript catalogue, served in the address's language: /cy/jsi18n/ is
Welsh, /jsi18n/ English. The pages that load those scripts load the catalogue first."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import ThreadFactory

# The Welsh of thread.js's Reply link, the same as templates/deliberation/_message.html's.
REPLY = 'Reply<span class=\\"govuk-visually-hidden\\"> to %(name)s</span>'
WELSH_REPLY = 'Ymateb<span class=\\"govuk-visually-hidden\\"> i %(name)s</span>'


def _entries(catalogue: str) -> dict[str, str | list[str]]:
    found = re.search(r"const newcatalog = (\{.*?\n  \});", catalogue, re.S)
    assert found is not None
    entries: dict[str, str | list[str]] = json.loads(found[1])
    return entries


@pytest.mark.django_db
def test_the_welsh_address_serves_the_welsh_catalogue(client: Client) -> None:
    with translation.override("cy"):
        assert reverse("javascript-catalog") == "/cy/jsi18n/"
    response = client.get("/cy/jsi18n/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Language"] == "cy"
    catalogue = response.content.decode()
    assert f'"{REPLY}": "{WELSH_REPLY}"' in catalogue
    assert '"Mae problem wedi codi"' in catalogue
    # Welsh's four plural forms, each chosen as the Python side chooses it.
    assert "(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3" in catalogue
    # Hearth's own words and only those: not Wagtail's admin's, which has Welsh of its own.
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale/cy/LC_MESSAGES/djangojs.po"))
    assert set(_entries(catalogue)) == {entry.msgid for entry in po}


@pytest.mark.django_db
def test_the_english_address_serves_english(client: Client) -> None:
    assert reverse("javascript-catalog") == "/jsi18n/"
    response = client.get("/jsi18n/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en-gb"
    catalogue = response.content.decode()
    assert "newcatalog" not in catalogue  # no entries: gettext gives back the English msgid
    assert "Ymateb" not in catalogue


@pytest.mark.django_db
def test_browsers_keep_the_catalogue_until_hearth_is_deployed_again(client: Client) -> None:
    first = client.get("/cy/jsi18n/")
    assert "no-cache" in first["Cache-Control"]
    again = client.get("/cy/jsi18n/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_a_thread_page_loads_the_catalogue_in_its_language_before_its_script(
    client: Client,
) -> None:
    thread = ThreadFactory.create()
    html = client.get(f"/cy/threads/{thread.pk}/").content.decode()
    catalogue = html.index('<script src="/cy/jsi18n/"></script>')
    assert catalogue < html.index("deliberation/thread.js")
    # Not on every page: only where a script writes words.
    assert "jsi18n" not in client.get("/cy/search/").content.decode()
