"""Contributions in any language (issue 19, item 6): each message and statement records
the language its author wrote it in, their interface language unless they choose
another, and readers see it marked: ``lang`` on its text and, on a page in another
language, the language's own name beside it."""

import re
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts.models import User
from deliberation.models import Message, Statement, Thread
from deliberation.services import message_post
from tests.deliberation.sockets import open_socket, receive_until


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def message_item(html: str, message: Message) -> str:
    """The ``<li>`` of one message on a thread page."""
    start = html.index(f'id="message-{message.pk}"')
    return html[start : html.index("</li>", html.index("hearth-message__body", start))]


def language_tags(html: str) -> list[str]:
    """The visible language tags in ``html``: "lang: name" for each."""
    return [
        f"{lang}: {name}"
        for lang, name in re.findall(
            r'<span class="govuk-tag govuk-tag--grey hearth-written-in" lang="([^"]+)" '
            r'dir="auto">([^<]+)</span>',
            html,
        )
    ]


@pytest.mark.django_db
def test_a_welsh_reader_s_message_is_stored_as_welsh_and_marked_on_the_english_page(
    thread: Thread, alice: User
) -> None:
    response = signed_in(alice).post(f"/cy/threads/{thread.pk}/", {"body": "Mae angen seibiant"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.language == "cy"

    english = Client().get(f"/threads/{thread.pk}/").content.decode()
    item = message_item(english, message)
    assert '<div class="govuk-body hearth-message__body" lang="cy" dir="auto">' in item
    assert language_tags(item) == ["cy: Cymraeg"]

    # On a Welsh page the message is in the page's language: marked, but no tag.
    welsh = Client().get(f"/cy/threads/{thread.pk}/").content.decode()
    item = message_item(welsh, message)
    assert 'lang="cy" dir="auto">' in item
    assert language_tags(item) == []


@pytest.mark.django_db
def test_choosing_english_in_the_select_on_a_welsh_page_stores_english(
    thread: Thread, alice: User
) -> None:
    client = signed_in(alice)
    form = client.get(f"/cy/threads/{thread.pk}/").content.decode()
    # The select offers each language in itself, the page's language chosen.
    select = form[
        form.index('name="language"') : form.index("</select>", form.index('name="language"'))
    ]
    assert 'class="govuk-select"' in select
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in select
    assert '<option value="en-gb" lang="en-GB">English</option>' in select

    client.post(f"/cy/threads/{thread.pk}/", {"body": "Pay care workers", "language": "en-gb"})
    message = Message.objects.get()
    assert message.language == "en-gb"
    welsh = client.get(f"/cy/threads/{thread.pk}/").content.decode()
    item = message_item(welsh, message)
    assert 'lang="en-GB" dir="auto">' in item
    assert language_tags(item) == ["en-GB: English"]
    english = client.get(f"/threads/{thread.pk}/").content.decode()
    assert language_tags(message_item(english, message)) == []


@pytest.mark.django_db
def test_a_language_hearth_does_not_offer_is_refused_by_the_form(
    thread: Thread, alice: User
) -> None:
    response = signed_in(alice).post(f"/threads/{thread.pk}/", {"body": "Hi", "language": "xx"})
    assert response.status_code == 400
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_statement_is_stored_in_the_language_chosen_for_it_and_marked(
    thread: Thread, alice: User, facilitator: User
) -> None:
    client = signed_in(alice)
    client.post(f"/cy/threads/{thread.pk}/statements/", {"text": "Seibiant bob mis"})
    client.post(
        f"/cy/threads/{thread.pk}/statements/",
        {"text": "Breaks every month", "statement_language": "en-gb"},
    )
    welsh, english = Statement.objects.order_by("id")
    assert (welsh.language, english.language) == ("cy", "en-gb")

    moderation = signed_in(facilitator).get(f"/threads/{thread.pk}/moderation/").content.decode()
    assert '<span lang="cy" dir="auto">Seibiant bob mis</span>' in moderation
    assert '<span lang="en-GB" dir="auto">Breaks every month</span>' in moderation
    assert language_tags(moderation) == ["cy: Cymraeg"]


@pytest.mark.django_db
def test_a_service_call_outside_any_request_stores_the_default_language(
    thread: Thread, alice: User
) -> None:
    message = message_post(user=alice, thread=thread, body="From a command")
    assert message.language == "en-gb"


def post(**extra: Any) -> dict[str, Any]:
    return {"type": "post", "body": "Mae angen seibiant", "client_id": "c1", **extra}


@pytest.mark.django_db(transaction=True)
async def test_a_socket_post_is_in_the_socket_s_language_and_carries_it_live(
    thread: Thread, alice: User
) -> None:
    alice.preferred_language = "cy"
    await sync_to_async(alice.save)()
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to(post())
    live = (await receive_until(socket, "message"))["message"]
    assert live["language"] == {"code": "cy", "tag": "cy", "name": "Cymraeg"}
    assert await sync_to_async(lambda: Message.objects.get().language)() == "cy"
    await socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_socket_post_may_name_its_language(thread: Thread, alice: User) -> None:
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to(post(language="ur"))
    live = (await receive_until(socket, "message"))["message"]
    assert live["language"] == {"code": "ur", "tag": "ur", "name": "اردو"}
    await socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_socket_post_in_an_unknown_language_gets_an_error_and_stores_nothing(
    thread: Thread, alice: User
) -> None:
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to(post(language="klingon", client_id="k1"))
    error = await receive_until(socket, "error")
    assert error["code"] == "invalid_language"
    assert error["client_id"] == "k1"
    assert "klingon" in error["detail"]
    assert "en-gb (English), cy (Cymraeg), ur (اردو)" in error["detail"]
    assert not await sync_to_async(Message.objects.exists)()
    await socket.disconnect()
