"""Co-authors hear of a new suggestion or section comment in Hearth, with a link to it;
whoever wrote it does not, and nobody hears of one that was rolled back."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import User
from proposals import services
from proposals.models import ProposalPage

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[Any]]


def notifications_page(person: User) -> str:
    client = Client()
    client.force_login(person)
    return client.get("/account/notifications/").content.decode()


def test_co_authors_are_told_of_a_suggestion_and_the_suggester_is_not(
    open_proposal: ProposalPage,
    lead: User,
    co_author: User,
    participant: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = services.suggestion_create(
            proposal=open_proposal,
            section="goal",
            text="A real living wage for every care worker by 2028.",
            reason="Measurable.",
            author=participant,
        )
    for author in (lead, co_author):
        page = notifications_page(author)
        assert "New suggestion for ‘Measurable goal’ in ‘Fair pay for care workers’" in page
        assert f'href="/write/suggestions/{suggestion.pk}/"' in page
    assert "New suggestion" not in notifications_page(participant)


def test_co_authors_are_told_of_a_comment_but_not_the_one_who_wrote_it(
    open_proposal: ProposalPage,
    lead: User,
    co_author: User,
    participant: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_post(
            proposal=open_proposal, section="goal", author=co_author, body="Is 2028 too late?"
        )
    page = notifications_page(lead)
    assert "New comment on ‘Measurable goal’ in ‘Fair pay for care workers’" in page
    assert f'href="/write/{open_proposal.pk}/comments/goal/#comment-{comment.pk}"' in page
    assert "New comment" not in notifications_page(co_author)
    assert "New comment" not in notifications_page(participant)
    # The page the link leads to shows the comment.
    client = Client()
    client.force_login(lead)
    assert (
        "Is 2028 too late?"
        in client.get(f"/write/{open_proposal.pk}/comments/goal/").content.decode()
    )


def test_nobody_is_told_of_a_suggestion_that_was_rolled_back(
    open_proposal: ProposalPage,
    lead: User,
    participant: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    @transaction.atomic
    def suggest_then_fail() -> None:
        services.suggestion_create(
            proposal=open_proposal,
            section="goal",
            text="A real living wage for every care worker by 2028.",
            reason="Measurable.",
            author=participant,
        )
        raise RuntimeError("the request failed after the suggestion was made")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        suggest_then_fail()
    assert "New suggestion" not in notifications_page(lead)
