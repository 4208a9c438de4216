"""A person finds Hearth, creates an account, signs out and in, changes details: by browser."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import RelationshipToCare, User
from harness.server import LiveServer
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _visit_checked(page: Page, *, javascript: bool = True) -> None:
    assert_accessible(page, javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})


def _sign_out(page: Page, *, javascript: bool) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    _visit_checked(page, javascript=javascript)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_sign_up_sign_in_change_details_sign_out(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, base_url=asgi_server.url)
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hearth")
        _visit_checked(page, javascript=javascript)

        page.get_by_role("link", name="Create an account").first.click()
        expect(page).to_have_title("Create an account – Hearth")
        _visit_checked(page, javascript=javascript)

        # First a mistake: the two passwords differ. The error is shown and linked.
        page.get_by_label("Email address").fill("alex@example.org")
        page.get_by_label("Display name").fill("Alex")
        page.get_by_label("I am an unpaid carer").check()
        page.get_by_label("Create a password").fill("kettle-garden-window")
        page.get_by_label("Type the password again").fill("kettle-garden-windows")
        page.get_by_role("button", name="Create account").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("The two passwords do not match")
        expect(page).to_have_title("Error: Create an account – Hearth")
        expect(page.get_by_label("Email address")).to_have_value("alex@example.org")
        expect(page.get_by_label("Create a password")).to_have_value("")
        _visit_checked(page, javascript=javascript)
        summary.get_by_role("link", name="The two passwords do not match").click()
        if javascript:
            expect(page.get_by_label("Type the password again")).to_be_focused()
        assert not User.objects.filter(email="alex@example.org").exists()

        page.get_by_label("Create a password").fill("kettle-garden-window")
        page.get_by_label("Type the password again").fill("kettle-garden-window")
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
        expect(page.get_by_text("Welcome to Hearth, Alex.")).to_be_visible()
        _visit_checked(page, javascript=javascript)
        alex = User.objects.get(email="alex@example.org")
        assert alex.relationship_to_care == RelationshipToCare.UNPAID_CARER

        _sign_out(page, javascript=javascript)

        page.get_by_role("link", name="Sign in again").click()
        expect(page).to_have_title("Sign in – Hearth")
        _visit_checked(page, javascript=javascript)
        page.get_by_label("Email address").fill("ALEX@example.org")
        page.get_by_label("Password", exact=True).fill("kettle-garden-window")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your Hearth")
        _visit_checked(page, javascript=javascript)
        page.get_by_role("link", name="Your details and settings").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your details")

        page.get_by_label("Display name").fill("Alex the carer")
        page.get_by_label("I draw on care and support").check()
        page.get_by_role("button", name="Save my details").click()
        expect(page.get_by_text("Your details have been saved.")).to_be_visible()
        expect(page.get_by_role("link", name="Alex the carer")).to_be_visible()
        _visit_checked(page, javascript=javascript)
        alex.refresh_from_db()
        assert alex.display_name == "Alex the carer"
        assert alex.relationship_to_care == RelationshipToCare.DRAWS_ON_CARE

        _sign_out(page, javascript=javascript)
        expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    finally:
        context.close()


def test_search_and_footer_pages_are_accessible(browser: Browser, asgi_server: LiveServer) -> None:
    context = browser.new_context(base_url=asgi_server.url)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("link", name="Accessibility statement").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
        _visit_checked(page)
        page.get_by_role("link", name="Privacy notice").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
        _visit_checked(page)
        page.get_by_role("link", name="Search", exact=True).click()
        page.get_by_label("Search Hearth").fill("keyboard")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", name="1 result for ‘keyboard’")).to_be_visible()
        expect(page.get_by_role("link", name="Accessibility statement").first).to_be_visible()
        _visit_checked(page)
    finally:
        context.close()
