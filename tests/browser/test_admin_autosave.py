"""Publishing a new page while Wagtail's autosave is still creating it.

Autosave posts the "add page" form in the background; until its answer comes back, the
form still points at the "add" URL. Publish pressed in that moment must publish the page
the autosave made, not try to make it a second time.
"""

import re
import time

import pytest
from playwright.sync_api import Browser, Request, Route, expect

from cms.models import HomePage, StandardPage
from harness.server import LiveServer
from tests.factories import UserFactory
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]

TITLE = "Getting help at home"
# Sentinels the page sets on <html> (selectors, as the admin's CSP forbids evaluated
# strings): Wagtail's unsaved-changes controller announces when it has noted the form's
# first state; a capturing listener on the window sees a submit before any script of
# Hearth's or Wagtail's can stop it.
WATCH_THE_FORM = """
document.addEventListener("w-unsaved:watch-edits", () => {
  document.documentElement.dataset.watchingEdits = "yes";
});
window.addEventListener("submit", () => {
  document.documentElement.dataset.submitted = "yes";
}, true);
"""


def is_post_to_add(request: Request) -> bool:
    return request.method == "POST" and "/admin/pages/add/" in request.url


def test_publish_pressed_during_the_first_autosave_publishes_one_page(
    browser: Browser, asgi_server: LiveServer
) -> None:
    editor = UserFactory.create(is_staff=True, is_superuser=True)
    home = HomePage.objects.get()
    context = signed_in_context(browser, asgi_server, editor)
    held: list[Route] = []

    def hold_posts_to_add(route: Route) -> None:
        """Hold every post to the "add" URL until the test lets them go, in order."""
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    try:
        page = context.new_page()
        page.route(re.compile(r"/admin/pages/add/"), hold_posts_to_add)
        page.add_init_script(WATCH_THE_FORM)
        page.goto(f"/admin/pages/add/cms/standardpage/{home.pk}/")
        # Wagtail notes the form's first state a while after load; changes count after.
        page.wait_for_selector("html[data-watching-edits]", state="attached")
        with page.expect_request(is_post_to_add):  # autosave posts soon after a change
            page.locator("#id_title").fill(TITLE)
            page.locator("#id_title").blur()  # the slug follows the title on leaving it
        # The route handler runs when Playwright next hears from the browser.
        deadline = time.monotonic() + 30
        while not held and time.monotonic() < deadline:
            page.evaluate("() => null")
        assert len(held) == 1, "Wagtail's autosave did not post the new page"

        page.get_by_role("button", name="More actions").click()
        # Not waiting for a navigation: without the fix, the held post would be one.
        page.get_by_role("button", name="Publish").click(no_wait_after=True)
        # The form was submitted: a second post to the "add" URL, if any, is on its way
        # and will be held behind the autosave like any other.
        page.wait_for_selector("html[data-submitted]", state="attached")
        autosave = held.pop(0)
        with page.expect_response(autosave.request.url):  # it makes the page first
            autosave.continue_()
        for later in held:
            later.continue_()

        expect(page.get_by_role("status")).to_contain_text(
            re.compile(f"Page '{TITLE}' (has been|created and) published.")
        )
        pages = StandardPage.objects.filter(title=TITLE)
        assert [p.live for p in pages] == [True]
    finally:
        context.close()
