"""Contributions in any language (issue 19, item 6) in the board report: themes are found
in each language apart, never mixing two, each labelled with its language; and the report
says how many messages and statements came in each language."""

import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from analysis import services
from analysis.models import RunStatus
from cms.models import ConsultationPage
from deliberation.models import Thread
from tests.analysis.test_statement_themes import planted_thread, themes_section, words
from tests.factories import MessageFactory, UserFactory
from tests.opinion_core.test_themes import CARERS, PAY

URL = "/consultations/home-care/"
# The same two themes as PAY and CARERS, in Welsh.
PAY_CY = [
    "Talu cyflog teg i weithwyr gofal",
    "Mae angen gwell cyflog ac amodau ar weithwyr gofal",
    "Byddai cyflog teg i staff gofal yn atal pobl rhag gadael",
    "Codi cyflog gweithwyr gofal cartref",
    "Mae cyflog staff gofal yn rhy isel i gadw gweithwyr da",
    "Gwell cyflogau i weithwyr gofal",
]
CARERS_CY = [
    "Mae angen seibiant rheolaidd ar ofalwyr di-dâl",
    "Seibiant i ofalwyr teulu sy'n gofalu am rywun",
    "Mae angen seibiant a rhywun i siarad â nhw ar ofalwyr",
    "Rhoi mwy o seibiant i ofalwyr di-dâl",
    "Nid yw gofalwyr teulu yn cael seibiant o ofalu",
    "Dylai gofal seibiant i ofalwyr fod yn hawdd ei drefnu",
]
URDU = ["دیکھ بھال کرنے والوں کو وقفہ چاہیے", "تنخواہ بہت کم ہے", "گھر پر دیکھ بھال"]


def say(thread: Thread, texts: list[str], language: str) -> set[int]:
    """Each text as a message by a new person, in ``language``; their ids."""
    authors = set()
    for text in texts:
        author = UserFactory.create()
        MessageFactory.create(thread=thread, author=author, body=text, language=language)
        authors.add(author.pk)
    return authors


@pytest.fixture
def planted(consultation: ConsultationPage, officer: User) -> dict[str, Any]:
    """A discussion with votes, messages on the same two themes in English and in Welsh,
    and three messages in Urdu: too few to find themes in. Analysed."""
    thread = planted_thread(consultation)
    english = say(thread, PAY + CARERS, "en-gb")
    welsh = say(thread, PAY_CY + CARERS_CY, "cy")
    say(thread, URDU, "ur")
    run = services.analysis_run_now(thread=thread, by=officer)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.result is not None
    return {"result": run.result, "en-gb": english, "cy": welsh}


@pytest.mark.django_db
def test_themes_are_found_in_each_language_apart_never_mixing_two(
    planted: dict[str, Any],
) -> None:
    themes = planted["result"]["themes"]
    assert themes["source"] == "messages"
    assert themes["languages"] == ["en-gb", "cy"]
    assert themes["left_out"] == {"ur": 3}
    assert themes["n_analysed"] == 24  # not the Urdu messages
    found = themes["themes"]
    assert {theme["language"] for theme in found} == {"en-gb", "cy"}
    assert [theme["id"] for theme in found] == list(range(len(found)))
    for theme in found:
        # Everyone behind a theme wrote in its language, and so did every quote.
        assert set(theme["authors"]) <= planted[theme["language"]], theme["label"]
        wrote = PAY + CARERS if theme["language"] == "en-gb" else PAY_CY + CARERS_CY
        assert {quote["text"] for quote in theme["quotes"]} <= set(wrote)
    # Each language has its two themes, pay and breaks, as it would alone.
    for language, pay, breaks in (("en-gb", PAY, CARERS), ("cy", PAY_CY, CARERS_CY)):
        quoted = [{q["text"] for q in t["quotes"]} for t in found if t["language"] == language]
        assert sorted(bool(q <= set(pay)) for q in quoted) == [False, True]
        assert any(q <= set(breaks) for q in quoted)


@pytest.mark.django_db
def test_the_report_labels_each_theme_with_its_language_and_says_which_had_too_few(
    planted: dict[str, Any],
) -> None:
    html = Client().get(URL + "report/").content.decode()
    section = html.split('aria-labelledby="themes-heading"')[1].split("</section>")[0]
    headings = re.findall(r'<h3 class="govuk-heading-m">(.*?)</h3>', section)
    assert len(headings) == 4
    labels = [
        re.search(r'hearth-written-in" lang="([^"]+)" dir="auto">([^<]+)<', h).groups()  # type: ignore[union-attr]
        for h in headings
    ]
    assert sorted(labels) == [
        ("cy", "Cymraeg"),
        ("cy", "Cymraeg"),
        ("en-GB", "English"),
        ("en-GB", "English"),
    ]
    # The quotes are marked with their language too.
    assert '<blockquote class="hearth-report-quote govuk-body" lang="cy" dir="auto">' in section
    text = themes_section(html)
    assert "Themes were found in each language on its own, so that no theme mixes languages" in text
    assert "3 messages were written in Urdu: too few to find themes in." in text


@pytest.mark.django_db
def test_the_report_says_how_many_contributions_came_in_each_language(
    planted: dict[str, Any],
) -> None:
    html = Client().get(URL + "report/").content.decode()
    table = html[
        html.index('id="languages-table"') : html.index(
            "</table>", html.index('id="languages-table"')
        )
    ]
    rows = re.findall(
        r'data-language="([^"]+)">\s*<th scope="row" class="govuk-table__header">'
        r'<span lang="([^"]+)" dir="auto">([^<]+)</span></th>\s*'
        r"<td[^>]*data-language-messages>(\d+)</td>\s*<td[^>]*data-language-statements>(\d+)</td>",
        table,
    )
    # 18 planted statements and one about the conversation itself, all in English.
    assert rows == [
        ("en-gb", "en-GB", "English", "12", "19"),
        ("cy", "cy", "Cymraeg", "12", "0"),
        ("ur", "ur", "اردو", "3", "0"),
    ]
    assert "Languages people wrote in" in words(html)
