"""The cross-site scripting corpus (tests/security/payloads.py) through every field a person
can write, checked where it shows: pages, socket frames, emails and CSV downloads."""

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from analysis.models import AnalysisRun, RunStatus
from cms.services import consultation_discussion
from deliberation.models import Role, Statement
from deliberation.services import member_add, message_post, poll_create, statement_submit
from proposals import decision_services, selectors, services
from tests.factories import UserFactory, make_consultation
from tests.security.html_checks import formula_cells, introduced
from tests.security.payloads import FORMULAS, PAYLOADS
from tests.security.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module inside a transaction rolled back at the end; each test's
    own writes are rolled back after it (pytest-django's savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built_world: World, db: None) -> World:
    return built_world.fresh()


def person(world: World, role: str) -> User:
    found = world.people[role]
    assert found is not None
    return found


def page(url: str, user: User | None = None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_safe(url: str, user: User | None = None, *, shows: str | None = None) -> str:
    html = page(url, user)
    assert not introduced(html), f"{url}: {introduced(html)}"
    if shows is not None:
        assert shows in html, f"{url} does not show {shows!r}"
    return html


def test_the_corpus_is_large_and_varied() -> None:
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_display_names(world: World, django_capture_on_commit_callbacks: Any) -> None:
    thread = world.threads["published"]
    proposal = world.proposals["published"]
    # Display names are unique regardless of case.
    names = sorted(
        {" ".join(p.split())[:50].lower(): " ".join(p.split())[:50] for p in PAYLOADS}.values()
    )
    for i, name in enumerate(names):
        someone = UserFactory.create(display_name=name, email=f"name{i}@example.org")
        message_post(user=someone, thread=thread, body=f"Point {i}")
        services.coauthor_add(proposal=proposal, by=person(world, "staff"), user=someone)
    for url in (thread.get_absolute_url(), f"/write/{proposal.pk}/", proposal.url):
        assert_safe(
            url, person(world, "participant"), shows="Point 1" if "threads" in url else None
        )

    # A person named with a payload adds a co-author: the email names them as they are.
    lead = User.objects.get(display_name=names[0])
    draft = services.proposal_create(
        index=proposal.get_parent().specific, author=lead, title="Respite", summary="Breaks"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.coauthor_add(proposal=draft, by=lead, user=person(world, "participant"))
    sent = mail.outbox[-1]
    assert names[0] in sent.body
    assert not getattr(sent, "alternatives", []), "notifications are plain text only"


def test_thread_messages_and_statements(world: World) -> None:
    thread = world.threads["published"]
    facilitator = person(world, "facilitator")
    for i, payload in enumerate(PAYLOADS):
        writer = UserFactory.create(email=f"w{i}@example.org", display_name=f"Writer {i}")
        message_post(user=writer, thread=thread, body=payload)
        statement_submit(user=facilitator, thread=thread, text=f"{payload} ({i})")
    for user in (None, person(world, "participant"), facilitator):
        assert_safe(thread.get_absolute_url(), user, shows="Writer 1")
    assert_safe(f"/threads/{thread.pk}/moderation/", facilitator)


def test_poll_choices_and_question(world: World) -> None:
    thread = world.threads["published"]
    facilitator = person(world, "facilitator")
    for start in range(0, len(PAYLOADS), 8):
        chunk = PAYLOADS[start : start + 8]
        poll = poll_create(
            actor=facilitator,
            thread=thread,
            question=chunk[0][:300],
            kind="single",
            options=[" ".join(c.split())[:200] for c in chunk] + ["Something else"],
            closes_at=timezone.now() + timedelta(days=3),
        )
        assert_safe(f"/threads/{thread.pk}/polls/{poll.pk}/", person(world, "participant"))
    assert_safe(thread.get_absolute_url())


# Every payload, in parts that xdist can run side by side (each saves and reads a page per
# payload, about a fifth of a second).
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_proposal_sections_suggestions_and_comments(world: World, part: int) -> None:
    proposal = world.proposals["published"]
    co_author = person(world, "co_author")
    for i, payload in list(enumerate(PAYLOADS))[part::PARTS]:
        services.section_save(
            proposal=proposal,
            section="problem",
            text=f"{payload} {i}",
            base_revision_id=selectors.latest_revision(proposal).pk,
            author=co_author,
            note=payload[:200],
        )
        html = assert_safe(f"/write/{proposal.pk}/", co_author)
        assert f" {i}" in html
        writer = UserFactory.create(email=f"s{i}@example.org", display_name=f"Suggester {i}")
        suggestion = services.suggestion_create(
            proposal=proposal,
            section="goal",
            text=f"{payload} goal {i}",
            reason=payload,
            author=writer,
        )
        services.comment_post(proposal=proposal, section="problem", author=writer, body=payload)
        assert_safe(f"/write/suggestions/{suggestion.pk}/", co_author)
    for url in (
        f"/write/{proposal.pk}/comments/problem/",
        f"/write/{proposal.pk}/history/",
        f"/write/{proposal.pk}/",
    ):
        assert_safe(url, person(world, "participant"))
    revisions = list(selectors.revisions_of(proposal))
    assert_safe(
        f"/write/{proposal.pk}/compare/?from={revisions[-1].pk}&to={revisions[0].pk}", co_author
    )


def test_consultation_text(world: World) -> None:
    rich = "".join(f"<p>{p}</p>" for p in PAYLOADS)
    plain = "\n".join(PAYLOADS)
    consultation = make_consultation(
        slug="payloads",
        title=FORMULAS[0][:100],
        summary=plain[:600],
        open_to_change=plain[:4000],
        already_decided=plain[:4000],
        background=rich,
        options=rich,
        costs_and_impacts=rich,
        what_we_heard=rich,
        what_we_decided=rich,
    )
    for suffix in ("", "gunning/", "you-said-we-did/", "report/"):
        assert_safe(f"{consultation.url}{suffix}")
    assert_safe("/consultations/")
    assert_safe("/open-data/")
    detail = Client().get("/api/v1/consultations/payloads/")
    assert detail.status_code == 200
    assert json.loads(detail.content)  # valid JSON; its text is data, not markup
    gunning = Client().get(f"{consultation.url}gunning/csv/")
    assert not formula_cells(gunning.content.decode())


def test_decision_reasons_and_commitments(world: World) -> None:
    proposal = world.proposals["with_board"]
    board = person(world, "board")
    decision = decision_services.decision_record(
        proposal=proposal,
        by=board,
        outcome="adopted",
        what_was_heard="\n".join(PAYLOADS)[:4000],
        reasons="\n".join(reversed(PAYLOADS))[:4000],
    )
    for payload in PAYLOADS:
        decision_services.commitment_add(
            decision=decision,
            by=board,
            text=payload,
            owner_text=payload[:200],
            milestone_2_years=payload,
        )
    proposal.refresh_from_db()
    for url in ("/decisions/", proposal.url, f"/write/{proposal.pk}/", "/"):
        assert_safe(url)
    assert_safe(f"/write/{proposal.pk}/commitments/", board)
    assert json.loads(Client().get("/api/v1/decisions/").content)


def _crafted_run(world: World, consultation: Any) -> AnalysisRun:
    """A finished run whose statements, quotes and themes are all payloads."""
    thread = consultation_discussion(consultation=consultation)
    members = [
        UserFactory.create(email=f"m{i}@example.org", display_name=f"Member {i}") for i in range(10)
    ]
    for i, payload in enumerate(PAYLOADS):
        message_post(user=members[i % 10], thread=thread, body=payload)
    statements = [
        Statement.objects.create(thread=thread, author=members[0], text=p, status="accepted")
        for p in PAYLOADS
    ]
    item = {"direction": "agree", "agree": 3, "disagree": 1, "pass": 0, "n": 4}
    result = {
        "n_participants": 10,
        "n_statements": len(statements),
        "n_votes": 40,
        "n_clustered": 10,
        "participants": {str(m.pk): i // 5 for i, m in enumerate(members)},
        "projection": {str(m.pk): [float(i), float(i % 3)] for i, m in enumerate(members)},
        "groups": [
            {
                "id": g,
                "size": 5,
                "representative": [{**item, "statement": str(s.pk)} for s in statements[g::2]],
            }
            for g in (0, 1)
        ],
        "consensus": [{**item, "statement": str(s.pk), "score": 1.0} for s in statements],
        "divisive": [{"statement": str(s.pk), "score": 0.5} for s in statements],
        "themes": {
            "themes": [
                {
                    "label": payload,
                    "terms": [payload],
                    "authors": [m.pk for m in members],
                    "quotes": [{"index": 0, "text": payload}],
                }
                for payload in PAYLOADS
            ]
        },
    }
    return AnalysisRun.objects.create(
        thread=thread,
        status=RunStatus.SUCCEEDED,
        progress=100,
        result=result,
        finished_at=timezone.now(),
    )


def test_board_report_statements_quotes_and_themes(world: World) -> None:
    consultation = world.consultations["published"]
    _crafted_run(world, consultation)
    for user in (None, person(world, "officer")):
        assert_safe(f"{consultation.url}report/", user, shows="hearth-report-quote")
    report_csv = Client().get(f"{consultation.url}report/csv/")
    assert report_csv.status_code == 200
    content = report_csv.content.decode()
    assert not formula_cells(content), formula_cells(content)
    assert "'=HYPERLINK" in content  # the formula is kept, as text
    assert json.loads(Client().get(f"{consultation.url}report/json/").content)


def test_open_data_csv_neutralises_formulas(world: World) -> None:
    consultation = world.consultations["published"]
    thread = consultation_discussion(consultation=consultation)
    facilitator = person(world, "facilitator")
    member_add(thread=thread, user=facilitator, role=Role.FACILITATOR)
    for i, payload in enumerate(PAYLOADS):
        writer = UserFactory.create(
            email=f"o{i}@example.org", display_name=f"{FORMULAS[i % 6][:40]}{i}"
        )
        message_post(user=writer, thread=thread, body=payload)
        statement_submit(user=facilitator, thread=thread, text=payload)
    for dataset in ("messages", "statements", "votes"):
        response = Client().get(f"/open-data/consultations/{consultation.slug}/{dataset}.csv")
        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        assert not formula_cells(content), (dataset, formula_cells(content))
    assert_safe(thread.get_absolute_url())
