"""A real conversation's discussion pages stay light: the size and the number of queries of
the thread page, the voting page and a page of statements do not grow with it.

Imports a real Pol.is conversation (174 statements, 448 people, about 30,000 votes) and
compares every page with the same page of a thread of three statements.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Statement, Thread, Vote
from deliberation.services import vote_cast
from tests.factories import StatementFactory, UserFactory, make_consultation
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

CONVERSATION = Path(__file__).resolve().parents[1] / "data" / "polis" / "canadian-electoral-reform"
# What the pages weigh for this conversation, with room for the page's own furniture; the
# thread page listed every statement with its own form before, at 230 KB for a voter.
MAX_PAGE_BYTES = 60_000


def consultation_thread(slug: str) -> Thread:
    page: ConsultationPage = make_consultation(slug=slug, title=f"Consultation {slug}")
    return consultation_discussion(consultation=page)


def a_voter(thread: Thread) -> User:
    """Someone who has voted on all but a few of the thread's statements."""
    person = UserFactory.create()
    Vote.objects.bulk_create(
        Vote(statement=statement, voter=person, value=1)
        for statement in Statement.objects.filter(thread=thread)[5:]
    )
    return person


def fetch(client: Client, url: str) -> tuple[int, int]:
    """The page's size in bytes and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(response.content), len(queries)


def test_a_real_conversations_pages_are_light_and_take_as_many_queries_as_a_small_one(
    site_tree: object,
) -> None:
    big = consultation_thread("imported")
    call_command("import_polis", str(CONVERSATION), consultation="imported", stdout=io.StringIO())
    assert Statement.objects.filter(thread=big).count() > 150
    small = consultation_thread("small")
    statements = StatementFactory.create_batch(30, thread=small)  # two pages of statements
    voter = a_voter(big)
    assert Vote.objects.filter(voter=voter).count() > 100
    vote_cast(user=voter, thread_id=small.pk, statement_id=statements[0].pk, value=1)
    fetch(Client(), "/")  # the site's lookups are cached from the first request on
    for path in ("", "vote/", "statements/", "statements/?page=2"):
        for who in (None, voter):
            if who is None and path == "vote/":
                continue  # voting asks a visitor to sign in
            size, queries = fetch(client_for(who), f"/threads/{big.pk}/{path}")
            _, small_queries = fetch(client_for(who), f"/threads/{small.pk}/{path}")
            assert size <= MAX_PAGE_BYTES, (path, who, size)
            assert queries == small_queries, (path, who)
