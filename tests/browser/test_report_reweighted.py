"""A report whose groups are not stable and whose figures are reweighted to the area's mix
passes axe and reflows at 320 px, with and without JavaScript, as the public and an officer
see it."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts import services as accounts_services
from accounts.models import MembershipRole
from analysis.report_text import REWEIGHTED, STABILITY_WARNING
from harness.server import LiveServer
from tests.factories import UserFactory, make_consultation
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll
from tests.support.browser import signed_in_context
from tests.support.planted_report import AREA, plant_reweighted_run

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _checked(page: Page, *, javascript: bool) -> None:
    assert_accessible(page, javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})


def test_an_unstable_report_with_reweighted_figures_is_accessible(
    browser: Browser, asgi_server: LiveServer
) -> None:
    consultation = make_consultation(**AREA)
    officer = UserFactory.create(display_name="Officer")
    accounts_services.membership_add(
        organisation=consultation.organisation, user=officer, role=MembershipRole.OFFICER
    )
    plant_reweighted_run(consultation)

    for person, javascript in ((None, True), (officer, True), (None, False)):
        context = signed_in_context(browser, asgi_server, person, javascript=javascript)
        page = context.new_page()
        try:
            page.goto(f"{consultation.url}report/")
            expect(page.locator("#stability-warning")).to_contain_text(STABILITY_WARNING)
            taken_part = page.get_by_role("table", name=re.compile("^Who took part"))
            expect(taken_part).to_be_visible()
            expect(taken_part).to_contain_text("Nobody took part: cannot be reweighted")
            expect(taken_part).to_contain_text("5.00 people (capped at 5)")
            expect(page.locator("#plain-summary")).to_contain_text(f"{REWEIGHTED}: 66% agreed.")
            expect(page.locator("#groups-table")).to_contain_text("72%")
            expect(page.locator("#divided-table [data-reweighted]")).to_contain_text("34%")
            _checked(page, javascript=javascript)
        finally:
            context.close()
