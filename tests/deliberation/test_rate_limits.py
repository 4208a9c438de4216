"""Posting or voting too quickly is refused with a wait a person can act on, over HTTP and
the socket, and a refused message, vote or poll answer writes nothing. (Sign-in and
sign-up limits are tested in tests/accounts.)"""

import pytest
from asgiref.sync import sync_to_async
from django.test.utils import override_settings

from accounts.models import User
from deliberation.models import Message, PollResponse, Thread, Vote
from tests.deliberation.sockets import open_socket, receive_until
from tests.factories import PollFactory, StatementFactory
from tests.support.clients import client_for

TOO_QUICK = "You are voting too quickly. Wait "


@override_settings(DELIBERATION_POST_RATE=(2, 60))
@pytest.mark.django_db
def test_posting_too_quickly_on_a_page_shows_the_wait_and_posts_nothing(
    thread: Thread, alice: User
) -> None:
    client = client_for(alice)
    url = f"/threads/{thread.pk}/"
    for n in range(2):
        assert client.post(url, {"body": f"Point {n}"}).status_code == 302
    refused = client.post(url, {"body": "One point too many"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "There is a problem" in html
    assert "You have sent 2 messages in a short time. Wait " in html
    assert "One point too many" in html  # kept in the box, to send again later
    assert list(Message.objects.values_list("body", flat=True).order_by("pk")) == [
        "Point 0",
        "Point 1",
    ]


@override_settings(DELIBERATION_VOTE_RATE=(2, 60))
@pytest.mark.django_db
def test_voting_too_quickly_on_a_page_shows_the_wait_and_changes_nothing(
    thread: Thread, alice: User, bob: User
) -> None:
    first, second = StatementFactory.create_batch(2, thread=thread)
    client = client_for(alice)
    url = f"/threads/{thread.pk}/statements/{first.pk}/vote/"
    assert client.post(url, {"value": "1"}).status_code == 302
    assert client.post(url, {"value": "-1"}).status_code == 302
    refused = client.post(url, {"value": "0"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "There is a problem" in html
    assert TOO_QUICK in html
    other = client.post(f"/threads/{thread.pk}/statements/{second.pk}/vote/", {"value": "1"})
    assert other.status_code == 429
    assert list(Vote.objects.values_list("statement_id", "voter_id", "value")) == [
        (first.pk, alice.pk, -1)
    ]
    # The limit is per person: Bob votes at once.
    assert client_for(bob).post(url, {"value": "1"}).status_code == 302


@override_settings(DELIBERATION_VOTE_RATE=(1, 60))
@pytest.mark.django_db
def test_answering_polls_too_quickly_shows_the_wait_and_saves_nothing(
    thread: Thread, alice: User
) -> None:
    first, second = PollFactory.create_batch(2, thread=thread)
    client = client_for(alice)
    pay = first.options.get(text="Pay")
    assert (
        client.post(f"/threads/{thread.pk}/polls/{first.pk}/", {"choice": pay.pk}).status_code
        == 302
    )
    other = second.options.get(text="Pay")
    refused = client.post(f"/threads/{thread.pk}/polls/{second.pk}/", {"choice": other.pk})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "There is a problem" in html
    assert TOO_QUICK in html
    assert list(PollResponse.objects.values_list("poll_id", flat=True)) == [first.pk]


@override_settings(DELIBERATION_VOTE_RATE=(2, 60))
@pytest.mark.django_db(transaction=True)
async def test_voting_too_quickly_over_the_socket_gets_a_rate_limited_frame(
    thread: Thread, alice: User
) -> None:
    first, second = await sync_to_async(StatementFactory.create_batch)(2, thread=thread)
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "vote", "statement": first.pk, "value": 1})
    await receive_until(socket, "tally")
    await socket.send_json_to({"type": "vote", "statement": first.pk, "value": -1})
    await receive_until(socket, "tally")
    await socket.send_json_to({"type": "vote", "statement": second.pk, "value": 1})
    error = await receive_until(socket, "error")
    assert error["code"] == "rate_limited"
    assert error["detail"].startswith(TOO_QUICK)
    votes = await sync_to_async(lambda: list(Vote.objects.values_list("statement_id", "value")))()
    assert votes == [(first.pk, -1)]
    await socket.disconnect()
