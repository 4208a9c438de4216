"""A consultation closes while people have its discussion open, and a facilitator pauses
and resumes a thread: live readers are told, every write by page or socket is refused
with the reason, and nothing is stored."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Message, Role, Thread, Vote
from deliberation.services import member_add
from harness.server import LiveServer
from tests.factories import StatementFactory, ThreadFactory, UserFactory, make_consultation
from tests.support.axe import assert_accessible
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]

CLOSED = "This consultation closed on"

# A write over the page's own socket, as a client that ignores the `discussion` frame would
# send it: resolves with the first `error` frame.
SOCKET_WRITE = """async (frame) => {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const threadId = document.querySelector("[data-messages]").dataset.threadId;
  const socket = new WebSocket(`${scheme}://${location.host}/ws/threads/${threadId}/`);
  return await new Promise((resolve, reject) => {
    socket.onopen = () => socket.send(JSON.stringify(frame));
    socket.onmessage = (event) => {
      const received = JSON.parse(event.data);
      if (received.type === "error") { socket.close(); resolve(received); }
    };
    socket.onclose = () => reject(new Error("closed before an error frame"));
  });
}"""


def wait_until_live(page: Page) -> None:
    expect(page.locator("[data-messages]")).to_have_attribute("data-live", "true")


def form_post(page: Page, path: str, fields: dict[str, str]) -> tuple[int, str]:
    """A plain form post, as a browser without JavaScript sends it (with the CSRF token)."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(path, form={"csrfmiddlewaretoken": token, **fields})
    return response.status, response.text()


def stored(thread: Thread) -> tuple[int, int]:
    return (
        Message.objects.filter(thread=thread).count(),
        Vote.objects.filter(statement__thread=thread).count(),
    )


def test_a_consultation_closes_while_a_participant_has_its_discussion_open(
    browser: Browser, asgi_server: LiveServer
) -> None:
    consultation = make_consultation(title="Short breaks for carers", slug="short-breaks")
    thread = consultation_discussion(consultation=consultation)
    statement = StatementFactory.create(thread=thread, text="Carers need a break every week")
    participant = UserFactory.create(display_name="Sam")
    context = signed_in_context(browser, asgi_server, participant)
    try:
        # It closes a few seconds from now: nothing but the clock will close it.
        ConsultationPage.objects.filter(pk=consultation.pk).update(
            closes_at=timezone.now() + timedelta(seconds=5)
        )
        page = context.new_page()
        page.goto(f"/threads/{thread.pk}/")
        wait_until_live(page)
        expect(page.locator("[data-discussion-notice]")).to_be_hidden()
        page.get_by_label("Your message").fill("Half-written when it closed")

        notice = page.locator("[data-discussion-notice]")
        expect(notice).to_be_visible(timeout=15_000)
        expect(notice).to_contain_text(CLOSED)
        expect(page.get_by_role("button", name="Post message")).to_be_disabled()
        expect(page.get_by_label("Your message")).to_have_value("Half-written when it closed")
        expect(page.locator("[data-announcer]")).to_contain_text(CLOSED)

        refused: dict[str, Any] = page.evaluate(
            SOCKET_WRITE, {"type": "post", "body": "By socket", "client_id": "late"}
        )
        assert refused["code"] == "closed"
        assert CLOSED in refused["detail"]
        refused = page.evaluate(
            SOCKET_WRITE, {"type": "vote", "statement": statement.pk, "value": 1}
        )
        assert refused["code"] == "closed"

        status, html = form_post(page, f"/threads/{thread.pk}/", {"body": "By the page"})
        assert status == 400
        assert CLOSED in html
        status, html = form_post(
            page, f"/threads/{thread.pk}/statements/{statement.pk}/vote/", {"value": "1"}
        )
        assert status == 400
        assert "There is a problem" in html

        page.reload()
        expect(page.locator("[data-discussion-notice]")).to_contain_text(
            "You can read everything here; you can no longer post or vote."
        )
        expect(page.locator("[data-post-form]")).to_have_count(0)
        expect(page.get_by_text("There is 1 statement to vote on.")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="See every statement and how people voted").click()
        expect(page.get_by_text("Carers need a break every week")).to_be_visible()
        expect(page.get_by_role("button", name="Agree")).to_have_count(0)
        assert_accessible(page)
        assert stored(thread) == (0, 0)
    finally:
        context.close()


def test_a_facilitator_pauses_and_resumes_while_people_watch(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Planning the carers' café")
    statement = StatementFactory.create(thread=thread, text="The café should open on Saturdays")
    facilitator = UserFactory.create(display_name="Fran")
    member_add(thread=thread, user=facilitator, role=Role.FACILITATOR)
    participant = UserFactory.create(display_name="Sam")
    facilitating = signed_in_context(browser, asgi_server, facilitator, javascript=False)
    taking_part = signed_in_context(browser, asgi_server, participant)
    try:
        page = taking_part.new_page()
        page.goto(f"/threads/{thread.pk}/")
        wait_until_live(page)

        moderation = facilitating.new_page()
        moderation.goto(f"/threads/{thread.pk}/moderation/")
        moderation.get_by_label("Reason everyone will see").fill("A break until 2pm")
        moderation.get_by_role("button", name="Pause posting and voting").click()
        expect(moderation.locator(".govuk-notification-banner")).to_contain_text(
            "Posting and voting are paused. Everyone can see why."
        )
        assert_accessible(moderation, javascript=False)

        notice = page.locator("[data-discussion-notice]")
        expect(notice).to_contain_text("A break until 2pm")
        expect(page.get_by_role("button", name="Post message")).to_be_disabled()
        refused: dict[str, Any] = page.evaluate(
            SOCKET_WRITE, {"type": "post", "body": "Still here?", "client_id": "p1"}
        )
        assert refused["code"] == "paused"
        assert "A break until 2pm" in refused["detail"]
        status, html = form_post(
            page, f"/threads/{thread.pk}/statements/{statement.pk}/vote/", {"value": "-1"}
        )
        assert status == 400
        assert "There is a problem" in html
        assert "A break until 2pm" in html
        assert stored(thread) == (0, 0)

        moderation.get_by_role("button", name="Resume posting and voting").click()
        expect(moderation.locator(".govuk-notification-banner")).to_contain_text(
            "People can post and vote again."
        )
        expect(notice).to_be_hidden()
        expect(page.get_by_role("button", name="Post message")).to_be_enabled()
        page.get_by_label("Your message").fill("Back again")
        page.get_by_role("button", name="Post message").click()
        expect(page.locator(".hearth-message", has_text="Back again")).to_be_visible()
        assert stored(thread) == (1, 0)
        moderation.goto(f"/threads/{thread.pk}/moderation/")
        expect(moderation.get_by_text("Paused posting and voting")).to_be_visible()
        expect(moderation.get_by_text("Resumed posting and voting")).to_be_visible()
    finally:
        facilitating.close()
        taking_part.close()
