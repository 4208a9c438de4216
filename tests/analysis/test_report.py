"""The board report of a consultation: page, CSV and JSON from the latest good run."""

import csv
import importlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import MembershipRole, RelationshipToCare, User
from analysis import services
from analysis.models import AnalysisRun, RunStatus
from analysis.reports import SMALL_GROUP_TEXT
from analysis.selectors import relationship_mix
from cms.imports import polis_import
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Message, Statement, Vote
from deliberation.services.messages import message_delete, message_edit
from deliberation.services.moderation import message_hide
from tests.factories import MessageFactory, UserFactory, make_consultation

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"
URL = "/consultations/home-care/"
REPORT_PAGE_QUERIES = 25


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    return make_consultation()


@pytest.fixture
def officer(consultation: ConsultationPage) -> User:
    person = UserFactory.create()
    accounts_services.membership_add(
        organisation=consultation.organisation, user=person, role=MembershipRole.OFFICER
    )
    return person


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_sizes(html: str) -> list[str]:
    return re.findall(r"data-group-size>(\d+)", html)


def crafted_run(consultation: ConsultationPage, sizes: list[int], text: str) -> AnalysisRun:
    """A finished run with groups of the given sizes, each represented by one statement."""
    thread = consultation_discussion(consultation=consultation)
    statement = Statement.objects.create(
        thread=thread, author=UserFactory.create(), text=text, status="accepted"
    )
    people = UserFactory.create_batch(
        sum(sizes), relationship_to_care=RelationshipToCare.UNPAID_CARER
    )
    # Everyone placed in a group voted, as in a real run.
    Vote.objects.bulk_create(Vote(statement=statement, voter=person, value=1) for person in people)
    participants: dict[str, int | None] = {}
    start = 0
    for g, size in enumerate(sizes):
        for person in people[start : start + size]:
            participants[str(person.pk)] = g
        start += size
    item = {"statement": str(statement.pk), "direction": "agree", "agree": 3, "disagree": 1}
    said = {person.pk: person.relationship_to_care for person in people}
    result = {
        "n_participants": sum(sizes),
        "n_statements": 1,
        "n_votes": sum(sizes),
        "n_clustered": sum(sizes),
        "participants": participants,
        "projection": {p: [float(i), float(i % 3)] for i, p in enumerate(participants)},
        "groups": [
            {"id": g, "size": size, "representative": [{**item, "pass": 0, "n": 4}]}
            for g, size in enumerate(sizes)
        ],
        "consensus": [
            {
                **item,
                "pass": 0,
                "n": 4,
                "score": 1.0,
                # Even groups agree with everyone else; odd groups disagree.
                "by_group": [
                    {
                        "group": g,
                        "agree": size if g % 2 == 0 else 0,
                        "disagree": g % 2 * size,
                        "pass": 0,
                    }
                    for g, size in enumerate(sizes)
                ],
            }
        ],
        "divisive": [],
        "themes": None,
        "relationships": relationship_mix(participants, said),
    }
    return AnalysisRun.objects.create(
        thread=thread,
        status=RunStatus.SUCCEEDED,
        progress=100,
        result=result,
        finished_at=timezone.now(),
    )


@pytest.mark.django_db
def test_a_real_run_is_reported_with_the_same_sizes_in_page_csv_and_json(
    consultation: ConsultationPage,
    officer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    polis_import(consultation=consultation, directory=POLIS / "london.youth.policing")
    client = signed_in(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + "report/run/")
    assert response.status_code == 302
    assert AnalysisRun.objects.get().status == RunStatus.SUCCEEDED

    with django_assert_max_num_queries(REPORT_PAGE_QUERIES):
        page = Client().get(URL + "report/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in html
    assert '<title id="map-title">' in html
    assert "Most people" in html or "People split on" in html
    run = AnalysisRun.objects.get()
    assert run.result is not None
    public_sizes = [str(g["size"]) for g in run.result["groups"] if g["size"] >= 5]
    assert html_sizes(html) == public_sizes

    rows = list(csv.reader(io.StringIO(Client().get(URL + "report/csv/").content.decode())))
    assert [r[2] for r in rows if r[0] == "group" and r[2].isdigit()] == public_sizes
    data = Client().get(URL + "report/json/").json()
    assert [str(g["size"]) for g in data["groups"] if g["size"] is not None] == public_sizes
    assert data["run"]["code_version"] == run.code_version


def relationship_rows(html: str) -> list[list[tuple[str, str]]]:
    """Each group's table of how its people describe themselves, as (label, count) rows."""
    tables = re.findall(
        r"How people in Group \w describe themselves</caption>(.*?)</table>", html, re.S
    )
    cell = r'<td class="govuk-table__cell">([^<]+)</td><td[^>]*>(\d+)</td>'
    return [re.findall(cell, table) for table in tables]


@pytest.mark.django_db
def test_each_group_is_described_as_its_people_described_themselves_at_the_run(
    consultation: ConsultationPage, officer: User
) -> None:
    thread = consultation_discussion(consultation=consultation)
    # Two outlooks, voting apart on the first six statements and alike on the last two.
    outlooks = [(1, -1), (-1, 1), (1, -1), (-1, 1), (1, -1), (-1, 1), (1, 1), (1, 1)]
    statements = [
        Statement.objects.create(
            thread=thread, author=officer, text=f"Idea number {n}", status="accepted"
        )
        for n in range(len(outlooks))
    ]
    carers = UserFactory.create_batch(8, relationship_to_care=RelationshipToCare.UNPAID_CARER)
    workers = UserFactory.create_batch(6, relationship_to_care=RelationshipToCare.CARE_WORKER)
    quiet = UserFactory.create_batch(2, relationship_to_care="")
    # Each person passes on one statement of their own, so that no two vote alike.
    Vote.objects.bulk_create(
        Vote(
            statement=statement,
            voter=person,
            value=0 if n == k % len(statements) else values[0 if person in carers else 1],
        )
        for n, (statement, values) in enumerate(zip(statements, outlooks, strict=True))
        for k, person in enumerate([*carers, *workers, *quiet])
    )
    services.analysis_run_now(thread=thread, by=officer)

    carer, worker, not_stated = (
        str(RelationshipToCare.UNPAID_CARER.label),
        str(RelationshipToCare.CARE_WORKER.label),
        "Not stated",
    )
    expected = sorted([[(carer, "8")], [(worker, "6"), (not_stated, "2")]], key=len)
    assert sorted(relationship_rows(Client().get(URL + "report/").content.decode()), key=len) == (
        expected
    )
    # The report says what people said of themselves when the run was made.
    User.objects.filter(pk__in=[p.pk for p in workers]).update(
        relationship_to_care=RelationshipToCare.DRAWS_ON_CARE
    )
    assert sorted(relationship_rows(Client().get(URL + "report/").content.decode()), key=len) == (
        expected
    )


def test_the_migration_counts_relationships_for_runs_made_before_runs_kept_them(
    consultation: ConsultationPage, officer: User
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    kept = run.result.pop("relationships")
    run.save(update_fields=["result"])
    migration = importlib.import_module("analysis.migrations.0002_runs_keep_relationship_mix")

    migration.add_relationship_mix(django_apps, None)

    run.refresh_from_db()
    assert run.result is not None
    assert (
        run.result["relationships"]
        == kept
        == {
            "0": {RelationshipToCare.UNPAID_CARER.value: 6},
            "1": {RelationshipToCare.UNPAID_CARER.value: 5},
        }
    )


@pytest.mark.django_db
def test_a_small_group_is_hidden_from_the_public_and_shown_to_an_officer(
    consultation: ConsultationPage, officer: User
) -> None:
    crafted_run(consultation, [7, 3], "Visits should be longer")
    public = Client().get(URL + "report/").content.decode()
    assert html_sizes(public) == ["7"]
    assert "a small group of fewer than 5 people" in public
    assert "Group B (3 people)" not in public
    data = Client().get(URL + "report/json/").json()
    assert [g["size"] for g in data["groups"]] == [7, None]

    private = signed_in(officer).get(URL + "report/").content.decode()
    assert html_sizes(private) == ["7", "3"]
    assert "Group B (3 people)" in private
    assert "I am an unpaid carer" in private


def theme_shares(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<th scope="row" class="govuk-table__header">(Group \w)</th>'
        r"<td[^>]*data-theme-share>(\d+%)</td>",
        html,
    )


@pytest.mark.django_db
def test_each_theme_shows_how_much_each_group_wrote_about_it_in_a_table(
    consultation: ConsultationPage, officer: User
) -> None:
    run = crafted_run(consultation, [7, 3], "Visits should be longer")
    assert run.result is not None
    people = [int(p) for p in run.result["participants"]]
    for author, body in ((people[0], "Breaks get cancelled."), (people[7], "Pay is too low.")):
        MessageFactory.create(thread=run.thread, author_id=author, body=body)
    run.result["themes"] = {
        "themes": [
            {
                "id": 0,
                "label": "breaks, carers",
                "authors": people[:6],
                "quotes": [{"index": 0, "text": "Breaks get cancelled."}],
                "by_group": [{"group": "0", "share": 0.6}, {"group": "1", "share": 0.25}],
            },
            {
                "id": 1,
                "label": "pay",
                "authors": people[7:],
                "quotes": [{"index": 1, "text": "Pay is too low."}],
                "by_group": [{"group": "0", "share": 0.4}, {"group": "1", "share": 0.75}],
            },
        ]
    }
    run.save(update_fields=["result"])

    public = Client().get(URL + "report/").content.decode()
    assert "How much each group wrote about breaks, carers" in public
    assert "Breaks get cancelled." in public
    # Group B has 3 people and the "pay" theme 3 authors: neither is shown to the public.
    assert theme_shares(public) == [("Group A", "60%")]
    assert "Pay is too low." not in public
    data = Client().get(URL + "report/json/").json()
    assert data["themes"][0]["by_group"] == [{"group": "Group A", "share": 0.6}]
    assert data["themes"][1] == {"label": None, "people": None, "suppressed": SMALL_GROUP_TEXT}

    private = signed_in(officer).get(URL + "report/").content.decode()
    assert theme_shares(private) == [
        ("Group A", "60%"),
        ("Group B", "25%"),
        ("Group A", "40%"),
        ("Group B", "75%"),
    ]


@pytest.mark.django_db
def test_a_theme_no_longer_quotes_a_message_hidden_deleted_or_changed_since_the_run(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [8], "Visits should be longer")
    assert run.result is not None
    people = [int(p) for p in run.result["participants"]]
    said = ["Visits are cut to fifteen minutes.", "Nobody comes on Sundays.",
            "The agency changes every month.", "My carer is kind and on time."]  # fmt: skip
    messages = [
        MessageFactory.create(thread=run.thread, author_id=person, body=body)
        for person, body in zip(people, said, strict=False)
    ]
    run.result["themes"] = {
        "themes": [
            {
                "id": 0,
                "label": "visits",
                "authors": people,
                "quotes": [{"index": i, "text": body} for i, body in enumerate(said)],
                "by_group": [{"group": "0", "share": 1.0}],
            }
        ]
    }
    run.save(update_fields=["result"])
    facilitator = UserFactory.create(is_staff=True)
    message_hide(actor=facilitator, message=messages[0], reason="Names a care worker")
    message_delete(user=messages[1].author, message=messages[1])
    message_edit(user=messages[2].author, message=messages[2], body="The agency is better now.")

    public = Client().get(URL + "report/").content.decode()
    exported = Client().get(URL + "report/csv/").content.decode()
    quotes = Client().get(URL + "report/json/").json()["themes"][0]["quotes"]
    assert quotes == ["My carer is kind and on time."]
    for gone in said[:3]:
        assert gone not in public
        assert gone not in exported
    assert "My carer is kind and on time." in public
    assert Message.objects.filter(body__in=said[:3]).exists()  # the run's words are stored


@pytest.mark.django_db
def test_a_group_that_disagrees_with_the_consensus_is_named_as_dissent(
    consultation: ConsultationPage,
) -> None:
    crafted_run(consultation, [6, 5], "Visits should be longer")
    html = Client().get(URL + "report/").content.decode()
    assert "Most people agree that “Visits should be longer”, but most of Group B do not" in html
    assert "but most of Group A do not" not in html


@pytest.mark.django_db
def test_csv_cells_cannot_run_as_formulas(consultation: ConsultationPage) -> None:
    crafted_run(consultation, [6], '=HYPERLINK("http://evil.example","click")')
    rows = list(csv.reader(io.StringIO(Client().get(URL + "report/csv/").content.decode())))
    texts = [r[3] for r in rows if r[0] == "representative"]
    assert texts == ['\'=HYPERLINK("http://evil.example","click")']


@pytest.mark.django_db
def test_after_a_failed_run_the_page_says_so_and_shows_the_last_good_one(
    consultation: ConsultationPage,
    officer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = crafted_run(consultation, [6], "Visits should be longer")

    def broken(*args: object, **kwargs: object) -> dict[str, Any]:
        raise RuntimeError("no votes to count")

    monkeypatch.setattr("analysis.services.thread_opinion_groups", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.analysis_run_request(thread=good.thread, by=officer)
    html = Client().get(URL + "report/").content.decode()
    assert "The last analysis failed" in html
    assert "Visits should be longer" in html
    assert html_sizes(html) == ["6"]
    assert "no votes to count" not in html  # the error is for officers only
    assert "no votes to count" in signed_in(officer).get(URL + "report/").content.decode()


@pytest.mark.django_db
def test_a_run_under_way_shows_its_progress_and_a_refresh_link(
    consultation: ConsultationPage,
) -> None:
    thread = consultation_discussion(consultation=consultation)
    AnalysisRun.objects.create(
        thread=thread, status=RunStatus.RUNNING, progress=40, progress_message="Finding groups"
    )
    html = Client().get(URL + "report/").content.decode()
    assert "40% done" in html
    assert "Refresh to see progress" in html
    assert 'http-equiv="refresh"' not in html


@pytest.mark.django_db
def test_a_participant_cannot_request_a_run(
    consultation: ConsultationPage, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = signed_in(UserFactory.create())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + "report/run/")
    assert response.status_code == 403
    assert Client().post(URL + "report/run/").status_code == 403
    assert client.get(URL + "report/run/").status_code == 405
    assert AnalysisRun.objects.count() == 0
    assert "Run the analysis again" not in client.get(URL + "report/").content.decode()


@pytest.mark.django_db
def test_a_statement_that_ends_with_a_full_stop_does_not_end_its_summary_line_with_two(
    consultation: ConsultationPage,
) -> None:
    crafted_run(consultation, [6, 5], "Visits should be longer.")
    summary = Client().get(URL + "report/").content.decode().split('id="plain-summary"')[1]
    summary = summary.split("</ul>")[0]
    assert "Most people agree that “Visits should be longer”.</li>" in summary
    assert ".”." not in summary
