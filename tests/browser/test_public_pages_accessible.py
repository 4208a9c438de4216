"""The board report, the open-data page and the accountability page pass axe, and reflow
at 320 px, as the public and an officer see them."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts import services as accounts_services
from accounts.models import MembershipRole
from analysis import services as analysis_services
from analysis.models import AnalysisRun, RunStatus
from cms.imports import polis_import
from cms.services import consultation_discussion
from harness.server import LiveServer
from tests.factories import UserFactory, make_consultation
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]
POLIS = Path(__file__).resolve().parents[1] / "data" / "polis" / "15-per-hour-seattle"


def _checked(page: Page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})


def test_report_open_data_and_decisions_pages_are_accessible(
    browser: Browser, asgi_server: LiveServer
) -> None:
    consultation = make_consultation()
    officer = UserFactory.create(display_name="Officer")
    accounts_services.membership_add(
        organisation=consultation.organisation, user=officer, role=MembershipRole.OFFICER
    )
    polis_import(consultation=consultation, directory=POLIS)
    run = analysis_services.analysis_run_request(
        thread=consultation_discussion(consultation=consultation),
        by=officer,
        consultation=consultation,
    )
    run = AnalysisRun.objects.get(pk=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error

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
