"""Contributions in any language (issue 19, item 6): comments and suggestions record the
language their author wrote them in, and pages mark them with it."""

import pytest
from django.test import Client

from accounts.models import User
from common.errors import ServiceError
from proposals import services
from proposals.models import ProposalPage, SectionComment, Suggestion
from tests.deliberation.test_contribution_language import language_tags


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_comment_from_a_welsh_page_is_welsh_and_marked_on_the_english_page(
    open_proposal: ProposalPage, participant: User
) -> None:
    url = f"/write/{open_proposal.pk}/comments/goal/"
    response = signed_in(participant).post(f"/cy{url}", {"body": "Mae angen dyddiad"})
    assert response.status_code == 302
    comment = SectionComment.objects.get()
    assert comment.language == "cy"

    english = Client().get(url).content.decode()
    article = english[english.index(f'id="comment-{comment.pk}"') :]
    assert '<div class="govuk-body" lang="cy" dir="auto"><p>Mae angen dyddiad</p></div>' in article
    assert language_tags(article) == ["cy: Cymraeg"]
    welsh = Client().get(f"/cy{url}").content.decode()
    assert language_tags(welsh[welsh.index(f'id="comment-{comment.pk}"') :]) == []


@pytest.mark.django_db
def test_a_suggestion_keeps_the_language_given_for_it_and_its_page_marks_it(
    open_proposal: ProposalPage, lead: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal,
        section="goal",
        text="Cyflog byw go iawn erbyn 2028.",
        reason="Mae dyddiad yn ei gwneud yn fesuradwy.",
        author=participant,
        language="cy",
    )
    assert Suggestion.objects.get().language == "cy"
    page = signed_in(lead).get(f"/write/suggestions/{suggestion.pk}/").content.decode()
    assert '<p class="govuk-body" lang="cy" dir="auto">Mae dyddiad yn ei gwneud' in page
    assert language_tags(page) == ["cy: Cymraeg"]


@pytest.mark.django_db
def test_a_suggestion_in_a_language_hearth_does_not_offer_is_refused(
    open_proposal: ProposalPage, participant: User
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.suggestion_create(
            proposal=open_proposal,
            section="goal",
            text="A goal.",
            reason="Clearer.",
            author=participant,
            language="xx",
        )
    assert refused.value.code == "invalid_language"
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_the_comment_and_suggestion_forms_let_a_writer_name_another_language(
    open_proposal: ProposalPage, participant: User
) -> None:
    client = signed_in(participant)
    comments = f"/write/{open_proposal.pk}/comments/goal/"
    form = client.get(comments).content.decode()
    assert 'name="language"' in form
    assert client.post(comments, {"body": "Mae angen dyddiad", "language": "cy"}).status_code == 302
    assert SectionComment.objects.get().language == "cy"
    suggest = f"/write/{open_proposal.pk}/suggest/goal/"
    assert 'name="language"' in client.get(suggest).content.decode()
    posted = client.post(
        suggest, {"text": "Nod newydd.", "reason": "Mae’n gliriach.", "language": "cy"}
    )
    assert posted.status_code == 302
    assert Suggestion.objects.get().language == "cy"
    refused = client.post(comments, {"body": "Hello", "language": "xx"}).content.decode()
    assert "govuk-error-summary" in refused
    assert SectionComment.objects.count() == 1
