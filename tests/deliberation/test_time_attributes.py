"""Every ``<time datetime>`` on a thread page, and in a live message frame, is a value HTML
accepts: at most three digits of a second (microseconds made the page invalid)."""

import re

from django.test import Client

from accounts.models import User
from deliberation import selectors
from deliberation.models import Thread
from tests.factories import MessageFactory

VALID = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?([+-]\d\d:\d\d|Z)$")


def test_the_thread_pages_times_are_valid_html(thread: Thread, alice: User, client: Client) -> None:
    MessageFactory.create(thread=thread, author=alice)
    html = client.get(thread.get_absolute_url()).content.decode()
    values = re.findall(r'<time datetime="([^"]*)"', html)
    assert values
    assert all(VALID.match(value) for value in values), values


def test_a_live_messages_time_is_valid_html(thread: Thread, alice: User) -> None:
    message = MessageFactory.create(thread=thread, author=alice)
    created = selectors.message_event(message).message.created
    assert VALID.match(created), created
