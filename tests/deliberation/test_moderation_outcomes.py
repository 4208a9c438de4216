"""A person who reports a message is told what became of it, and nothing about anyone
else who reported it."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from deliberation.models import Message, Thread
from deliberation.services import flags_dismiss, message_flag, message_hide, message_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[Any]]


def notifications_page(person: User) -> str:
    client = Client()
    client.force_login(person)
    return client.get("/account/notifications/").content.decode()


@pytest.fixture
def reported(thread: Thread, alice: User, bob: User) -> Message:
    """Bob's message, which Alice and Carol both reported."""
    message = message_post(user=bob, thread=thread, body="Everyone here is an idiot")
    message_flag(user=alice, message=message, reason="Rude to everyone")
    carol = UserFactory.create(display_name="Carol")
    message_flag(user=carol, message=message, reason="Insulting")
    return message


def test_each_reporter_is_told_the_message_was_hidden_and_why(
    reported: Message,
    facilitator: User,
    alice: User,
    bob: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message_hide(actor=facilitator, message=reported, reason="Name-calling")
    carol = User.objects.get(display_name="Carol")
    for reporter in (alice, carol):
        page = notifications_page(reporter)
        assert "You reported a message in ‘Paying care workers fairly’." in page
        assert (
            "A facilitator has hidden it. The reason everyone sees in its place: Name-calling"
            in page
        )
        assert f'href="/threads/{reported.thread_id}/#message-{reported.pk}"' in page
    # Neither learns who else reported it, nor that anyone did.
    assert "Carol" not in notifications_page(alice)
    assert "Alice" not in notifications_page(carol)
    assert "You reported" not in notifications_page(bob)
    assert "You reported" not in notifications_page(facilitator)


def test_a_reporter_is_told_when_the_message_is_kept(
    reported: Message,
    facilitator: User,
    alice: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        flags_dismiss(actor=facilitator, message=reported, reason="Carol and Alice overreacted")
    page = notifications_page(alice)
    assert "A facilitator has looked at it and kept it" in page
    # The facilitator's note is for the moderation log, not for the reporters.
    assert "overreacted" not in page
    assert "Carol" not in page
    # Told once: a later decision on the same message has no open report to answer.
    with django_capture_on_commit_callbacks(execute=True):
        message_hide(actor=facilitator, message=reported, reason="Name-calling")
    assert "has hidden it" not in notifications_page(alice)
