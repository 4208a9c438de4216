"""In real Chromium: pages full of payloads, and payloads arriving live over the socket,
run nothing. Every dialog is caught, and alert/confirm/prompt and a sentinel global are
watched from before the page's own scripts load."""

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from deliberation.models import Role
from deliberation.selectors import MESSAGES_PER_PAGE
from deliberation.services import member_add, message_post, statement_submit
from harness.server import LiveServer
from proposals import selectors, services
from tests.deliberation.test_browser import signed_in, wait_until_live
from tests.factories import ThreadFactory, UserFactory, make_consultation
from tests.security.payloads import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.server]

SENTINEL = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function (...args) { window.__ran.push(name); return original.apply(this, args); };
}
"""


def _watch(page: Page, dialogs: list[str]) -> None:
    def caught(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", caught)
    page.add_init_script(SENTINEL)


def _assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    # Let any late handler (onload, onerror, ontoggle) fire: after the load event, a frame
    # and a task queued behind everything the page queued before.
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    assert dialogs == []
    assert page.evaluate("window.__ran") == []
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_pages_and_live_frames_full_of_payloads_run_nothing(
    browser: Browser, asgi_server: LiveServer
) -> None:
    from cms.models import ProposalIndexPage

    thread = ThreadFactory.create(title="Payloads")
    facilitator = UserFactory.create(display_name="Fran")
    member_add(thread=thread, user=facilitator, role=Role.FACILITATOR)
    for i, payload in enumerate(PAYLOADS):
        writer = UserFactory.create(display_name=f"{payload[:44]} {i}")
        message_post(user=writer, thread=thread, body=payload)
        statement_submit(user=facilitator, thread=thread, text=f"{payload} {i}")
    lead = UserFactory.create(display_name="<svg onload=alert('XSS')>")
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(),
        author=lead,
        title="<script>alert('XSS')</script>",
        summary=PAYLOADS[10],
    )
    for i, payload in enumerate(PAYLOADS[:20]):
        services.section_save(
            proposal=proposal,
            section="problem",
            text=f"{payload} {i}",
            base_revision_id=selectors.latest_revision(proposal).pk,
            author=lead,
        )
    consultation = make_consultation(
        background="".join(f"<p>{p}</p>" for p in PAYLOADS),
        summary=PAYLOADS[0],
    )
    reader = UserFactory.create(display_name="Reader")
    context = signed_in(browser, asgi_server, lead)
    reader_context = signed_in(browser, asgi_server, reader)
    try:
        page = context.new_page()
        dialogs: list[str] = []
        _watch(page, dialogs)
        pages = (
            f"/write/{proposal.pk}/",
            consultation.url,
            "/threads/",
            f"/threads/{thread.pk}/statements/",
            f"/threads/{thread.pk}/vote/",
        )
        for url in pages:
            page.goto(url)
            _assert_nothing_ran(page, dialogs)

        # Live: the reader has the thread open while payloads arrive as socket frames.
        reader_page = reader_context.new_page()
        reader_dialogs: list[str] = []
        _watch(reader_page, reader_dialogs)
        reader_page.goto(f"/threads/{thread.pk}/")
        wait_until_live(reader_page)
        _assert_nothing_ran(reader_page, reader_dialogs)
        page.goto(f"/threads/{thread.pk}/")
        wait_until_live(page)
        box = page.get_by_label("Your message")
        for payload in PAYLOADS[:10]:
            box.fill(payload)
            page.get_by_role("button", name="Post message").click()
            expect(box).to_have_value("")
        # The page opened on the latest messages; the ten live ones join them.
        shown = min(len(PAYLOADS), MESSAGES_PER_PAGE) + 10
        expect(reader_page.locator(".hearth-message")).to_have_count(shown)
        _assert_nothing_ran(reader_page, reader_dialogs)
        # The earlier payloads, one page back, run nothing either.
        reader_page.get_by_role("link", name="Show earlier messages").click()
        expect(reader_page.locator(".hearth-message").first).to_be_visible()
        _assert_nothing_ran(reader_page, reader_dialogs)
        _assert_nothing_ran(page, dialogs)
    finally:
        context.close()
        reader_context.close()
