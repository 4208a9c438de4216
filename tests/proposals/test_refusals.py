"""What a person sees when a proposals service refuses: the reason in the GOV.UK error
summary (or on the "you cannot" page), with the status common.errors.http_status gives it,
and nothing written."""

import pytest
from django.test import Client

from accounts.models import User
from cms.models import ProposalIndexPage
from proposals import services
from proposals.lifecycle import Stage
from proposals.models import ProposalAuthor, ProposalPage, SectionComment, Suggestion
from proposals.selectors import latest_revision, revisions_of
from tests.factories import UserFactory

SUMMARY = '<div class="govuk-error-summary"'


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_problem_with_a_new_proposal_is_listed_at_once(
    index: ProposalIndexPage, lead: User
) -> None:
    """The form takes any text; the service refuses both answers, and both are shown."""
    invisible = "\u200b\u200b"
    response = _client(lead).post("/write/new/", {"title": invisible, "summary": invisible})
    page = response.content.decode()
    assert response.status_code == 400
    assert SUMMARY in page
    assert '<a href="#id_title">The title has only invisible characters' in page
    assert '<a href="#id_summary">The summary has only invisible characters' in page
    assert not ProposalPage.objects.exists()


@pytest.mark.django_db
def test_a_suggestion_that_changes_nothing_is_refused_beside_the_text(
    open_proposal: ProposalPage, participant: User
) -> None:
    response = _client(participant).post(
        f"/write/{open_proposal.pk}/suggest/summary/",
        {"text": open_proposal.summary, "reason": "It reads better."},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert SUMMARY in page
    assert '<a href="#id_text">Your suggestion is the same as the text now.' in page
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_a_comment_once_comments_have_closed_is_refused_with_the_reason(
    open_proposal: ProposalPage, participant: User
) -> None:
    ProposalPage.objects.filter(pk=open_proposal.pk).update(stage=Stage.CLOSED)
    response = _client(participant).post(
        f"/write/{open_proposal.pk}/comments/problem/", {"body": "Too late?"}
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert SUMMARY in page
    assert "Comments are closed on this proposal" in page
    assert not SectionComment.objects.exists()


@pytest.mark.django_db
def test_a_comment_for_someone_without_their_consent_is_refused_and_kept_in_the_box(
    open_proposal: ProposalPage, participant: User
) -> None:
    sam = UserFactory.create(display_name="Sam")
    response = _client(participant).post(
        f"/write/{open_proposal.pk}/comments/problem/",
        {"body": "Sam would say this.", "on_behalf_of": sam.pk},
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert SUMMARY in page
    assert "You do not have Sam’s consent to do this for them. Nothing was sent." in page
    assert "Sam would say this." in page
    assert not SectionComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["not-a-number", "-1", "999999"])
def test_a_forged_choice_of_whom_a_comment_is_for_is_refused_not_an_error(
    open_proposal: ProposalPage, participant: User, forged: str
) -> None:
    response = _client(participant).post(
        f"/write/{open_proposal.pk}/comments/problem/",
        {"body": "For someone.", "on_behalf_of": forged},
    )
    assert response.status_code == 403
    assert "You can only take part for someone who has asked you to support them." in (
        response.content.decode()
    )
    assert not SectionComment.objects.exists()


@pytest.mark.django_db
def test_a_save_while_an_editor_has_locked_the_page_is_refused_and_the_text_kept(
    open_proposal: ProposalPage, lead: User
) -> None:
    editor = UserFactory.create(is_staff=True)
    ProposalPage.objects.filter(pk=open_proposal.pk).update(locked=True, locked_by=editor)
    response = _client(lead).post(
        f"/write/{open_proposal.pk}/section/problem/",
        {"text": "My new problem text.", "base_revision": latest_revision(open_proposal).pk},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert SUMMARY in page
    assert "A content editor has locked this proposal while they work on it." in page
    assert "My new problem text." in page
    assert revisions_of(open_proposal).count() == 1


@pytest.mark.django_db
def test_only_the_lead_author_adds_co_authors_and_is_told_why(
    open_proposal: ProposalPage, co_author: User, participant: User
) -> None:
    response = _client(co_author).post(
        f"/write/{open_proposal.pk}/co-authors/", {"display_name": participant.display_name}
    )
    assert response.status_code == 403
    assert "Only the lead author can add co-authors" in response.content.decode()
    assert not ProposalAuthor.objects.filter(user=participant).exists()


@pytest.mark.django_db
def test_adding_an_author_twice_goes_back_to_the_proposal_and_says_so(
    open_proposal: ProposalPage, lead: User, co_author: User
) -> None:
    response = _client(lead).post(
        f"/write/{open_proposal.pk}/co-authors/",
        {"display_name": co_author.display_name},
        follow=True,
    )
    assert response.redirect_chain == [(f"/write/{open_proposal.pk}/", 302)]
    assert "Co is already an author" in response.content.decode()
    assert ProposalAuthor.objects.filter(user=co_author).count() == 1


@pytest.mark.django_db
def test_a_suggestion_already_decided_says_so_and_changes_nothing(
    open_proposal: ProposalPage, lead: User, co_author: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal, section="goal", text="A goal.", reason="Clearer.",
        author=participant,
    )  # fmt: skip
    services.suggestion_decline(suggestion=suggestion, by=lead, reason="Not now.")
    response = _client(co_author).post(
        f"/write/suggestions/{suggestion.pk}/", {"decision": "accept"}, follow=True
    )
    assert "This suggestion was already declined" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED
    assert revisions_of(open_proposal).count() == 1
