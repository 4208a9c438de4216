import re

import pytest
from django.core import mail
from wagtail.models import Revision

from accounts.models import Notification, User
from common.errors import CONFLICT, FORBIDDEN, ServiceError
from proposals import services
from proposals.lifecycle import Stage
from proposals.models import ConflictCopy, ProposalAuthor, ProposalPage, RevisionNote, Suggestion
from proposals.rules import can
from proposals.selectors import latest_content, latest_revision, revisions_of


def _save(proposal: ProposalPage, author: User, section: str, text: str, base: int, note: str = ""):
    return services.section_save(
        proposal=proposal,
        section=section,
        text=text,
        base_revision_id=base,
        author=author,
        note=note,
    )


@pytest.mark.django_db
def test_a_new_proposal_is_a_draft_seen_only_by_its_authors(
    draft: ProposalPage, lead: User, co_author: User, participant: User
) -> None:
    assert not draft.live
    assert draft.stage == Stage.DRAFT
    assert ProposalAuthor.objects.get(proposal=draft, user=lead).role == "lead"
    assert revisions_of(draft).count() == 1
    assert can(lead, "proposals.view", draft)
    assert can(co_author, "proposals.view", draft)
    assert not can(participant, "proposals.view", draft)


@pytest.mark.django_db
def test_saving_a_section_makes_a_revision_with_its_author_and_note(
    draft: ProposalPage, co_author: User
) -> None:
    base = latest_revision(draft).pk
    result = _save(
        draft, co_author, "problem", "Care workers leave for better pay.", base, "first go"
    )
    assert not result.merged
    assert result.revision.user == co_author
    assert latest_content(draft).problem == "Care workers leave for better pay."
    note = RevisionNote.objects.get(revision=result.revision)
    assert (note.author, note.note, note.sections) == (co_author, "first go", ["problem"])


@pytest.mark.django_db
def test_saves_to_different_sections_from_the_same_base_merge(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    base = latest_revision(draft).pk
    _save(draft, lead, "problem", "Low pay.", base)
    result = _save(draft, co_author, "goal", "Everyone paid the real living wage by 2028.", base)
    assert result.merged
    content = latest_content(draft)
    assert content.problem == "Low pay."
    assert content.goal == "Everyone paid the real living wage by 2028."


@pytest.mark.django_db
def test_saves_to_the_same_section_from_the_same_base_conflict_and_lose_nothing(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    base = latest_revision(draft).pk
    _save(draft, lead, "problem", "Lead's problem text.", base)
    revisions_before = revisions_of(draft).count()
    with pytest.raises(services.SectionConflict) as conflict:
        _save(draft, co_author, "problem", "Co-author's problem text.", base)
    assert isinstance(conflict.value, ServiceError)
    assert conflict.value.code == CONFLICT
    assert conflict.value.theirs == "Lead's problem text."
    assert conflict.value.yours == "Co-author's problem text."
    assert revisions_of(draft).count() == revisions_before
    kept = ConflictCopy.objects.get(author=co_author, section="problem")
    assert kept.text == "Co-author's problem text."
    assert kept.resolved_at is None

    merged = "Lead's problem text. Co-author's problem text."
    _save(draft, co_author, "problem", merged, conflict.value.latest.pk)
    assert latest_content(draft).problem == merged
    kept.refresh_from_db()
    assert kept.resolved_at is not None


@pytest.mark.django_db
def test_saving_the_same_text_as_the_other_co_author_is_not_a_conflict(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    base = latest_revision(draft).pk
    _save(draft, lead, "problem", "Same words.", base)
    assert _save(draft, co_author, "problem", "Same words.", base).merged


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "text", "message"),
    [
        ("title", "   ", "Enter the title"),
        ("goal", "x" * 1001, "The measurable goal must be 1,000 characters or fewer. It has 1,001"),
    ],
)
def test_bad_section_text_is_refused_and_nothing_is_written(
    draft: ProposalPage, lead: User, section: str, text: str, message: str
) -> None:
    before = revisions_of(draft).count()
    with pytest.raises(ServiceError) as error:
        _save(draft, lead, section, text, latest_revision(draft).pk)
    assert message in error.value.detail
    assert revisions_of(draft).count() == before


@pytest.mark.django_db
def test_a_base_revision_of_another_proposal_is_refused(
    draft: ProposalPage, index: object, lead: User
) -> None:
    other = services.proposal_create(index=index, author=lead, title="Other", summary="Other one.")
    _save(draft, lead, "problem", "Changed.", latest_revision(draft).pk)
    with pytest.raises(ServiceError, match="does not exist"):
        _save(draft, lead, "problem", "Again.", latest_revision(other).pk)


@pytest.mark.django_db
def test_participants_cannot_edit(open_proposal: ProposalPage, participant: User) -> None:
    with pytest.raises(ServiceError) as refused:
        _save(open_proposal, participant, "problem", "Mine now.", latest_revision(open_proposal).pk)
    assert refused.value.code == FORBIDDEN


@pytest.mark.django_db
def test_opening_publishes_and_later_saves_go_live(open_proposal: ProposalPage, lead: User) -> None:
    open_proposal.refresh_from_db()
    assert open_proposal.live
    assert open_proposal.stage == Stage.OPEN
    _save(open_proposal, lead, "problem", "Published problem.", latest_revision(open_proposal).pk)
    open_proposal.refresh_from_db()
    assert open_proposal.problem == "Published problem."


@pytest.mark.django_db
def test_publishing_an_old_revision_keeps_the_stage(
    open_proposal: ProposalPage, lead: User
) -> None:
    first = revisions_of(open_proposal).last()
    assert first is not None
    first.publish(user=lead, skip_permission_checks=True)
    open_proposal.refresh_from_db()
    assert open_proposal.stage == Stage.OPEN


@pytest.mark.django_db
def test_accepting_a_suggestion_credits_both_and_tells_the_suggester(
    open_proposal: ProposalPage, lead: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal,
        section="goal",
        text="Real living wage for all care workers by 2028.",
        reason="A date makes it measurable.",
        author=participant,
    )
    with pytest.raises(ServiceError, match="Only co-authors can decide on suggestions"):
        services.suggestion_accept(suggestion=suggestion, by=participant)
    revision = services.suggestion_accept(suggestion=suggestion, by=lead)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    note = RevisionNote.objects.get(revision=revision)
    assert note.author == lead
    assert note.suggestion is not None
    assert note.suggestion.author == participant
    open_proposal.refresh_from_db()
    assert open_proposal.goal == "Real living wage for all care workers by 2028."
    assert Notification.objects.filter(user=participant, message__contains="accepted").exists()
    with pytest.raises(ServiceError, match="already accepted"):
        services.suggestion_accept(suggestion=suggestion, by=lead)


@pytest.mark.django_db(transaction=True)
def test_the_acceptance_email_goes_after_commit(
    open_proposal: ProposalPage, lead: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal,
        section="goal",
        text="A goal.",
        reason="Clearer.",
        author=participant,
    )
    mail.outbox.clear()
    services.suggestion_accept(suggestion=suggestion, by=lead)
    assert [m.subject for m in mail.outbox] == ["Your suggestion was accepted"]
    assert mail.outbox[0].to == [participant.email]


@pytest.mark.django_db
def test_declining_needs_a_reason_and_tells_the_suggester(
    open_proposal: ProposalPage, co_author: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal, section="cost", text="Free.", reason="Cheaper.", author=participant
    )
    with pytest.raises(ServiceError, match="Say why you are declining it"):
        services.suggestion_decline(suggestion=suggestion, by=co_author, reason="  ")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING
    services.suggestion_decline(suggestion=suggestion, by=co_author, reason="It is not free.")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED
    message = Notification.objects.get(user=participant).message
    assert "It is not free." in message


@pytest.mark.django_db
def test_a_suggestion_on_a_closed_proposal_is_refused(
    open_proposal: ProposalPage, participant: User, settings: object
) -> None:
    ProposalPage.objects.filter(pk=open_proposal.pk).update(stage=Stage.CLOSED)
    open_proposal.refresh_from_db()
    with pytest.raises(ServiceError, match="not taking suggestions"):
        services.suggestion_create(
            proposal=open_proposal,
            section="goal",
            text="New.",
            reason="Why not.",
            author=participant,
        )
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_a_suggestion_must_change_something_and_give_a_reason(
    open_proposal: ProposalPage, participant: User
) -> None:
    def refusal(text: str, reason: str) -> dict[str | None, list[str]]:
        with pytest.raises(ServiceError) as error:
            services.suggestion_create(
                proposal=open_proposal,
                section="summary",
                text=text,
                reason=reason,
                author=participant,
            )
        found: dict[str | None, list[str]] = {}
        for one in error.value.each():
            found.setdefault(one.field, []).append(one.detail)
        return found

    unchanged = open_proposal.summary
    assert refusal(unchanged, "") == {"reason": ["Say why you suggest this change"]}
    assert refusal(unchanged, "It reads better.") == {
        "text": ["Your suggestion is the same as the text now. Change something first"]
    }
    assert refusal("Pay care workers the real living wage.", "   ") == {
        "reason": ["Say why you suggest this change"]
    }
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_comments_thread_and_flags_once(
    open_proposal: ProposalPage, participant: User, lead: User
) -> None:
    first = services.comment_post(
        proposal=open_proposal, section="goal", author=participant, body="Why 2028?"
    )
    reply = services.comment_post(
        proposal=open_proposal, section="goal", author=lead, body="It is realistic.", reply_to=first
    )
    assert reply.reply_to == first
    with pytest.raises(ServiceError, match="only reply to a comment on the same section"):
        services.comment_post(
            proposal=open_proposal, section="cost", author=lead, body="Wrong place.", reply_to=first
        )
    services.comment_flag(comment=reply, by=participant, reason="Rude")
    with pytest.raises(ServiceError, match="already reported"):
        services.comment_flag(comment=reply, by=participant, reason="Rude again")


@pytest.mark.django_db
def test_each_save_is_a_wagtail_revision_shown_in_the_history_with_author_and_note(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    from django.test import Client

    for author, text, note in [
        (lead, "Care workers leave for better pay.", "Wrote the problem"),
        (co_author, "Care workers leave for better pay elsewhere.", "Said where they go"),
    ]:
        services.section_save(
            proposal=draft,
            section="problem",
            text=text,
            base_revision_id=latest_revision(draft).pk,
            author=author,
            note=note,
        )
    newest, middle, first = revisions_of(draft)
    assert isinstance(newest, Revision)
    assert [r.user for r in (newest, middle, first)] == [co_author, lead, lead]
    client = Client()
    client.force_login(lead)
    page = client.get(f"/write/{draft.pk}/history/").content.decode()
    assert "3 versions of ‘Fair pay for care workers’" in page
    # Each row: "<date><br>who", then the note; newest first.
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)<br>([^<]*)</td>\s*'
                       r'<td class="govuk-table__cell">([^<]*)', page)  # fmt: skip
    assert [(who, note) for _when, who, note in cells] == [
        ("Co", "Said where they go"),
        ("Lead", "Wrote the problem"),
        ("Lead", "Started the proposal"),
    ]


@pytest.mark.django_db
def test_moderators_hide_a_reported_comment_with_a_visible_reason(
    open_proposal: ProposalPage, participant: User, lead: User
) -> None:
    from django.test import Client

    from tests.factories import UserFactory

    comment = services.comment_post(
        proposal=open_proposal, section="goal", author=participant, body="Rude words"
    )
    services.comment_flag(comment=comment, by=lead, reason="Rude")
    with pytest.raises(ServiceError, match="Only moderators can hide comments"):
        services.comment_hide(comment=comment, by=lead, reason="Rude")
    moderator = UserFactory.create(is_staff=True)
    client = Client()
    client.force_login(moderator)
    page = client.get(f"/write/{open_proposal.pk}/comments/goal/").content.decode()
    assert "Reported 1 time" in page
    client.post(f"/write/comments/{comment.pk}/hide/", {"reason": ""})
    comment.refresh_from_db()
    assert comment.hidden_reason == ""
    client.post(f"/write/comments/{comment.pk}/hide/", {"reason": "Personal attack"})
    page = Client().get(f"/write/{open_proposal.pk}/comments/goal/").content.decode()
    assert "Hidden by a moderator: Personal attack" in page
    assert "Rude words" not in page


@pytest.mark.django_db
def test_only_a_decision_moves_a_proposal_on_from_the_board(open_proposal: ProposalPage) -> None:
    from tests.factories import UserFactory

    staff = UserFactory.create(is_staff=True)
    moved = services.proposal_advance(proposal=open_proposal, by=staff)
    assert moved.stage == Stage.WITH_BOARD
    with pytest.raises(ServiceError, match="Record the board's decision"):
        services.proposal_advance(proposal=moved, by=staff)
    moved.refresh_from_db()
    assert moved.stage == Stage.WITH_BOARD


@pytest.mark.django_db
def test_opening_starts_the_discussion_and_republishing_keeps_it(
    open_proposal: ProposalPage, lead: User
) -> None:
    from django.test import Client

    assert open_proposal.thread is not None
    thread = open_proposal.thread
    first = revisions_of(open_proposal).last()
    assert first is not None
    first.publish(user=lead, skip_permission_checks=True)
    open_proposal.refresh_from_db()
    assert open_proposal.thread == thread
    response = Client().get(f"/write/{open_proposal.pk}/discussion/")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()


@pytest.mark.django_db
def test_people_who_took_part_in_the_discussion_count_as_contributors(
    open_proposal: ProposalPage, participant: User
) -> None:
    from deliberation.services import message_post
    from proposals.decision_selectors import contributors_of

    assert participant.pk not in {c.user.pk for c in contributors_of(open_proposal)}
    assert open_proposal.thread is not None
    message_post(user=participant, thread=open_proposal.thread, body="Yes to this.", client_id="x1")
    assert participant.pk in {c.user.pk for c in contributors_of(open_proposal)}
