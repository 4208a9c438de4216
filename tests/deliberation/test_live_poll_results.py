"""A poll's results, while everyone may see them, reach the thread's sockets as answers
come in: the same fragment the poll's page shows. Results kept until the close are not
sent."""

import re

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts.models import User
from deliberation.models import Poll, ResultsShown, Thread
from deliberation.services import poll_answer
from tests.deliberation.sockets import open_socket, receive_until
from tests.factories import PollFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _first_option(poll: Poll) -> int:
    return int(poll.options.order_by("position").values_list("pk", flat=True)[0])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


async def test_an_answer_sends_the_results_as_the_page_shows_them(
    thread: Thread, alice: User
) -> None:
    poll = await sync_to_async(PollFactory.create)(thread=thread, results_shown=ResultsShown.LIVE)
    reader = await sync_to_async(UserFactory.create)()
    socket = await open_socket(thread.pk, reader)
    option = await sync_to_async(_first_option)(poll)
    await sync_to_async(poll_answer)(user=alice, poll=poll, ranking=[option])
    results = await receive_until(socket, "poll_results")
    assert results["poll"] == poll.pk
    assert "1 person has answered." in _text(results["html"])
    page = await sync_to_async(Client().get)(f"/threads/{thread.pk}/polls/{poll.pk}/")
    assert _text(results["html"]) in _text(page.content.decode())
    await socket.disconnect()


async def test_results_kept_until_the_close_are_not_sent(thread: Thread, alice: User) -> None:
    hidden = await sync_to_async(PollFactory.create)(
        thread=thread, results_shown=ResultsShown.AFTER_CLOSE
    )
    shown = await sync_to_async(PollFactory.create)(thread=thread, results_shown=ResultsShown.LIVE)
    socket = await open_socket(thread.pk, await sync_to_async(UserFactory.create)())
    await sync_to_async(poll_answer)(
        user=alice, poll=hidden, ranking=[await sync_to_async(_first_option)(hidden)]
    )
    # Then an answer to a poll whose results are shown: its frame comes next, none before.
    await sync_to_async(poll_answer)(
        user=alice, poll=shown, ranking=[await sync_to_async(_first_option)(shown)]
    )
    results = await receive_until(socket, "poll_results")
    assert results["poll"] == shown.pk
    await socket.disconnect()
