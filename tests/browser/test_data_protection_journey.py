"""A person downloads their data, then erases their account: by browser, with and without
JavaScript, every page checked with axe and at 320 px."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from harness.server import LiveServer
from tests.factories import PASSWORD, UserFactory
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _visit_checked(page: Page, *, javascript: bool) -> None:
    assert_accessible(page, javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_download_my_data_then_erase_my_account(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    UserFactory.create(email="robin@example.org", display_name="Robin")
    context = browser.new_context(java_script_enabled=javascript, base_url=asgi_server.url)
    page = context.new_page()
    try:
        page.goto("/account/sign-in/")
        page.get_by_label("Email address").fill("robin@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your Hearth")
        page.get_by_role("link", name="Your details and settings").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your details")

        page.get_by_role("link", name="Download your data").click()
        expect(page).to_have_title("Download your data – Hearth")
        _visit_checked(page, javascript=javascript)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download your data").click()
        archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
        profile = json.loads(archive.read("profile.json"))
        assert profile[0]["display_name"] == "Robin"

        page.get_by_role("link", name="erase your account").click()
        expect(page).to_have_title("Erase your account – Hearth")
        expect(page.get_by_text("You cannot undo this.")).to_be_visible()
        _visit_checked(page, javascript=javascript)

        page.get_by_label("Your password").fill("not the password")
        page.get_by_role("button", name="Erase my account").click()
        expect(page).to_have_title("Error: Erase your account – Hearth")
        expect(page.locator(".govuk-error-summary")).to_contain_text("The password is not right")
        _visit_checked(page, javascript=javascript)
        assert User.objects.filter(email="robin@example.org").exists()

        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Erase my account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been erased")
        _visit_checked(page, javascript=javascript)
        expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
        assert not User.objects.filter(email="robin@example.org").exists()
    finally:
        context.close()
