"""Notifications and their emails come in the recipient's language (issue 19, item 3),
whoever acted and whatever language they were reading in."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import Notification, User
from accounts.services_digest import digests_send
from proposals import services
from proposals.models import ProposalPage, Suggestion


def _suggest(proposal: ProposalPage, author: User) -> Suggestion:
    return services.suggestion_create(
        proposal=proposal, section="goal", text="A goal.", reason="Clearer.", author=author
    )


@pytest.mark.django_db
def test_a_welsh_speaking_participant_is_emailed_in_welsh(
    open_proposal: ProposalPage,
    lead: User,
    participant: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    participant.preferred_language = "cy"
    participant.save(update_fields=["preferred_language"])
    suggestion = _suggest(open_proposal, participant)
    mail.outbox.clear()
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        services.suggestion_accept(suggestion=suggestion, by=lead)  # the lead reads English
    [email] = mail.outbox
    assert email.to == [participant.email]
    assert email.subject == "Mae eich awgrym wedi’i dderbyn"
    assert email.body.startswith(f"Helo {participant.display_name},")
    assert f"Mae {lead.display_name} wedi derbyn eich awgrym" in email.body
    assert f"/cy/write/{open_proposal.pk}/history/" in email.body
    told = Notification.objects.get(user=participant)
    assert told.message.startswith(f"Mae {lead.display_name} wedi derbyn eich awgrym")


@pytest.mark.django_db
def test_an_english_reader_is_still_told_in_english_by_a_welsh_speaker(
    open_proposal: ProposalPage,
    lead: User,
    participant: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    lead.preferred_language = "cy"
    lead.save(update_fields=["preferred_language"])
    suggestion = _suggest(open_proposal, participant)
    mail.outbox.clear()
    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        services.suggestion_accept(suggestion=suggestion, by=lead)
    assert [m.subject for m in mail.outbox] == ["Your suggestion was accepted"]
    assert "/cy/" not in mail.outbox[0].body


@pytest.mark.django_db
def test_the_daily_digest_is_in_each_readers_language(
    open_proposal: ProposalPage,
    lead: User,
    co_author: User,
    participant: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    lead.preferred_language = "cy"
    lead.save(update_fields=["preferred_language"])
    Notification.objects.all().delete()
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        _suggest(open_proposal, participant)  # both co-authors are told, for the digest
    mail.outbox.clear()
    digests_send()
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert by_reader[lead.email].subject == "1 peth newydd i chi ar Hearth"
    assert "/cy/write/" in by_reader[lead.email].body
    assert by_reader[co_author.email].subject == "1 new thing for you on Hearth"
    assert "/cy/" not in by_reader[co_author.email].body
