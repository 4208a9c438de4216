"""A proposal translated in the admin (Wagtail's "Translate") is one proposal in two
languages: its Welsh page leads to the same discussion as the English one, and shows the
board's decision on it, made once."""

import pytest
from django.test import Client
from wagtail.models import Locale

from accounts.models import User
from proposals import decision_services
from proposals.lifecycle import Stage
from proposals.models import Decision, Outcome, ProposalPage

HEARD = "Carers said pay matters most."


def _in_welsh(proposal: ProposalPage) -> ProposalPage:
    """What an editor does with "Translate" in the admin, then edits and publishes."""
    welsh = proposal.copy_for_translation(Locale.objects.get(language_code="cy"), copy_parents=True)
    welsh.title = "Cyflog teg i weithwyr gofal"
    welsh.save_revision().publish()
    return ProposalPage.objects.get(pk=welsh.pk)


@pytest.mark.django_db
def test_the_welsh_page_of_a_proposal_leads_to_its_one_discussion(
    open_proposal: ProposalPage, client: Client
) -> None:
    welsh = _in_welsh(open_proposal)
    assert welsh.thread_id is None  # the thread is not copied with the page
    page = client.get(welsh.get_url() or "").content.decode()
    assert "Cyflog teg i weithwyr gofal" in page
    link = f"/cy/write/{welsh.pk}/discussion/"
    assert f'href="{link}"' in page

    to_welsh = client.get(link)
    to_english = client.get(f"/write/{open_proposal.pk}/discussion/")
    open_proposal.refresh_from_db()
    assert open_proposal.thread_id is not None
    assert to_english["Location"] == f"/threads/{open_proposal.thread_id}/"
    assert to_welsh["Location"] == f"/cy/threads/{open_proposal.thread_id}/"
    # Following the Welsh link started no second discussion.
    assert ProposalPage.objects.get(pk=welsh.pk).thread_id is None


@pytest.mark.django_db
def test_the_welsh_page_shows_the_boards_decision_on_the_proposal(
    open_proposal: ProposalPage, member: User, client: Client
) -> None:
    welsh = _in_welsh(open_proposal)
    assert HEARD not in client.get(welsh.get_url() or "").content.decode()
    ProposalPage.objects.filter(pk=open_proposal.pk).update(stage=Stage.WITH_BOARD)
    open_proposal.refresh_from_db()
    decision_services.decision_record(
        proposal=open_proposal,
        by=member,
        outcome=Outcome.ADOPTED,
        what_was_heard=HEARD,
        reasons="We will phase it in.",
    )
    assert Decision.objects.count() == 1
    page = client.get(welsh.get_url() or "").content.decode()
    assert HEARD in page
