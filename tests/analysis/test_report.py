"""The board report of a consultation: page, CSV and JSON from the latest good run."""

import csv
import importlib
import io
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from accounts.models import RelationshipToCare, User
from analysis import services
from analysis.models import AnalysisRun, RunStatus
from analysis.opinion_map import MAP_MARKS
from analysis.reports import SMALL_GROUP_TEXT
from analysis.selectors import DETAIL_KEYS, relationship_mix
from cms.imports import polis_import
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Message, Statement, Vote
from deliberation.services.messages import message_delete, message_edit
from deliberation.services.moderation import message_hide
from tests.factories import MessageFactory, UserFactory
from tests.support.tables import table_count, tables_that_cannot_scroll

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"
URL = "/consultations/home-care/"
REPORT_PAGE_QUERIES = 25


def imported_and_analysed(
    consultation: ConsultationPage, officer: User, on_commit: Callable[..., Any]
) -> dict[str, Any]:
    """Import a real conversation, run the analysis as the officer's button does and
    return what the run found."""
    polis_import(consultation=consultation, directory=POLIS / "london.youth.policing")
    with on_commit(execute=True):
        signed_in(officer).post(URL + "report/run/")
    run = AnalysisRun.objects.get()
    assert run.result is not None
    return run.result


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_sizes(html: str) -> list[str]:
    return re.findall(r"data-group-size>(\d+)", html)


def crafted_run(consultation: ConsultationPage, sizes: list[int], text: str) -> AnalysisRun:
    """A finished run with groups of the given sizes and one statement that everyone placed
    in a group voted on: groups of five or more agreed, smaller groups disagreed, so it is
    common ground that each smaller group goes against."""
    thread = consultation_discussion(consultation=consultation)
    statement = Statement.objects.create(
        thread=thread, author=UserFactory.create(), text=text, status="accepted"
    )
    people = UserFactory.create_batch(
        sum(sizes), relationship_to_care=RelationshipToCare.UNPAID_CARER
    )
    participants: dict[str, int | None] = {}
    start = 0
    for g, size in enumerate(sizes):
        for person in people[start : start + size]:
            participants[str(person.pk)] = g
        start += size
    Vote.objects.bulk_create(
        Vote(statement=statement, voter=person, value=1 if sizes[g] >= 5 else -1)
        for person, g in zip(people, participants.values(), strict=True)
        if g is not None
    )
    by_group = [
        {"group": g, "agree": size * (size >= 5), "disagree": size * (size < 5), "pass": 0}
        for g, size in enumerate(sizes)
    ]
    everyone = sum(sizes)
    agree = sum(size for size in sizes if size >= 5)
    said = {person.pk: person.relationship_to_care for person in people}
    result = {
        "n_participants": everyone,
        "n_statements": 1,
        "n_votes": everyone,
        "n_clustered": everyone,
        "count": {
            "people": everyone,
            "people_counted": everyone,
            "statements": 1,
            "statements_moderated_out": 0,
            "votes": everyone,
            "votes_counted": everyone,
            "min_votes": 1,
            "min_participants": 15,
            "min_group_size": 5,
            "common_ground": 1,
            "divisive": 0,
        },
        "participants": participants,
        "projection": {p: [float(i), float(i % 3)] for i, p in enumerate(participants)},
        "groups": [
            {
                "id": g,
                "size": size,
                "representative": [
                    {
                        "statement": str(statement.pk),
                        "direction": "agree" if size >= 5 else "disagree",
                        **{k: v for k, v in counts.items() if k != "group"},
                        "n": size,
                    }
                ],
            }
            for g, (size, counts) in enumerate(zip(sizes, by_group, strict=True))
        ],
        "consensus": [
            {
                "statement": str(statement.pk),
                "direction": "agree",
                "score": 1.0,
                "agree": agree,
                "disagree": everyone - agree,
                "pass": 0,
                "n": everyone,
                "voted_by_half": True,
                "by_group": by_group,
            }
        ],
        "divisive": [],
        "dissent": [],
        "themes": None,
        "relationships": relationship_mix(participants, said),
    }
    return AnalysisRun.objects.create(
        thread=thread,
        status=RunStatus.SUCCEEDED,
        progress=100,
        result=result,
        # As analysis.services keeps them: what it found of each person, apart.
        details={key: result.pop(key) for key in DETAIL_KEYS if key in result},
        finished_at=timezone.now(),
    )


def summary_lines(html: str) -> list[tuple[str, list[str]]]:
    """Each line of the summary as its words and the ids its links point to."""
    summary = html.split('id="plain-summary"')[1].split("</ul>")[0]
    lines = []
    for line in re.findall(r"<li>(.*?)</li>", summary, re.S):
        words = " ".join(unescape(re.sub(r"<[^>]+>", "", line)).split())
        lines.append((words, re.findall(r'href="#([^"]+)"', line)))
    return lines


def row_numbers(html: str, anchor: str) -> list[int]:
    """The numbers in the table row with this id."""
    row = re.search(rf'<tr[^>]* id="{anchor}">(.*?)</tr>', html, re.S)
    assert row is not None, anchor
    return [int(n) for n in re.findall(r'--numeric">(\d+)</td>', row.group(1))]


def number(text: str) -> int:
    return int(text.replace(",", ""))


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
    assert "Common ground:" in html or "The groups divide on" in html
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


def details(run: AnalysisRun) -> dict[str, Any]:
    assert run.details is not None
    return run.details


def test_the_migration_moves_what_older_runs_found_of_each_person_out_of_their_result_and_back(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    found = details(run)
    whole = {**run.result, **found}
    AnalysisRun.objects.filter(pk=run.pk).update(result=whole, details=None)
    migration = importlib.import_module("analysis.migrations.0003_run_details")

    migration.move_out(django_apps, None)
    run.refresh_from_db()
    assert run.details == found
    assert run.result is not None
    assert not set(run.result) & set(DETAIL_KEYS)
    assert "Group A" in Client().get(URL + "report/").content.decode()

    migration.move_back(django_apps, None)
    run.refresh_from_db()
    assert (run.result, run.details) == (whole, None)


def test_the_migration_counts_relationships_for_runs_made_before_runs_kept_them(
    consultation: ConsultationPage, officer: User
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    kept = run.result.pop("relationships")
    # As runs were then: what was found of each person in the result too.
    run.result.update(details(run))
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
    people = [int(p) for p in details(run)["participants"]]
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
    people = [int(p) for p in details(run)["participants"]]
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
def test_a_small_group_that_goes_against_the_common_ground_is_named_to_officers_only(
    consultation: ConsultationPage, officer: User
) -> None:
    crafted_run(consultation, [6, 3], "Visits should be longer")
    said = (
        "Group B goes against the common ground on “Visits should be longer”: 0 agreed, "
        "3 disagreed and 0 passed."
    )
    private = signed_in(officer).get(URL + "report/").content.decode()
    assert said in private
    assert "Group A goes against" not in private
    public = Client().get(URL + "report/").content.decode()
    assert said not in public
    assert "No group shown here went against the common ground." in public
    rows = list(
        csv.reader(io.StringIO(signed_in(officer).get(URL + "report/csv/").content.decode()))
    )
    assert [r for r in rows if r[0] == "against"] == [
        ["against", "Group B", "3", "Visits should be longer", "agree", "0", "3", "0"]
    ]


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
    assert "11 of the 11 people who voted on it agreed that “Visits should be longer”." in summary
    assert ".”." not in summary


@pytest.mark.django_db
def test_header_summary_and_tables_give_the_same_count_and_every_line_its_numbers_and_links(
    consultation: ConsultationPage,
    officer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    result = imported_and_analysed(consultation, officer, django_capture_on_commit_callbacks)
    count = result["count"]
    html = Client().get(URL + "report/").content.decode()

    header = re.search(r"from ([\d,]+) votes by ([\d,]+) people on ([\d,]+) statements", html)
    assert header is not None
    rule = re.search(
        r"([\d,]+) people voted on the ([\d,]+) statements.*? counts the ([\d,]+) of them.*?"
        r"and their ([\d,]+) votes",
        html,
    )
    assert rule is not None
    lines = summary_lines(html)
    first = re.search(
        r"([\d,]+) of the ([\d,]+) people who voted are counted, in (\d+) groups.*?cast "
        r"([\d,]+) votes on ([\d,]+) statements",
        lines[0][0],
    )
    assert first is not None
    votes, people, statements = (number(n) for n in header.groups())
    assert (votes, people, statements) == (count["votes"], count["people"], count["statements"])
    assert [number(n) for n in rule.groups()] == [
        people, statements, count["people_counted"], count["votes_counted"]
    ]  # fmt: skip
    assert [number(n) for n in first.groups()] == [
        count["people_counted"], people, len(result["groups"]), count["votes_counted"],
        statements,
    ]  # fmt: skip
    assert count["people_counted"] == sum(g["size"] for g in result["groups"])

    # Every line gives numbers and links to what is behind it, and the links land.
    assert len(lines) >= 4
    for words, anchors in lines:
        assert re.search(r"\d", words), words
        assert anchors, words
        for anchor in anchors:
            assert f'id="{anchor}"' in html, anchor
    # A line's numbers are the numbers of the row it links to.
    common = [(w, a) for w, a in lines if w.startswith("Common ground:")]
    assert common
    for words, anchors in common:
        said = re.search(r"(\d+) of the (\d+) people who voted on it", words)
        assert said is not None
        agree, _disagree, _passes, voted = row_numbers(html, anchors[0])
        assert [int(n) for n in said.groups()] == [agree, voted]
        assert 2 * voted >= count["people_counted"]
    groups = [(w, a) for w, a in lines if w.startswith("Group ")]
    assert groups
    for words, anchors in groups:
        said = re.search(r"(\d+) of the (\d+) of them who voted on it (agreed|disagreed)", words)
        assert said is not None
        agree, disagree, _passes, voted = row_numbers(html, anchors[0])
        hits = agree if said.group(3) == "agreed" else disagree
        assert [int(said.group(1)), int(said.group(2))] == [hits, voted]
        assert any(a.endswith("-quotes") for a in anchors) == ("in their own words" in words)
    assert "most people" not in html.lower()


@pytest.mark.django_db
def test_a_statement_few_people_voted_on_is_given_as_of_the_people_who_voted_on_it(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    split = Statement.objects.create(
        thread=run.thread, author=UserFactory.create(), text="Visits should be shorter.",
        status="accepted",
    )  # fmt: skip
    run.result["divisive"] = [
        {
            "statement": str(split.pk),
            "score": 0.5,
            "agree": 3,
            "disagree": 1,
            "pass": 1,
            "n": 5,
            "voted_by_half": False,
            "by_group": [
                {"group": 0, "agree": 3, "disagree": 0, "pass": 1},
                {"group": 1, "agree": 0, "disagree": 1, "pass": 0},
            ],
        }
    ]
    run.result["count"]["divisive"] = 1
    run.save(update_fields=["result"])
    html = Client().get(URL + "report/").content.decode()

    line = next(words for words, _ in summary_lines(html) if "Visits should be shorter" in words)
    assert line == (
        "The groups divide on “Visits should be shorter”. Of the 5 people who voted on it "
        "(fewer than half of the 11 people counted), in Group A 3 agreed, 0 disagreed and "
        "1 passed; in Group B 0 agreed, 1 disagreed and 0 passed. Row in the table of division."
    )
    assert "most people" not in html.lower()
    # The table of division fills in its agree, disagree and pass cells, for each group too.
    table = html.split('id="divided-table"')[1].split("</table>")[0]
    cells = re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>((?:\s*<td[^>]*>\d+</td>){3})', table
    )
    assert [(who, re.findall(r">(\d+)<", numbers)) for who, numbers in cells] == [
        ("Everyone counted (5 voted)", ["3", "1", "1"]),
        ("Group A", ["3", "0", "1"]),
        ("Group B", ["0", "1", "0"]),
    ]
    data = Client().get(URL + "report/json/").json()
    assert data["divisive"][0]["by_group"][1] == {
        "name": "Group B", "agree": 0, "disagree": 1, "pass": 0
    }  # fmt: skip


@pytest.mark.django_db
def test_a_run_made_by_older_rules_shows_its_groups_but_no_finding(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    del run.result["count"]
    run.save(update_fields=["result"])
    html = Client().get(URL + "report/").content.decode()
    assert "Run the analysis again to see common ground and division." in html
    assert "Common ground:" not in html
    assert html_sizes(html) == ["6", "5"]
    assert "from 11 votes by 11 people on 1 statements" in html
    assert summary_lines(html)[0][0].startswith("11 of the 11 people who voted were placed in 2")
    assert Client().get(URL + "report/json/").json()["outdated"] is True


@pytest.mark.django_db
def test_every_table_of_the_report_scrolls_in_its_own_region_on_a_narrow_screen(
    consultation: ConsultationPage, officer: User
) -> None:
    """On a 320 px screen the tables' columns were squeezed until words and numbers broke
    ("ag/re/e", "1/8" for 18); each now keeps its words whole and scrolls by itself."""
    run = crafted_run(consultation, [7, 6], "Visits should be longer")
    assert run.result is not None
    people = [int(p) for p in details(run)["participants"]]
    run.result["themes"] = {
        "themes": [
            {
                "id": 0,
                "label": "breaks",
                "authors": people[:6],
                "quotes": [],
                "by_group": [{"group": "0", "share": 0.6}, {"group": "1", "share": 0.4}],
            }
        ]
    }
    run.save(update_fields=["result"])
    for client in (Client(), signed_in(officer)):
        html = client.get(URL + "report/").content.decode()
        assert table_count(html) >= 6  # the groups, each group's people and views, a theme
        assert tables_that_cannot_scroll(html) == []
        assert 'aria-label="Groups of people who voted in a similar way" tabindex="0"' in html


STABILITY_WARNING = "These groups are not stable: read them with care"


def main_text_after_title(html: str) -> str:
    """The words a reader meets in the page's main content after its title, in order
    (marks hidden from assistive technology left out)."""
    main = html.split('id="main-content"')[1].split("</main>")[0]
    body = main.split("</h1>", 1)[1]
    body = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def stability_measure(mean: float) -> dict[str, Any]:
    return {
        "mean": mean, "std": 0.1, "min": mean - 0.1, "max": min(mean + 0.1, 1.0),
        "n_resamples": 10, "fraction": 0.8, "refit": "projection and clustering",
        "weak_below": 0.6, "weak": mean < 0.6,
    }  # fmt: skip


@pytest.mark.django_db
def test_weak_groups_are_said_to_be_unstable_before_anything_else(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    run.result["stability"] = stability_measure(0.41)
    run.save(update_fields=["result"])
    html = Client().get(URL + "report/").content.decode()
    words = main_text_after_title(html)
    assert words.startswith(STABILITY_WARNING + ". We grouped the people again 10 times")
    first_sentence = words.split(". ")[1]
    assert "0.41" in first_sentence
    assert words.index(STABILITY_WARNING) < words.index("About this analysis")
    assert "Stability: 0.41 (1 means the same groups every time)." in words
    assert html.count(STABILITY_WARNING) == 1
    data = Client().get(URL + "report/json/").json()
    assert data["stability"]["mean"] == 0.41


@pytest.mark.django_db
def test_stable_groups_show_their_figure_and_no_warning(consultation: ConsultationPage) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    run.result["stability"] = stability_measure(0.93)
    run.save(update_fields=["result"])
    html = Client().get(URL + "report/").content.decode()
    assert STABILITY_WARNING not in html
    words = main_text_after_title(html)
    assert "Stability: 0.93 (1 means the same groups every time)." in words
    assert not words.startswith("Stability")


@pytest.mark.django_db
def test_bridging_statements_are_listed_and_marked_when_also_common_ground(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    common = run.result["consensus"][0]
    other = Statement.objects.create(
        thread=consultation_discussion(consultation=consultation),
        author=UserFactory.create(),
        text="Carers need a day off",
        status="accepted",
    )
    run.result["bridging"] = [
        {"statement": common["statement"], "score": 0.31, "factor": 0.02, "votes": 11,
         "by_group": common["by_group"]},
        {"statement": str(other.pk), "score": 0.2, "factor": -0.1, "votes": 9,
         "by_group": [{"group": 0, "agree": 5, "disagree": 1, "pass": 0},
                      {"group": 1, "agree": 3, "disagree": 0, "pass": 2}]},
    ]  # fmt: skip
    run.save(update_fields=["result"])
    html = Client().get(URL + "report/").content.decode()
    table = html.split('id="bridging-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody")[1], re.S)
    cells = [
        [unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows
    ]
    assert cells == [
        ["Visits should be longer", "0.31", "Yes: both measures agree", "11", "0", "0"],
        ["Carers need a day off", "0.20", "No", "8", "1", "2"],
    ]
    assert "passes are not counted" in html.split('id="bridging-rule"')[1].split("</p>")[0]
    data = Client().get(URL + "report/json/").json()
    assert [(b["text"], b["common_ground"]) for b in data["bridging"]] == [
        ("Visits should be longer", True),
        ("Carers need a day off", False),
    ]


@pytest.mark.django_db
def test_a_run_stored_before_stability_and_bridging_still_renders(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer")
    assert run.result is not None
    assert "stability" not in run.result
    assert "bridging" not in run.result
    page = Client().get(URL + "report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert STABILITY_WARNING not in html
    assert "Stability: not measured for this analysis." in html
    assert "Not measured for this analysis." in html.split('id="bridging-heading"')[1]
    data = Client().get(URL + "report/json/").json()
    assert data["stability"] is None
    assert data["bridging"] is None


@pytest.mark.django_db
def test_a_real_run_measures_stability_and_bridging(
    consultation: ConsultationPage,
    officer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    result = imported_and_analysed(consultation, officer, django_capture_on_commit_callbacks)
    stability = result["stability"]
    assert -1 <= stability["mean"] <= 1
    assert stability["n_resamples"] == 10
    html = Client().get(URL + "report/").content.decode()
    assert f"Stability: {stability['mean']:.2f} (1 means the same groups every time)." in html
    assert (STABILITY_WARNING in html) == stability["weak"]
    assert 'id="bridging-rule"' in html


@pytest.mark.django_db
def test_a_national_conversations_map_draws_a_mark_for_every_few_people_and_stays_light(
    consultation: ConsultationPage,
) -> None:
    run = crafted_run(consultation, [6, 5], "Visits should be longer.")
    assert run.result is not None
    people = 100_000
    run.details = {
        "participants": {f"p{i}": i % 2 for i in range(people)},
        "projection": {f"p{i}": [float(i % 2) + i / people, i / people] for i in range(people)},
    }
    run.save(update_fields=["details"])

    response = Client().get(URL + "report/")
    html = response.content.decode()
    map_svg = html.split('class="hearth-opinion-map"')[1].split("</svg>")[0]
    # Every filled element but the background and the groups' labels is a mark.
    marks = map_svg.count('fill="#') - 1 - map_svg.count("<text ")
    assert 0 < marks <= MAP_MARKS
    assert "Each mark stands for 50 people: one in every 50 is drawn" in html
    assert "Each mark is one person." not in html
    assert len(response.content) < 300_000


def _map_of(html: str) -> str:
    return html.split('class="hearth-opinion-map"')[1].split("</svg>")[0]


@pytest.mark.django_db
def test_a_run_keeps_its_maps_people_and_draws_the_map_a_run_without_them_would(
    consultation: ConsultationPage,
    officer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """A run keeps the sample of people its map draws, so the report need not read every
    person's position; a run made before runs kept it draws the same map from them."""
    polis_import(consultation=consultation, directory=POLIS / "london.youth.policing")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(officer).post(URL + "report/run/")
    run = AnalysisRun.objects.get()
    assert run.result is not None
    sample = run.result["map"]
    placed = sum(group is not None for group in details(run)["participants"].values())
    assert len(sample["points"]) == placed  # few enough people for a mark each
    assert sum(centre[2] for centre in sample["centres"].values()) == placed
    kept = _map_of(Client().get(URL + "report/").content.decode())
    assert kept.count('fill="#') > placed // 2  # the marks of the groups shown

    del run.result["map"]
    run.save(update_fields=["result"])
    assert _map_of(Client().get(URL + "report/").content.decode()) == kept
