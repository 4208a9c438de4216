"""Two co-authors accept the same suggestion at the same moment: one acceptance, one new
revision, one notification; the other is told plainly that it was already accepted."""

import pytest
from django.test import Client

from accounts.models import Notification, User
from proposals import services
from proposals.models import ProposalPage, RevisionNote, Suggestion
from tests.support.parallel import run_at_once

ALREADY = "This suggestion was already accepted"


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptance_by_two_co_authors_accepts_once(
    open_proposal: ProposalPage, lead: User, co_author: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal,
        section="goal",
        text="Every carer gets a week's respite a year by 2028.",
        reason="A date makes it measurable.",
        author=participant,
    )
    revisions_before = open_proposal.revisions.count()
    clients = []
    for person in (lead, co_author):
        client = Client()
        client.force_login(person)
        clients.append(client)
    pages: list[str] = []

    def accept(n: int) -> None:
        response = clients[n].post(
            f"/write/suggestions/{suggestion.pk}/", {"decision": "accept"}, follow=True
        )
        pages.append(response.content.decode())

    failures = run_at_once(accept, len(clients))

    assert failures == []
    assert sorted("Suggestion accepted." in page for page in pages) == [False, True]
    assert sum(ALREADY in page for page in pages) == 1
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.decided_by in (lead, co_author)
    assert RevisionNote.objects.filter(suggestion=suggestion).count() == 1
    assert open_proposal.revisions.count() == revisions_before + 1
    assert Notification.objects.filter(user=participant, message__contains="accepted").count() == 1
