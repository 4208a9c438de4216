"""People starting proposals at the same moment each get their own draft.

A new proposal is a new page under the proposals index; its place in the page tree and
its slug are worked out from the pages already there, so two starts at once must not
both claim the same place or slug.
"""

import pytest
from django.test import Client

from accounts.models import User
from cms.models import ProposalIndexPage
from proposals.models import ProposalPage
from tests.factories import UserFactory
from tests.support.parallel import run_at_once

SAVED = "Your draft is saved."


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
def test_four_people_starting_the_same_title_at_once_get_four_drafts(
    index: ProposalIndexPage,
) -> None:
    people: list[User] = UserFactory.create_batch(4)
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    pages: list[str] = []

    def start(n: int) -> None:
        response = clients[n].post(
            "/write/new/",
            {"title": "Respite for carers", "summary": "A week's break every year."},
            follow=True,
        )
        pages.append(response.content.decode())

    failures = run_at_once(start, len(people))

    assert failures == []
    assert [SAVED in page for page in pages] == [True] * 4
    drafts = ProposalPage.objects.child_of(index).filter(owner__in=people)
    assert sorted(d.owner_id for d in drafts) == sorted(p.pk for p in people)
    assert len({d.slug for d in drafts}) == 4
    assert len({d.path for d in drafts}) == 4
