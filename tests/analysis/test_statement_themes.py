"""Themes everywhere: a discussion with little free text has themes found in the statements
people voted on, and every theme shows the relationship-to-care mix of the people behind it."""

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import RelationshipToCare, User
from analysis import services
from analysis.models import RunStatus
from analysis.reports import SMALL_GROUP_TEXT
from cms.imports import polis_import
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Statement, StatementStatus, Thread, Vote
from tests.factories import MessageFactory, UserFactory
from tests.opinion_core.test_themes import CARERS, PAY, STATEMENTS
from tests.support.tables import tables_that_cannot_scroll

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"
URL = "/consultations/home-care/"
R = RelationshipToCare
# Who agrees with each planted theme's statements (and disagrees with the others'): the
# money theme has only three people behind it, too few to show to the public.
SUPPORTERS: dict[str, list[str]] = {
    "transport": [R.UNPAID_CARER, R.UNPAID_CARER, R.UNPAID_CARER, R.DRAWS_ON_CARE,
                  R.DRAWS_ON_CARE, ""],
    "housing": [R.CARE_WORKER, R.CARE_WORKER, R.CARE_WORKER, R.CARE_WORKER,
                R.COUNCIL_NHS_STAFF, R.COUNCIL_NHS_STAFF],
    "money": [R.CARE_PROVIDER, R.CARE_PROVIDER, R.OTHER],
}  # fmt: skip


def planted_thread(consultation: ConsultationPage) -> Thread:
    """The planted statements, each voted on by everyone; plus a statement not accepted
    and one about the conversation itself, which themes leave out."""
    thread = consultation_discussion(consultation=consultation)
    author = UserFactory.create()
    statements = {
        name: [
            Statement.objects.create(
                thread=thread, author=author, text=text, status=StatementStatus.ACCEPTED
            )
            for text in texts
        ]
        for name, texts in STATEMENTS.items()
    }
    Statement.objects.create(
        thread=thread, author=author, text="Buses buses buses", status=StatementStatus.REJECTED
    )
    Statement.objects.create(
        thread=thread,
        author=author,
        text="This conversation should be longer",
        status=StatementStatus.ACCEPTED,
        is_meta=True,
    )
    votes = []
    for name, relationships in SUPPORTERS.items():
        for relationship in relationships:
            person = UserFactory.create(relationship_to_care=relationship)
            for other, listed in statements.items():
                votes += [
                    Vote(statement=s, voter=person, value=1 if other == name else -1)
                    for s in listed
                ]
    Vote.objects.bulk_create(votes)
    return thread


def theme_of(result: dict[str, Any], text: str) -> dict[str, Any]:
    [theme] = [t for t in result["themes"]["themes"] if text in _texts(t)]
    return theme


def _texts(theme: dict[str, Any]) -> set[str]:
    return {
        text
        for name, texts in STATEMENTS.items()
        for text in texts
        if Statement.objects.get(text=text).pk in theme["statements"]
    }


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def themes_section(html: str) -> str:
    """The words of the report's themes section alone."""
    return words(html.split('aria-labelledby="themes-heading"')[1].split("</section>")[0])


@pytest.mark.django_db
def test_a_thread_with_only_statements_gets_themes_with_the_mix_of_who_agreed(
    consultation: ConsultationPage, officer: User
) -> None:
    thread = planted_thread(consultation)
    run = services.analysis_run_now(thread=thread, by=officer)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.result is not None
    themes = run.result["themes"]
    assert themes["source"] == "statements"
    assert themes["n_messages"] == 0
    assert themes["n_analysed"] == 18  # neither the rejected nor the meta statement
    transport = theme_of(run.result, STATEMENTS["transport"][0])
    assert _texts(transport) == set(STATEMENTS["transport"])
    assert transport["people"] == 6
    assert transport["relationships"] == {"": 1, "draws_on_care": 2, "unpaid_carer": 3}
    housing = theme_of(run.result, STATEMENTS["housing"][0])
    assert housing["relationships"] == {"care_worker": 4, "council_nhs_staff": 2}
    money = theme_of(run.result, STATEMENTS["money"][0])
    assert money["people"] == 3

    public = Client().get(URL + "report/").content.decode()
    said = themes_section(public)
    assert "Themes in the statements people voted on" in said
    assert (
        "Themes were found in the 18 statements people voted on, because few people wrote "
        "messages (nobody wrote one; themes need at least 10)." in said
    )
    assert "6 people agreed with at least one of its 6 statements." in said
    assert f"How the people who agreed with statements on {transport['label']} describe" in said
    assert "I am an unpaid carer 3" in said
    assert "Not stated 1" in said
    assert transport["quotes"][0]["text"] in said
    # Three people agreed with the money statements: neither the theme nor its mix is
    # shown to the public, and their relationships to care appear nowhere.
    assert "I run or work for a care provider" not in said
    assert "A theme raised by a small group of fewer than 5 people." in said
    assert tables_that_cannot_scroll(public) == []

    data = Client().get(URL + "report/json/").json()
    assert data["themes_source"] == "statements"
    assert data["themes_rule"].startswith("Themes were found in the 18 statements")
    by_label = {t["label"]: t for t in data["themes"]}
    assert by_label[transport["label"]]["relationships"] == [
        {"label": "I am an unpaid carer", "count": 3},
        {"label": "I draw on care and support", "count": 2},
        {"label": "Not stated", "count": 1},
    ]
    assert by_label[transport["label"]]["statements"] == transport["statements"]
    assert {"label": None, "people": None, "suppressed": SMALL_GROUP_TEXT} in data["themes"]

    private = themes_section(_signed_in(officer).get(URL + "report/").content.decode())
    assert "3 people agreed with at least one of its 6 statements." in private
    assert "I run or work for a care provider 2" in private


@pytest.mark.django_db
def test_a_statement_no_longer_accepted_is_not_quoted(
    consultation: ConsultationPage, officer: User
) -> None:
    thread = planted_thread(consultation)
    run = services.analysis_run_now(thread=thread, by=officer)
    assert run.result is not None
    quoted = theme_of(run.result, STATEMENTS["transport"][0])["quotes"][0]["text"]
    Statement.objects.filter(text=quoted).update(status=StatementStatus.REJECTED)
    public = themes_section(Client().get(URL + "report/").content.decode())
    assert quoted not in public
    assert theme_of(run.result, STATEMENTS["transport"][0])["quotes"][1]["text"] in public
    themes = Client().get(URL + "report/json/").json()["themes"]
    assert quoted not in json.dumps(themes)


@pytest.mark.django_db
def test_enough_messages_give_message_themes_with_the_mix_of_their_authors(
    consultation: ConsultationPage, officer: User
) -> None:
    thread = planted_thread(consultation)
    carers = UserFactory.create_batch(6, relationship_to_care=R.UNPAID_CARER)
    workers = UserFactory.create_batch(6, relationship_to_care=R.CARE_WORKER)
    for person, body in (*zip(workers, PAY, strict=True), *zip(carers, CARERS, strict=True)):
        MessageFactory.create(thread=thread, author=person, body=body)
    run = services.analysis_run_now(thread=thread, by=officer)
    assert run.result is not None
    themes = run.result["themes"]
    assert themes["source"] == "messages"
    mixes = sorted(json.dumps(t["relationships"]) for t in themes["themes"])
    assert mixes == ['{"care_worker": 6}', '{"unpaid_carer": 6}']
    said = themes_section(Client().get(URL + "report/").content.decode())
    assert "Themes in what people wrote" in said
    assert "Themes were found in the 12 messages people wrote." in said
    assert "How the people who wrote about" in said
    assert "6 people wrote about this." in said


@pytest.mark.django_db
def test_an_imported_polis_conversation_gets_themes_from_its_statements_the_same_each_run(
    consultation: ConsultationPage, officer: User
) -> None:
    polis_import(consultation=consultation, directory=POLIS / "london.youth.policing")
    consultation.refresh_from_db()
    assert consultation.thread is not None
    first = services.analysis_run_now(thread=consultation.thread, by=officer)
    second = services.analysis_run_now(thread=consultation.thread, by=officer)
    assert first.result is not None
    assert second.result is not None
    themes = first.result["themes"]
    assert themes["source"] == "statements"
    assert themes["n_themes"] >= 2
    accepted = set(
        Statement.objects.filter(
            thread=consultation.thread, status=StatementStatus.ACCEPTED, is_meta=False
        ).values_list("pk", flat=True)
    )
    assert sorted(pk for t in themes["themes"] for pk in t["statements"]) == sorted(accepted)
    for theme in themes["themes"]:
        assert theme["people"] > 0
        # Imported people do not say how they relate to care.
        assert theme["relationships"] == {"": theme["people"]}
    assert json.dumps(second.result["themes"]) == json.dumps(themes)

    html = Client().get(URL + "report/").content.decode()
    said = themes_section(html)
    assert re.search(r"Themes were found in the \d+ statements people voted on", said)
    assert "Not stated" in said
    assert tables_that_cannot_scroll(html) == []


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
