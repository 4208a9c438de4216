"""Thread pages without JavaScript: plain forms, post/redirect/get, clear errors."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from deliberation.models import (
    Message,
    ModerationLogEntry,
    PollKind,
    PollResponse,
    ResultsShown,
    Statement,
    StatementStatus,
    Thread,
    Vote,
)
from deliberation.services import member_add, message_flag, message_hide, message_post
from tests.factories import MessageFactory, PollFactory, StatementFactory, ThreadFactory
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def page(client: Client, thread: Thread) -> str:
    response = client.get(f"/threads/{thread.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_posting_a_message_redirects_to_it_and_shows_it(thread: Thread, alice: User) -> None:
    client = client_for(alice)
    response = client.post(f"/threads/{thread.pk}/", {"body": "Carers need *breaks*"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/threads/{thread.pk}/#message-{message.pk}"
    html = page(client, thread)
    assert "Carers need <em>breaks</em>" in html
    assert "Your message has been posted." in html


@pytest.mark.parametrize(
    ("body", "shown"),
    [("", "Enter your message"), ("x" * 4001, "4,000 characters or fewer")],
)
def test_an_empty_or_oversized_message_shows_an_error_and_writes_nothing(
    thread: Thread, alice: User, body: str, shown: str
) -> None:
    response = client_for(alice).post(f"/threads/{thread.pk}/", {"body": body})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert shown in html
    assert '<a href="#id_body">' in html
    assert "<title>Error: " in html
    assert not Message.objects.exists()


def test_what_people_write_is_escaped(thread: Thread, alice: User, bob: User) -> None:
    alice.display_name = "<img src=x onerror=alert(1)>"
    alice.save()
    message_post(user=alice, thread=thread, body='<script>alert("x")</script> <b onclick=x>b</b>')
    html = page(client_for(bob), thread)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b onclick" not in html
    assert "&lt;script&gt;" in html


def test_anonymous_readers_see_a_public_thread_but_cannot_post(thread: Thread, alice: User) -> None:
    message_post(user=alice, thread=thread, body="Public words")
    client = Client()
    assert "Public words" in page(client, thread)
    response = client.post(f"/threads/{thread.pk}/", {"body": "Anon"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
    assert Message.objects.count() == 1


def test_a_thread_one_may_not_see_is_not_found(alice: User, bob: User) -> None:
    private = ThreadFactory.create(members_only=True)
    assert client_for(alice).get(f"/threads/{private.pk}/").status_code == 404
    response = client_for(alice).post(f"/threads/{private.pk}/", {"body": "Let me in"})
    assert response.status_code == 404
    member_add(thread=private, user=bob)
    assert client_for(bob).get(f"/threads/{private.pk}/").status_code == 200
    assert not Message.objects.exists()
    assert (
        "thread"
        not in client_for(alice).get("/threads/").content.decode().lower().split("discussions")[-1]
        or private.title not in client_for(alice).get("/threads/").content.decode()
    )


def test_voting_without_javascript_and_changing_the_vote(thread: Thread, alice: User) -> None:
    statement = StatementFactory.create(thread=thread, text="Respite every month")
    client = client_for(alice)
    url = f"/threads/{thread.pk}/statements/{statement.pk}/vote/"
    first = client.post(url, {"value": "1"})
    # The answer is the next statement, not the thread.
    assert (first.status_code, first["Location"]) == (302, f"/threads/{thread.pk}/vote/")
    listed = f"/threads/{thread.pk}/statements/"
    changed = client.post(url, {"value": "-1", "next": f"{listed}#statement-{statement.pk}"})
    assert changed["Location"] == f"{listed}#statement-{statement.pk}"
    assert Vote.objects.get().value == -1
    assert "You voted: disagree" in client.get(listed).content.decode()


@pytest.mark.parametrize("value", ["2", "agree", "", "-5"])
def test_a_vote_of_two_shows_a_clear_error_and_writes_nothing(
    thread: Thread, alice: User, value: str
) -> None:
    statement = StatementFactory.create(thread=thread)
    response = client_for(alice).post(
        f"/threads/{thread.pk}/statements/{statement.pk}/vote/", {"value": value}
    )
    assert response.status_code == 400
    assert "A vote must be 1 (agree), -1 (disagree) or 0 (pass)." in response.content.decode()
    assert not Vote.objects.exists()


def test_suggesting_a_statement_waits_for_a_facilitator(
    thread: Thread, alice: User, facilitator: User
) -> None:
    client = client_for(alice)
    client.post(f"/threads/{thread.pk}/statements/", {"text": "Carers need a break"})
    assert Statement.objects.get().status == StatementStatus.PENDING
    assert "Waiting for a facilitator" in page(client, thread)
    response = client.post(f"/threads/{thread.pk}/statements/", {"text": "y" * 141})
    assert response.status_code == 400
    assert "up to 140 characters" in response.content.decode()
    moderation = client_for(facilitator)
    statement = Statement.objects.get()
    moderation.post(
        f"/threads/{thread.pk}/moderation/",
        {"action": "reject", "statement": statement.pk, "reason": "Said already"},
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.REJECTED
    assert "Reason: Said already" in page(client, thread)


def test_answering_a_poll_without_javascript_and_seeing_chart_and_table(
    thread: Thread, alice: User
) -> None:
    poll = PollFactory.create(thread=thread, question="What first?")
    pay = poll.options.get(text="Pay")
    client = client_for(alice)
    url = f"/threads/{thread.pk}/polls/{poll.pk}/"
    assert client.post(url, {"choice": str(pay.pk)}).status_code == 302
    html = client.get(url).content.decode()
    assert "1 person has answered." in html
    assert "Pay: 1 (100%)" in html
    assert 'width="100"' in html
    assert "Results as a table" in html
    assert PollResponse.objects.count() == 1


def test_a_ranked_poll_needs_every_option_in_a_different_place(thread: Thread, alice: User) -> None:
    poll = PollFactory.create(thread=thread, kind=PollKind.RANKED)
    a, b, c = poll.options.all()
    client = client_for(alice)
    url = f"/threads/{thread.pk}/polls/{poll.pk}/"
    twice = {f"place_{a.pk}": "1", f"place_{b.pk}": "1", f"place_{c.pk}": "2"}
    response = client.post(url, twice)
    assert response.status_code == 400
    assert "Give every option a different place." in response.content.decode()
    ok = {f"place_{a.pk}": "3", f"place_{b.pk}": "1", f"place_{c.pk}": "2"}
    assert client.post(url, ok).status_code == 302
    assert "Training: 3 points" in client.get(url).content.decode()


def test_a_poll_answer_after_close_is_refused_clearly(thread: Thread, alice: User) -> None:
    poll = PollFactory.create(
        thread=thread,
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - timedelta(days=1),
    )
    pay = poll.options.get(text="Pay")
    response = client_for(alice).post(
        f"/threads/{thread.pk}/polls/{poll.pk}/", {"choice": str(pay.pk)}
    )
    assert response.status_code == 400
    assert "This poll closed on" in response.content.decode()
    assert not PollResponse.objects.exists()


def test_results_after_close_stay_hidden_while_open(thread: Thread, alice: User) -> None:
    poll = PollFactory.create(thread=thread, results_shown=ResultsShown.AFTER_CLOSE)
    html = client_for(alice).get(f"/threads/{thread.pk}/polls/{poll.pk}/").content.decode()
    assert "Results will be shown when the poll closes." in html


def test_hidden_messages_show_their_reason_and_deleted_ones_a_tombstone(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    rude = message_post(user=bob, thread=thread, body="Rude words")
    message_hide(actor=facilitator, message=rude, reason="Not kind")
    mine = message_post(user=alice, thread=thread, body="Oops")
    client = client_for(alice)
    client.post(f"/threads/{thread.pk}/messages/{mine.pk}/delete/")
    html = page(client, thread)
    assert "Rude words" not in html
    assert "A facilitator hid this message. Reason: Not kind" in html
    assert "Alice deleted this message." in html


def test_editing_marks_a_message_as_edited(thread: Thread, alice: User) -> None:
    mine = message_post(user=alice, thread=thread, body="Frist")
    client = client_for(alice)
    client.post(f"/threads/{thread.pk}/messages/{mine.pk}/edit/", {"body": "First"})
    html = page(client, thread)
    assert "<p>First</p>" in html
    assert "edited</span>" in html


def test_reporting_then_hiding_through_the_moderation_page(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    rude = message_post(user=bob, thread=thread, body="Rude words")
    client_for(alice).post(f"/threads/{thread.pk}/messages/{rude.pk}/report/", {"reason": "Unkind"})
    assert client_for(alice).get(f"/threads/{thread.pk}/moderation/").status_code == 404
    moderator = client_for(facilitator)
    queue = moderator.get(f"/threads/{thread.pk}/moderation/").content.decode()
    assert "Unkind" in queue
    moderator.post(
        f"/threads/{thread.pk}/moderation/",
        {"action": "hide", "message": rude.pk, "reason": "Breaks house rules"},
    )
    rude.refresh_from_db()
    assert rude.hidden_reason == "Breaks house rules"
    log = moderator.get(f"/threads/{thread.pk}/moderation/").content.decode()
    assert "Hid a message" in log
    assert ModerationLogEntry.objects.count() == 1


def test_n_new_since_your_last_visit(thread: Thread, alice: User, bob: User) -> None:
    message_post(user=bob, thread=thread, body="Before")
    client = client_for(alice)
    page(client, thread)
    first_new = message_post(user=bob, thread=thread, body="After one")
    message_post(user=bob, thread=thread, body="After two")
    message_post(user=alice, thread=thread, body="My own does not count")
    html = page(client, thread)
    assert "2 new messages since your last visit" in html
    assert f'href="#message-{first_new.pk}"' in html
    assert "new messages since" not in page(client, thread)


@override_settings(DELIBERATION_POST_RATE=(1000, 60))
def test_the_thread_page_makes_the_same_few_queries_however_long_it_is(
    thread: Thread, alice: User, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    message_post(user=alice, thread=thread, body="The first")
    client.get(f"/threads/{thread.pk}/")  # membership row exists from now on, as below
    with CaptureQueriesContext(connection) as small:
        client.get(f"/threads/{thread.pk}/")
    # The page's own reads, plus the site chrome (session, user, footer links...).
    assert len(small) <= 18, [q["sql"][:80] for q in small.captured_queries]

    authors = [alice, *(MessageFactory.create(thread=thread).author for _ in range(3))]
    for n in range(40):
        message_post(user=authors[n % 4], thread=thread, body=f"Message {n}")
    MessageFactory.create(thread=thread, reply_to=Message.objects.first())
    for _ in range(10):
        StatementFactory.create(thread=thread)
    for _ in range(3):
        PollFactory.create(thread=thread)
    message_flag(user=alice, message=Message.objects.last(), reason="Check")  # type: ignore[arg-type]
    with django_assert_max_num_queries(len(small)):
        response = client.get(f"/threads/{thread.pk}/")
    assert response.content.decode().count('class="hearth-message"') == 45


def test_the_moderation_queue_lists_only_messages_someone_reported(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    message_post(user=alice, thread=thread, body="Carers need breaks")
    rude = message_post(user=bob, thread=thread, body="Rude words")
    dealt_with = message_post(user=bob, thread=thread, body="Sorted out already")
    moderator = client_for(facilitator)
    url = f"/threads/{thread.pk}/moderation/"

    quiet = moderator.get(url).content.decode()
    assert "No messages are waiting for you." in quiet
    assert "Carers need breaks" not in quiet
    assert "Reported because:" not in quiet

    message_flag(user=alice, message=rude, reason="Unkind to carers")
    message_flag(user=alice, message=dealt_with, reason="Off topic")
    moderator.post(url, {"action": "keep", "message": dealt_with.pk, "reason": ""})
    queue = moderator.get(url).content.decode()
    reported = queue.split(">Reported messages</h2>")[1].split(">Suggested statements</h2>")[0]
    assert f'id="flagged-{rude.pk}"' in reported
    assert "Unkind to carers (Alice)" in reported
    assert "Carers need breaks" not in reported
    assert "Sorted out already" not in reported
    assert "No messages are waiting for you." not in reported


def test_ranked_results_say_1_point_not_1_points(thread: Thread, alice: User) -> None:
    poll = PollFactory.create(thread=thread, kind=PollKind.RANKED)
    pay, training, respite = poll.options.all()
    client = client_for(alice)
    url = f"/threads/{thread.pk}/polls/{poll.pk}/"
    ranks = {f"place_{pay.pk}": "3", f"place_{training.pk}": "1", f"place_{respite.pk}": "2"}
    assert client.post(url, ranks).status_code == 302
    html = client.get(url).content.decode()
    assert "Pay: 1 point</span>" in html
    assert "Respite breaks: 2 points</span>" in html
    assert "1 points" not in html


def test_visitors_are_asked_to_sign_in_to_vote_instead_of_getting_empty_forms(
    thread: Thread, alice: User
) -> None:
    statement = StatementFactory.create(thread=thread, text="Respite should be a right")
    html = page(Client(), thread)
    statements = html.split('id="statements">Statements</h2>')[1].split('id="polls"')[0]
    assert "There is 1 statement to vote on." in statements
    assert (
        f'href="/account/sign-in/?next=/threads/{thread.pk}/vote/">Sign in</a> '
        "to vote on these statements." in statements
    )
    listed = Client().get(f"/threads/{thread.pk}/statements/").content.decode()
    assert "Respite should be a right" in listed
    assert "Agree <span data-agree>0</span>" in listed  # the tally is still shown
    assert "<form" not in listed.split("<main")[1]
    assert "<fieldset" not in listed
    signed_in = page(client_for(alice), thread)
    assert f'href="/threads/{thread.pk}/vote/"' in signed_in
    assert "to vote on these statements." not in signed_in
    voting = client_for(alice).get(f"/threads/{thread.pk}/vote/").content.decode()
    assert f'action="/threads/{thread.pk}/statements/{statement.pk}/vote/"' in voting
