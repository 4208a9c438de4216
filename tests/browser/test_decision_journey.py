"""The public reads a consultation and its Gunning evidence; a board member records a
decision through Hearth's form (first without reasons, and is told); the public then sees
it on "We asked, you said, we did"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts import services as accounts_services
from accounts.models import MembershipRole
from cms.models import ProposalIndexPage
from harness.server import LiveServer
from proposals import services
from proposals.lifecycle import Stage
from proposals.models import ProposalPage
from tests.factories import BoardFactory, OrganisationFactory, UserFactory, make_consultation
from tests.support.axe import assert_accessible
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_public_consultation_gunning_and_you_said_we_did_after_a_board_decision(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    council = OrganisationFactory.create(name="Northshire Council")
    board = BoardFactory.create(name="Care Reform Board")
    member = UserFactory.create(display_name="Morgan")
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    lead = UserFactory.create(display_name="Ana")
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(),
        author=lead,
        title="Breaks for unpaid carers",
        summary="A guaranteed break for every unpaid carer.",
    )
    services.proposal_open(proposal=proposal, by=lead)
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    now = timezone.now()
    make_consultation(
        organisation=council,
        reform_board=board,
        proposals=[proposal],
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=1),
        what_we_heard="<p>Carers told us breaks are often cancelled.</p>",
    )

    def checked(page: Page) -> None:
        assert_accessible(page, javascript=javascript)

    public_context = signed_in_context(browser, asgi_server, None, javascript=javascript)
    board_context = signed_in_context(browser, asgi_server, member, javascript=javascript)
    public, morgan = public_context.new_page(), board_context.new_page()
    try:
        public.goto("/consultations/home-care/")
        expect(public.get_by_role("heading", level=1)).to_have_text("Home care in Northshire")
        expect(public.get_by_text("How visits are planned, and who plans them.")).to_be_visible()
        expect(public.get_by_text("Carers told us breaks are often cancelled.")).to_be_visible()
        checked(public)

        public.get_by_role(
            "link", name="How this consultation meets the Gunning principles"
        ).click()
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "How this consultation meets the Gunning principles"
        )
        expect(public.get_by_text("‘Breaks for unpaid carers’: no decision yet.")).to_be_visible()
        checked(public)

        morgan.goto(f"/write/{proposal.pk}/")
        morgan.get_by_role("link", name="Record the board's decision").click()
        expect(morgan.get_by_role("heading", level=1)).to_have_text("Record the board's decision")
        checked(morgan)
        morgan.get_by_label("Adopted with changes").check()
        morgan.get_by_label("What did you hear from people?").fill(
            "Carers said breaks are often cancelled."
        )
        morgan.get_by_role("button", name="Publish the decision").click()
        summary = morgan.locator(".govuk-error-summary")
        expect(summary).to_contain_text("There is a problem")
        expect(summary).to_contain_text("Give the board's reasons for this decision")
        expect(morgan).to_have_title("Error: Record the board's decision – Hearth")
        checked(morgan)
        morgan.get_by_label("Why did the board decide this?").fill(
            "Cancelled breaks hurt most, so a cancelled break is rebooked within two weeks."
        )
        morgan.get_by_role("button", name="Publish the decision").click()
        expect(morgan.get_by_text("The decision is recorded and published.")).to_be_visible()
        checked(morgan)

        public.goto("/consultations/home-care/you-said-we-did/")
        expect(public.get_by_role("heading", level=1)).to_have_text("We asked, you said, we did")
        decision = public.locator(".hearth-decision")
        expect(decision).to_contain_text("Adopted with changes")
        expect(decision).to_contain_text("rebooked within two weeks")
        checked(public)

        public.goto("/decisions/")
        expect(public.locator(".hearth-decision")).to_contain_text("Breaks for unpaid carers")
        checked(public)
    finally:
        public_context.close()
        board_context.close()
