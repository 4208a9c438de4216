"""Assisted participation: a supporter takes part for someone with their recorded,
revocable consent, and the person sees and can take back everything done for them."""

import pytest
from django.test import Client

from accounts import services as accounts_services
from accounts.models import MembershipRole, Notification, SupportConsent, SupportScope, User
from accounts.support import support_accept, support_invite
from common.errors import FORBIDDEN, ServiceError
from deliberation.models import Message, Poll, PollResponse, Statement, Thread, Vote
from proposals import services as proposal_services
from proposals.models import ProposalPage, SectionComment, Suggestion
from tests.factories import (
    OrganisationFactory,
    PollFactory,
    StatementFactory,
    ThreadFactory,
    UserFactory,
)
from tests.proposals.conftest import co_author, draft, index, lead, open_proposal  # noqa: F401


@pytest.fixture
def sam(db: None) -> User:
    """Draws on care and support, and takes part with help."""
    return UserFactory.create(display_name="Sam", email="sam@example.org")


@pytest.fixture
def jo(db: None) -> User:
    """Sam's advocate."""
    return UserFactory.create(display_name="Jo the advocate")


@pytest.fixture
def thread(db: None) -> Thread:
    return ThreadFactory.create(title="Day services")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _consent(person: User, supporter: User, scope: str = SupportScope.EVERYTHING) -> SupportConsent:
    consent = support_invite(
        person=person, supporter=supporter.display_name, role="advocate", scope=scope
    )
    return support_accept(supporter=supporter, consent=consent)


@pytest.mark.django_db
def test_a_person_invites_a_supporter_who_accepts_then_posts_for_them(
    sam: User, jo: User, thread: Thread
) -> None:
    sam_client, jo_client = _client(sam), _client(jo)
    page = sam_client.get("/account/support/").content.decode()
    assert "Ask someone to support you" in page
    response = sam_client.post(
        "/account/support/",
        {"supporter": "JO THE ADVOCATE", "role": "advocate", "scope": "everything"},
        follow=True,
    )
    assert "We have asked Jo the advocate to support you." in response.content.decode()
    assert Notification.objects.filter(user=jo, message__contains="Sam asks you").exists()

    # Not active until Jo accepts: no choice on the thread, and a forged post is refused.
    assert "Post as Sam" not in jo_client.get(thread.get_absolute_url()).content.decode()
    refused = jo_client.post(thread.get_absolute_url(), {"body": "Hello", "on_behalf_of": sam.pk})
    assert refused.status_code == 403  # forbidden: who is asking, not what they sent
    assert not Message.objects.exists()

    consent = SupportConsent.objects.get()
    jo_client.post(f"/account/support/{consent.pk}/accept/")
    page = jo_client.get(thread.get_absolute_url()).content.decode()
    assert "Who is this from?" in page
    assert "Post as Sam, with my support" in page
    jo_client.post(
        thread.get_absolute_url(), {"body": "Sam wants Sunday opening.", "on_behalf_of": sam.pk}
    )
    message = Message.objects.get()
    assert message.author == sam
    assert message.supporter == jo
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "written with support from Jo the advocate" in page


@pytest.mark.django_db
def test_without_consent_a_post_for_someone_is_refused_with_a_clear_message(
    sam: User, jo: User, thread: Thread
) -> None:
    response = _client(jo).post(
        thread.get_absolute_url(), {"body": "Pretending", "on_behalf_of": sam.pk}
    )
    assert response.status_code == 403
    assert "You do not have Sam’s consent to do this for them. Nothing was sent." in (
        response.content.decode()
    )
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_after_withdrawal_further_attempts_are_refused_at_once(
    sam: User, jo: User, thread: Thread
) -> None:
    consent = _consent(sam, jo)
    statement = StatementFactory.create(thread=thread)
    jo_client = _client(jo)
    _client(sam).post(f"/account/support/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert Notification.objects.filter(user=jo, message__contains="ended support").exists()

    post = jo_client.post(thread.get_absolute_url(), {"body": "Late", "on_behalf_of": sam.pk})
    assert "Sam has withdrawn their consent, so you cannot take part for them any more." in (
        post.content.decode()
    )
    vote = jo_client.post(
        f"/threads/{thread.pk}/statements/{statement.pk}/vote/",
        {"value": "1", "on_behalf_of": sam.pk},
    )
    assert vote.status_code == 403
    assert "Sam has withdrawn their consent" in vote.content.decode()
    assert not Message.objects.exists()
    assert not Vote.objects.exists()
    assert "Post as Sam" not in jo_client.get(thread.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_supporter_votes_and_answers_a_poll_for_someone(
    sam: User, jo: User, thread: Thread
) -> None:
    _consent(sam, jo)
    statement: Statement = StatementFactory.create(thread=thread)
    poll: Poll = PollFactory.create(thread=thread)
    jo_client = _client(jo)
    page = jo_client.get(f"/threads/{thread.pk}/vote/").content.decode()
    assert "Vote as Sam, with my support" in page
    jo_client.post(
        f"/threads/{thread.pk}/statements/{statement.pk}/vote/",
        {"value": "-1", "on_behalf_of": sam.pk},
    )
    vote = Vote.objects.get()
    assert (vote.voter, vote.supporter, vote.value) == (sam, jo, -1)

    poll_url = f"/threads/{thread.pk}/polls/{poll.pk}/"
    assert "Post as Sam, with my support" in jo_client.get(poll_url).content.decode()
    option = poll.options.first()
    assert option is not None
    jo_client.post(poll_url, {"choice": option.pk, "on_behalf_of": sam.pk})
    response = PollResponse.objects.get()
    assert (response.respondent, response.supporter) == (sam, jo)
    # Jo's own vote is still Jo's to give.
    jo_client.post(f"/threads/{thread.pk}/statements/{statement.pk}/vote/", {"value": "1"})
    assert Vote.objects.get(voter=jo).supporter is None


@pytest.mark.django_db
def test_a_supporter_suggests_and_comments_on_a_proposal_for_someone(
    sam: User,
    jo: User,
    open_proposal: ProposalPage,  # noqa: F811 - fixture
) -> None:
    _consent(sam, jo)
    jo_client = _client(jo)
    url = f"/write/{open_proposal.pk}/suggest/problem/"
    assert "Post as Sam, with my support" in jo_client.get(url).content.decode()
    jo_client.post(
        url, {"text": "Visits are too short.", "reason": "Sam's experience", "on_behalf_of": sam.pk}
    )
    suggestion = Suggestion.objects.get()
    assert (suggestion.author, suggestion.supporter) == (sam, jo)

    comments = f"/write/{open_proposal.pk}/comments/problem/"
    jo_client.post(comments, {"body": "Sam agrees with this.", "on_behalf_of": sam.pk})
    comment = SectionComment.objects.get()
    assert (comment.author, comment.supporter) == (sam, jo)
    page = Client().get(comments).content.decode()
    assert "written with support from Jo the advocate" in page


@pytest.mark.django_db
def test_consent_for_discussions_only_does_not_cover_proposals(
    sam: User,
    jo: User,
    open_proposal: ProposalPage,  # noqa: F811 - fixture
) -> None:
    _consent(sam, jo, scope=SupportScope.DISCUSSIONS)
    jo_client = _client(jo)
    url = f"/write/{open_proposal.pk}/comments/problem/"
    assert "Post as Sam" not in jo_client.get(url).content.decode()
    with pytest.raises(ServiceError, match="You do not have Sam’s consent") as refused:
        proposal_services.comment_post(
            proposal=open_proposal, section="problem", author=jo, body="x", on_behalf_of=sam.pk
        )
    assert refused.value.code == FORBIDDEN
    assert not SectionComment.objects.exists()


@pytest.mark.django_db
def test_the_person_sees_everything_done_for_them_and_takes_it_back(
    sam: User,
    jo: User,
    thread: Thread,
    open_proposal: ProposalPage,  # noqa: F811
) -> None:
    _consent(sam, jo)
    statement = StatementFactory.create(thread=thread)
    jo_client = _client(jo)
    jo_client.post(thread.get_absolute_url(), {"body": "Sunday opening.", "on_behalf_of": sam.pk})
    jo_client.post(
        f"/threads/{thread.pk}/statements/{statement.pk}/vote/",
        {"value": "1", "on_behalf_of": sam.pk},
    )
    jo_client.post(
        f"/write/{open_proposal.pk}/comments/problem/",
        {"body": "Too short.", "on_behalf_of": sam.pk},
    )
    jo_client.post(thread.get_absolute_url(), {"body": "Jo's own view."})

    sam_client = _client(sam)
    page = sam_client.get("/account/support/on-my-behalf/").content.decode()
    assert "Sunday opening." in page
    assert f"Voted ‘agree’ on: {statement.text}" in page
    assert "Too short." in page
    assert "Jo&#x27;s own view." not in page
    assert page.count("written with support from Jo the advocate") == 3

    message = Message.objects.get(author=sam)
    sam_client.post(
        "/account/support/on-my-behalf/withdraw/", {"kind": "message", "id": message.pk}
    )
    message.refresh_from_db()
    assert message.deleted_at is not None
    assert message.body == ""
    vote = Vote.objects.get(voter=sam)
    sam_client.post("/account/support/on-my-behalf/withdraw/", {"kind": "vote", "id": vote.pk})
    assert not Vote.objects.filter(voter=sam).exists()
    comment = SectionComment.objects.get(author=sam)
    sam_client.post(
        "/account/support/on-my-behalf/withdraw/", {"kind": "comment", "id": comment.pk}
    )
    comment.refresh_from_db()
    assert comment.body == ""
    assert "Sam withdrew this comment." in (
        Client().get(f"/write/{open_proposal.pk}/comments/problem/").content.decode()
    )

    # Nobody can take back someone else's contribution this way, not even its supporter.
    own = Message.objects.get(author=jo)
    response = jo_client.post(
        "/account/support/on-my-behalf/withdraw/", {"kind": "message", "id": own.pk}, follow=True
    )
    assert "We could not find that." in response.content.decode()
    own.refresh_from_db()
    assert own.deleted_at is None


@pytest.mark.django_db
def test_a_facilitator_records_consent_given_in_person(sam: User, jo: User, thread: Thread) -> None:
    council = OrganisationFactory.create()
    facilitator = UserFactory.create(display_name="Fran")
    accounts_services.membership_add(
        organisation=council, user=facilitator, role=MembershipRole.FACILITATOR
    )
    assert _client(jo).get("/account/support/record/").status_code == 403

    client = _client(facilitator)
    refused = client.post(
        "/account/support/record/",
        {"person": "sam@example.org", "supporter": jo.display_name, "role": "advocate",
         "scope": "everything", "how_given": ""},
    )  # fmt: skip
    assert "Say how the person gave their consent" in refused.content.decode()
    assert not SupportConsent.objects.exists()
    client.post(
        "/account/support/record/",
        {"person": "sam@example.org", "supporter": jo.display_name, "role": "advocate",
         "scope": "everything", "how_given": "Signed a paper form at the day centre"},
    )  # fmt: skip
    consent = SupportConsent.objects.get()
    assert consent.is_active
    assert consent.recorded_by == facilitator
    page = _client(sam).get("/account/support/").content.decode()
    assert "Recorded by Fran: Signed a paper form at the day centre." in page
    assert Notification.objects.filter(user=sam, message__contains="Fran recorded").exists()
    assert "Post as Sam" in _client(jo).get(thread.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_recording_consent_lists_every_problem_at_once_and_records_nothing(sam: User) -> None:
    council = OrganisationFactory.create()
    officer = UserFactory.create(display_name="Olu")
    accounts_services.membership_add(
        organisation=council, user=officer, role=MembershipRole.OFFICER
    )
    response = _client(officer).post(
        "/account/support/record/",
        {"person": "Nobody at all", "supporter": "Nobody either", "role": "advocate",
         "scope": "everything", "how_given": ""},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert '<div class="govuk-error-summary"' in page
    nobody = "There is nobody with that display name or email address on Hearth"
    assert f'<a href="#id_person">{nobody}</a>' in page
    assert f'<a href="#id_supporter">{nobody}</a>' in page
    assert '<a href="#id_how_given">Say how the person gave their consent' in page
    assert not SupportConsent.objects.exists()
    assert not Notification.objects.filter(user=sam).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("supporter", "message"),
    [
        ("Nobody at all", "There is nobody with that display name or email address"),
        ("Sam", "You cannot be your own supporter"),
    ],
)
def test_an_invitation_to_nobody_or_oneself_is_refused(
    sam: User, supporter: str, message: str
) -> None:
    response = _client(sam).post(
        "/account/support/", {"supporter": supporter, "role": "advocate", "scope": "everything"}
    )
    assert message in response.content.decode()
    assert not SupportConsent.objects.exists()


@pytest.mark.django_db
def test_erasing_either_person_removes_consent_and_keeps_contributions(
    sam: User, jo: User, thread: Thread
) -> None:
    _consent(sam, jo)
    _client(jo).post(thread.get_absolute_url(), {"body": "For Sam.", "on_behalf_of": sam.pk})
    jo.delete()
    assert not SupportConsent.objects.exists()
    message = Message.objects.get()
    assert message.author == sam
    assert message.supporter is None
    other = UserFactory.create()
    _consent(sam, other)
    Message.objects.all().delete()
    sam.delete()
    assert not SupportConsent.objects.exists()
