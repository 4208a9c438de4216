"""Voting one statement at a time, as a participant meets it without JavaScript."""

import random

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from deliberation import voting
from deliberation.models import Statement, Thread, Vote
from deliberation.services import member_add, vote_cast
from tests.factories import StatementFactory, ThreadFactory, UserFactory
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def voting_page(client: Client, thread: Thread) -> str:
    response = client.get(f"/threads/{thread.pk}/vote/")
    assert response.status_code == 200
    return response.content.decode()


def shown_statement(html: str) -> int:
    """The id of the statement the page asks about."""
    return int(html.split('id="statement-')[1].split('"')[0])


def test_a_participant_votes_on_every_statement_one_at_a_time(thread: Thread, alice: User) -> None:
    statements = StatementFactory.create_batch(3, thread=thread)
    client = client_for(alice)
    seen = []
    for done in range(3):
        html = voting_page(client, thread)
        assert f"You have voted on {done} of 3. You can stop at any time." in html
        assert html.count('name="value"') == 3  # agree, disagree, pass: one statement
        statement = shown_statement(html)
        assert statement not in seen
        seen.append(statement)
        answer = client.post(f"/threads/{thread.pk}/statements/{statement}/vote/", {"value": "1"})
        assert answer["Location"] == f"/threads/{thread.pk}/vote/"
    assert sorted(seen) == sorted(s.pk for s in statements)
    html = voting_page(client, thread)
    assert "You have voted on 3 of 3." in html
    assert "You have voted on every statement. Thank you." in html
    assert 'name="value"' not in html


def test_skipping_a_statement_shows_another_and_the_skipped_ones_come_back(
    thread: Thread, alice: User
) -> None:
    StatementFactory.create_batch(2, thread=thread)
    client = client_for(alice)
    first = shown_statement(voting_page(client, thread))
    assert client.post(f"/threads/{thread.pk}/vote/", {"skip": first}).status_code == 302
    second = shown_statement(voting_page(client, thread))
    assert second != first
    client.post(f"/threads/{thread.pk}/vote/", {"skip": second})
    html = voting_page(client, thread)
    assert "You have skipped 2 statements." in html
    assert "You have voted on 0 of 2." in html  # a skip is not a vote
    assert not Vote.objects.exists()
    client.post(f"/threads/{thread.pk}/vote/", {"unskip": "1"})
    assert shown_statement(voting_page(client, thread)) in (first, second)


def test_a_skip_of_nothing_is_answered_with_a_clear_error(thread: Thread, alice: User) -> None:
    StatementFactory.create(thread=thread)
    response = client_for(alice).post(f"/threads/{thread.pk}/vote/", {"skip": "abc"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a statement to skip." in html


def test_a_refused_vote_shows_the_voting_page_with_the_reason(thread: Thread, alice: User) -> None:
    statement = StatementFactory.create(thread=thread, text="Respite every month")
    response = client_for(alice).post(
        f"/threads/{thread.pk}/statements/{statement.pk}/vote/", {"value": "7"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Vote on statements" in html
    assert "You have voted on 0 of 1." in html
    assert not Vote.objects.exists()


def test_a_vote_reads_the_thread_and_the_voters_place_in_it_once(
    thread: Thread, alice: User
) -> None:
    """A workshop's burst of votes is this form's load: each vote is answered with a
    redirect after reading the thread (under its lock) and the voter's membership once."""
    statement = StatementFactory.create(thread=thread)
    client = client_for(alice)
    url = f"/threads/{thread.pk}/statements/{statement.pk}/vote/"
    client.post(url, {"value": "1"})  # the membership row exists from now on
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(url, {"value": "-1"})
    assert answer.status_code == 302
    tables = [
        q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in queries if " FROM " in q["sql"]
    ]
    assert tables.count("deliberation_thread") == 1, tables
    assert tables.count("deliberation_threadmember") == 1, tables
    assert Vote.objects.get().value == -1


def test_a_vote_in_a_thread_one_may_not_see_or_that_is_not_there_is_not_found(
    alice: User, bob: User
) -> None:
    hidden = ThreadFactory.create(members_only=True)
    member_add(thread=hidden, user=bob)
    statement = StatementFactory.create(thread=hidden)
    client = client_for(alice)
    for thread_id in (hidden.pk, hidden.pk + 1000):
        answer = client.post(
            f"/threads/{thread_id}/statements/{statement.pk}/vote/", {"value": "1"}
        )
        assert answer.status_code == 404
    assert not Vote.objects.exists()
    assert (
        client_for(bob)
        .post(f"/threads/{hidden.pk}/statements/{statement.pk}/vote/", {"value": "1"})
        .status_code
        == 302
    )


def test_a_vote_sent_back_to_a_page_elsewhere_goes_to_the_next_statement(
    thread: Thread, alice: User
) -> None:
    statement = StatementFactory.create(thread=thread)
    answer = client_for(alice).post(
        f"/threads/{thread.pk}/statements/{statement.pk}/vote/",
        {"value": "0", "next": "https://elsewhere.example/threads/"},
    )
    assert answer["Location"] == f"/threads/{thread.pk}/vote/"


def test_where_you_stand_is_offered_after_seven_votes(thread: Thread, alice: User) -> None:
    statements = StatementFactory.create_batch(8, thread=thread)
    for statement in statements[:6]:
        vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=1)
    client = client_for(alice)
    html = voting_page(client, thread)
    assert "Vote on 1 more statement to see where you stand." in html
    assert "See where you stand" not in html
    vote_cast(user=alice, thread_id=thread.pk, statement_id=statements[6].pk, value=-1)
    html = voting_page(client, thread)
    assert f'href="/threads/{thread.pk}/where-you-stand/">See where you stand' in html


def test_routing_favours_new_statements_and_those_that_set_groups_apart(
    thread: Thread, alice: User
) -> None:
    """Pol.is priority (POLIS_MATH.md §7): a statement many have seen and most pass on
    sinks; among the rest, one the latest analysis found extreme rises."""
    worn, fresh, extreme = StatementFactory.create_batch(3, thread=thread)
    for voter in UserFactory.create_batch(12):
        vote_cast(user=voter, thread_id=thread.pk, statement_id=worn.pk, value=0)
    Statement.objects.filter(pk=extreme.pk).update(extremity=3.0)
    choices = voting.candidates(thread, alice, skipped=set())
    rng = random.Random(4)
    picks = [voting.choose(choices, rng=rng) for _ in range(400)]
    assert picks.count(extreme.pk) > picks.count(fresh.pk) > picks.count(worn.pk)
