"""Easy read first, and taking part with a supporter: in Chromium, with and without
JavaScript, each page checked with axe and at 320 px wide."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts import services as accounts_services
from accounts.models import MembershipRole, SupportConsent
from deliberation.models import Message
from harness.server import LiveServer
from tests.factories import (
    BoardFactory,
    OrganisationFactory,
    StatementFactory,
    ThreadFactory,
    UserFactory,
    make_consultation,
)
from tests.support.axe import assert_accessible, assert_no_horizontal_scroll
from tests.support.browser import signed_in_context
from tests.support.easy_read import easy_read_stream, picture

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _checked(page: Page, *, javascript: bool) -> None:
    assert_accessible(page, javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1024, "height": 800})


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_reader_chooses_easy_read_first(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    consultation = make_consultation(
        easy_read=easy_read_stream(("We want to change home care.", picture(), "A care worker"))
    )
    context = browser.new_context(java_script_enabled=javascript, base_url=asgi_server.url)
    page = context.new_page()
    try:
        page.goto(consultation.url)
        _checked(page, javascript=javascript)
        page.get_by_role("button", name="Show easy read first").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Pages now show the easy read version first."
        )
        headings = page.locator("main h2").all_text_contents()
        assert headings.index("Easy read") < headings.index("The full text")
        assert headings.index("The full text") < headings.index("What is still open to change")
        _checked(page, javascript=javascript)
        page.get_by_role("link", name="Read the full text").click()
        expect(page).to_have_url(f"{asgi_server.url}{consultation.url}#full-text")
        page.get_by_role("button", name="Show the full text first").click()
        expect(page.get_by_role("link", name="Read the full text")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_supporter_takes_part_for_someone_who_sees_it_and_takes_it_back(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    sam = UserFactory.create(display_name="Sam")
    jo = UserFactory.create(display_name="Jo")
    thread = ThreadFactory.create(title="Day services")
    StatementFactory.create(thread=thread, text="Day centres should open on Sundays")
    sam_context = signed_in_context(browser, asgi_server, sam, javascript=javascript)
    jo_context = signed_in_context(browser, asgi_server, jo, javascript=javascript)
    try:
        page = sam_context.new_page()
        page.goto("/account/support/")
        _checked(page, javascript=javascript)
        page.get_by_label("Your supporter's display name or email address").fill("Jo")
        page.get_by_label("Advocate").check()
        page.get_by_role("button", name="Ask them to support me").click()
        expect(page.get_by_text("We have asked Jo to support you.")).to_be_visible()
        _checked(page, javascript=javascript)

        helper = jo_context.new_page()
        helper.goto("/account/support/")
        helper.get_by_role("button", name="Accept and support Sam").click()
        expect(helper.get_by_text("You now support Sam.")).to_be_visible()
        _checked(helper, javascript=javascript)

        helper.goto(f"/threads/{thread.pk}/vote/")
        expect(helper.get_by_label("Who is this vote from?")).to_be_visible()
        _checked(helper, javascript=javascript)
        helper.goto(thread.get_absolute_url())
        helper.get_by_label("Post as Sam, with my support").check()
        helper.get_by_label("Your message").fill("Sam would like Sunday opening.")
        helper.get_by_role("button", name="Post message").click()
        expect(helper.get_by_text("written with support from Jo")).to_be_visible()
        _checked(helper, javascript=javascript)
        message = Message.objects.get()
        assert (message.author_id, message.supporter_id) == (sam.pk, jo.pk)

        page.goto("/account/support/on-my-behalf/")
        expect(page.locator("strong", has_text="Sam would like Sunday opening.")).to_be_visible()
        _checked(page, javascript=javascript)
        page.get_by_role("button", name="Take this back").click()
        expect(page.get_by_text("You took this back.")).to_be_visible()

        page.goto("/account/support/")
        page.get_by_role("button", name="Stop support from Jo").click()
        expect(page.get_by_text("Jo can no longer act for you.")).to_be_visible()
        assert SupportConsent.objects.get().withdrawn_at is not None
        helper.goto(thread.get_absolute_url())
        expect(helper.get_by_label("Post as Sam, with my support")).to_have_count(0)
    finally:
        sam_context.close()
        jo_context.close()


def test_a_facilitator_records_consent_given_in_person(
    browser: Browser, asgi_server: LiveServer
) -> None:
    UserFactory.create(display_name="Sam")
    UserFactory.create(display_name="Jo")
    fran = UserFactory.create(display_name="Fran")
    accounts_services.membership_add(
        organisation=OrganisationFactory.create(), user=fran, role=MembershipRole.FACILITATOR
    )
    context = signed_in_context(browser, asgi_server, fran, javascript=False)
    try:
        page = context.new_page()
        page.goto("/account/support/record/")
        page.get_by_role("button", name="Record consent").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
        _checked(page, javascript=False)
        page.get_by_label("Display name or email address of the person giving consent").fill("Sam")
        page.get_by_label("Display name or email address of the supporter").fill("Jo")
        page.get_by_label("Family member or unpaid carer").check()
        page.get_by_label("How did they give consent?").fill("Said so at the day centre")
        page.get_by_role("button", name="Record consent").click()
        expect(page.get_by_text("Recorded: Jo can take part for Sam.")).to_be_visible()
        _checked(page, javascript=False)
    finally:
        context.close()


def test_the_board_writes_the_easy_read_version_of_its_decision(
    browser: Browser, asgi_server: LiveServer
) -> None:
    from cms.models import ProposalIndexPage
    from proposals import decision_services, services
    from proposals.lifecycle import Stage
    from proposals.models import Outcome, ProposalPage

    board = BoardFactory.create()
    member = UserFactory.create(display_name="Bea")
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    lead = UserFactory.create()
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(), author=lead, title="Fair pay", summary="Pay more."
    )
    services.proposal_open(proposal=proposal, by=lead)
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    proposal.refresh_from_db()
    decision_services.decision_record(
        proposal=proposal,
        by=member,
        outcome=Outcome.ADOPTED,
        what_was_heard="People said pay matters.",
        reasons="Fair pay keeps care workers.",
    )
    picture("Coins")
    context = signed_in_context(browser, asgi_server, member, javascript=False)
    try:
        page = context.new_page()
        page.goto(f"/write/{proposal.pk}/commitments/")
        page.get_by_role("link", name="Write the easy read version of the decision").click()
        _checked(page, javascript=False)
        idea = page.get_by_role("group", name="Idea 1")
        idea.get_by_label("Sentence").fill("We said yes.")
        idea.get_by_label("Picture (optional)").select_option(label="Coins")
        page.get_by_role("button", name="Publish the easy read version").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Idea 1: say what the picture shows"
        )
        _checked(page, javascript=False)
        page.get_by_role("group", name="Idea 1").get_by_label("What the picture shows").fill(
            "A hand holding coins"
        )
        page.get_by_role("button", name="Publish the easy read version").click()
        expect(
            page.get_by_text("The easy read version of the decision is published.")
        ).to_be_visible()
        page.goto("/decisions/")
        expect(page.get_by_text("We said yes.")).to_be_visible()
        expect(page.get_by_alt_text("A hand holding coins")).to_have_count(1)
        _checked(page, javascript=False)
    finally:
        context.close()
