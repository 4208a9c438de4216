"""A visitor chooses Welsh from the header: the same page opens in Welsh, passes axe and
reflows at 320 px, and the choice is kept when they come back to the home page."""

import re

import pytest
from playwright.sync_api import Browser, expect

from harness.server import LiveServer
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_visitor_reads_hearth_in_welsh(browser: Browser, asgi_server: LiveServer) -> None:
    context = signed_in_context(browser, asgi_server, None)
    page = context.new_page()
    try:
        page.goto("/search/")
        page.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()
        expect(page).to_have_url(re.compile(r"/cy/search/$"))
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        expect(page.get_by_role("link", name="Neidio i’r prif gynnwys")).to_be_attached()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 800})
        assert_no_horizontal_scroll(page)
        page.set_viewport_size({"width": 1024, "height": 800})

        page.goto("/")
        expect(page).to_have_url(re.compile(r"/cy/$"))
        page.get_by_role("link", name="Change the language to English").click()
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    finally:
        context.close()
