"""The board report, the open-data page and the accountability page pass axe, and reflow
at 320 px, as the public and an officer see them."""

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.server import LiveServer
from tests.factories import make_consultation
from tests.support.analysed import imported_and_analysed
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _checked(page: Page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})


def test_report_open_data_and_decisions_pages_are_accessible(
    browser: Browser, asgi_server: LiveServer
) -> None:
    consultation = make_consultation()
    officer = imported_and_analysed(consultation)

    for person in (None, officer):
        context = signed_in_context(browser, asgi_server, person)
        page = context.new_page()
        try:
            page.goto(f"{consultation.url}report/")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            expect(page.locator("svg[role=img]")).to_be_visible()
            _checked(page)
            page.goto("/open-data/")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            _checked(page)
            page.goto("/decisions/")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            _checked(page)
        finally:
            context.close()
