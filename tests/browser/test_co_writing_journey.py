"""Two co-authors edit the same section, one merges a conflict; a participant suggests a
change, the lead accepts it; the published page shows it and credits both."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import RelationshipToCare
from cms.models import ProposalIndexPage
from harness.server import LiveServer
from proposals import services
from proposals.models import ProposalPage
from tests.factories import UserFactory
from tests.support.axe import assert_accessible
from tests.support.browser import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_co_writing_conflict_suggestion_and_ledger(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    lead = UserFactory.create(
        display_name="Ana", relationship_to_care=RelationshipToCare.DRAWS_ON_CARE
    )
    co_author = UserFactory.create(
        display_name="Ben", relationship_to_care=RelationshipToCare.CARE_WORKER
    )
    participant = UserFactory.create(
        display_name="Cat", relationship_to_care=RelationshipToCare.UNPAID_CARER
    )
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(),
        author=lead,
        title="Fair pay for care workers",
        summary="Pay care workers at least the real living wage.",
    )
    services.coauthor_add(proposal=proposal, by=lead, user=co_author)
    services.proposal_open(proposal=proposal, by=lead)

    def checked(page: Page) -> None:
        assert_accessible(page, javascript=javascript)

    contexts = [
        signed_in_context(browser, asgi_server, person, javascript=javascript)
        for person in (lead, co_author, participant)
    ]
    ana, ben, cat = (context.new_page() for context in contexts)
    try:
        # Both co-authors open the same section from the same version.
        edit_url = f"/write/{proposal.pk}/section/problem/"
        for page in (ana, ben):
            page.goto(edit_url)
            expect(page.get_by_role("heading", level=1)).to_have_text("Change ‘The problem’")
        checked(ana)

        ana.get_by_label("The problem").fill("Care workers earn less than in supermarkets.")
        ana.get_by_role("button", name="Save this section").click()
        expect(ana.get_by_text("‘The problem’ is saved.")).to_be_visible()
        checked(ana)

        ben.get_by_label("The problem").fill("Many care workers leave within a year.")
        ben.get_by_label("What did you change? (optional)").fill("turnover")
        ben.get_by_role("button", name="Save this section").click()
        expect(ben.get_by_role("heading", level=1)).to_have_text(
            "Someone else changed ‘The problem’ while you were writing"
        )
        expect(ben.locator(".hearth-conflict__theirs")).to_contain_text(
            "earn less than in supermarkets"
        )
        expect(ben.locator(".hearth-conflict__yours")).to_contain_text("leave within a year")
        expect(ben.get_by_label("The problem")).to_have_value(
            "Many care workers leave within a year."
        )
        checked(ben)
        ben.get_by_label("The problem").fill(
            "Care workers earn less than in supermarkets. Many care workers leave within a year."
        )
        ben.get_by_role("button", name="Save merged text").click()
        expect(ben.get_by_text("‘The problem’ is saved.")).to_be_visible()

        # A participant suggests a change to the goal.
        cat.goto(f"/write/{proposal.pk}/")
        checked(cat)
        cat.get_by_role("link", name="Suggest a change to measurable goal").click()
        checked(cat)
        cat.get_by_label("Your suggested text for ‘Measurable goal’").fill(
            "Every care worker paid the real living wage by April 2028."
        )
        cat.get_by_label("Why do you suggest this?").fill("A date makes it something we can check.")
        cat.get_by_role("button", name="Send suggestion").click()
        expect(
            cat.get_by_text("Thank you. The authors will look at your suggestion")
        ).to_be_visible()

        # The lead accepts it.
        ana.goto(f"/write/{proposal.pk}/")
        ana.get_by_role("link", name="Cat suggests a change").click()
        expect(ana.locator("ins")).to_contain_text("April 2028")
        checked(ana)
        ana.get_by_role("button", name="Accept this suggestion").click()
        expect(ana.get_by_text("Suggestion accepted. Cat has been told.")).to_be_visible()

        # The published page shows the change and credits both people.
        proposal.refresh_from_db()
        cat.goto(proposal.url or "")
        expect(cat.get_by_role("heading", level=1)).to_have_text("Fair pay for care workers")
        expect(
            cat.get_by_text("Every care worker paid the real living wage by April 2028.")
        ).to_be_visible()
        expect(cat.get_by_text("Many care workers leave within a year.")).to_be_visible()
        ledger = cat.locator(".hearth-ledger")
        expect(ledger).to_contain_text(
            "Ana (draws on care and support) accepted a suggestion by Cat (unpaid carer)"
        )
        expect(ledger).to_contain_text("Ben (care worker or personal assistant): turnover")
        checked(cat)

        # History and a readable diff between the first and the newest version.
        cat.goto(f"/write/{proposal.pk}/history/")
        checked(cat)
        cat.get_by_label("Compare from the version of").last.check()
        cat.get_by_role("button", name="Compare versions").click()
        expect(cat.get_by_role("heading", name="Measurable goal")).to_be_visible()
        expect(cat.locator("ins").first).to_contain_text("added:")
        checked(cat)
    finally:
        for context in contexts:
            context.close()
    assert ProposalPage.objects.get(pk=proposal.pk).goal.endswith("April 2028.")


def test_live_co_writing_shows_who_is_editing_and_announces_saves(
    browser: Browser, asgi_server: LiveServer
) -> None:
    lead = UserFactory.create(display_name="Ana")
    co_author = UserFactory.create(display_name="Ben")
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(),
        author=lead,
        title="Breaks",
        summary="Breaks for carers.",
    )
    services.coauthor_add(proposal=proposal, by=lead, user=co_author)
    contexts = [signed_in_context(browser, asgi_server, person) for person in (lead, co_author)]
    ana, ben = (context.new_page() for context in contexts)
    try:
        ana.goto(f"/write/{proposal.pk}/section/problem/")
        ben.goto(f"/write/{proposal.pk}/")
        expect(ben.locator('[data-editing-for="problem"]')).to_have_text("Being edited now by Ana")
        ben.goto(f"/write/{proposal.pk}/section/problem/")
        expect(ana.get_by_text("Also editing this section now: Ben.")).to_be_visible()
        assert_accessible(ana)

        ben.get_by_label("The problem").fill("Carers go years without a break.")
        ben.get_by_role("button", name="Save this section").click()
        notice = ana.get_by_role("status")
        expect(notice).to_contain_text("Ben has just saved a new version of this section.")
        expect(ana.get_by_label("The problem")).to_have_value("")  # what Ana typed is untouched
        assert_accessible(ana)
        notice.get_by_role("link", name="See what changed").click()
        expect(ana.locator("ins")).to_contain_text("Carers go years without a break.")
    finally:
        for context in contexts:
            context.close()
