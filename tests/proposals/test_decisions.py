"""Board decisions, commitments and progress: who may record them, bad input, one
decision per proposal under concurrency, and the closed loop that tells contributors."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import MembershipRole, Notification, Organisation, User
from cms.models import ProposalIndexPage
from common.errors import FORBIDDEN, ServiceError
from proposals import decision_services, services
from proposals.lifecycle import Stage
from proposals.models import Commitment, Decision, Outcome, ProgressUpdate, ProposalPage
from proposals.rules import can
from proposals.selectors import latest_revision
from tests.factories import BoardFactory, UserFactory, make_consultation
from tests.support.headings import skipped_levels
from tests.support.parallel import run_at_once


@pytest.fixture
def with_board(open_proposal: ProposalPage) -> ProposalPage:
    ProposalPage.objects.filter(pk=open_proposal.pk).update(stage=Stage.WITH_BOARD)
    open_proposal.refresh_from_db()
    return open_proposal


def _record(proposal: ProposalPage, by: User, **overrides: str) -> Decision:
    values: dict[str, str] = {
        "outcome": Outcome.ADOPTED_WITH_CHANGES,
        "what_was_heard": "Carers said pay matters most.",
        "reasons": "We heard strong support, and we will phase it in.",
        **overrides,
    }
    return decision_services.decision_record(
        proposal=proposal,
        by=by,
        outcome=values["outcome"],
        what_was_heard=values["what_was_heard"],
        reasons=values["reasons"],
    )


@pytest.mark.django_db
def test_a_board_member_records_a_decision_and_the_proposal_is_decided(
    with_board: ProposalPage, member: User, board: Organisation
) -> None:
    decision = _record(with_board, member)
    with_board.refresh_from_db()
    assert with_board.stage == Stage.DECIDED
    assert decision.board == board
    assert decision.decided_by == member
    assert decision.reasons == "We heard strong support, and we will phase it in."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("reasons", {"reasons": "   "}, "Give the board's reasons for this decision"),
        ("what_was_heard", {"what_was_heard": ""}, "Say what the board heard"),
        ("outcome", {"outcome": "maybe"}, "Choose what the board decided"),
    ],
)
def test_a_decision_without_reasons_is_refused_and_nothing_is_written(
    with_board: ProposalPage, member: User, field: str, values: dict[str, str], message: str
) -> None:
    notifications = Notification.objects.count()
    with pytest.raises(ServiceError) as error:
        _record(with_board, member, **values)
    assert error.value.field == field
    assert message in error.value.detail
    assert not Decision.objects.exists()
    assert Notification.objects.count() == notifications
    with_board.refresh_from_db()
    assert with_board.stage == Stage.WITH_BOARD


@pytest.mark.django_db
def test_who_may_record_a_decision(
    with_board: ProposalPage, member: User, board: Organisation, lead: User, participant: User
) -> None:
    other_board = BoardFactory.create()
    outsider = UserFactory.create()
    accounts_services.membership_add(
        organisation=other_board, user=outsider, role=MembershipRole.BOARD_MEMBER
    )
    # A consultation names the board that decides: members of other boards may not.
    make_consultation(reform_board=board, proposals=[with_board])
    staff = UserFactory.create(is_staff=True)
    assert can(member, "proposals.decide", with_board)
    assert can(staff, "proposals.decide", with_board)
    for person in (lead, participant, outsider):
        assert not can(person, "proposals.decide", with_board)
        with pytest.raises(ServiceError) as refused:
            _record(with_board, person)
        assert refused.value.code == FORBIDDEN
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_only_a_proposal_with_the_board_can_be_decided(
    open_proposal: ProposalPage, member: User
) -> None:
    with pytest.raises(ServiceError) as refused:
        _record(open_proposal, member)
    assert refused.value.code == FORBIDDEN
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_second_decision_is_refused(with_board: ProposalPage, member: User) -> None:
    _record(with_board, member)
    with pytest.raises(ServiceError, match="already recorded a decision"):
        _record(with_board, member, outcome=Outcome.NOT_ADOPTED)
    assert Decision.objects.get().outcome == Outcome.ADOPTED_WITH_CHANGES


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_make_one(
    site_tree: object, index: ProposalIndexPage, board: Organisation
) -> None:
    lead = UserFactory.create()
    proposal = services.proposal_create(
        index=index,
        author=lead,
        title="Race",
        summary="Two at once.",
    )
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD, live=True)
    members = []
    for _ in range(4):
        person = UserFactory.create()
        accounts_services.membership_add(
            organisation=board, user=person, role=MembershipRole.BOARD_MEMBER
        )
        members.append(person)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            _record(proposal, members[n])
            outcomes.append("recorded")
        except ServiceError as error:
            outcomes.append("refused" if error.code == decision_services.DECIDED else error.code)

    assert run_at_once(attempt, len(members)) == []
    assert sorted(outcomes) == ["recorded", "refused", "refused", "refused"]
    assert Decision.objects.filter(proposal=proposal).count() == 1


@pytest.mark.django_db(transaction=True)
def test_everyone_who_took_part_is_told_what_became_of_their_part(
    site_tree: object, index: ProposalIndexPage, board: Organisation
) -> None:
    lead = UserFactory.create(display_name="Lead", email="lead@example.org")
    co = UserFactory.create(display_name="Co", email="co@example.org")
    accepted = UserFactory.create(display_name="Accepted", email="accepted@example.org")
    declined = UserFactory.create(display_name="Declined", email="declined@example.org")
    waiting = UserFactory.create(display_name="Waiting", email="waiting@example.org")
    commenter = UserFactory.create(display_name="Commenter", email="commenter@example.org")
    bystander = UserFactory.create(display_name="Bystander", email="bystander@example.org")
    member = UserFactory.create(display_name="Member", email="member@example.org")
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    proposal = services.proposal_create(
        index=index,
        author=lead,
        title="Respite for carers",
        summary="Breaks.",
    )
    services.coauthor_add(proposal=proposal, by=lead, user=co)
    proposal = services.proposal_open(proposal=proposal, by=lead)
    suggestions = {}
    for person, text in ((accepted, "Goal A"), (declined, "Goal B"), (waiting, "Goal C")):
        suggestions[person.pk] = services.suggestion_create(
            proposal=proposal, section="goal", text=text, reason="Clearer.", author=person
        )
    services.suggestion_accept(suggestion=suggestions[accepted.pk], by=lead)
    services.suggestion_decline(suggestion=suggestions[declined.pk], by=lead, reason="Too vague.")
    services.comment_post(proposal=proposal, section="summary", author=commenter, body="Yes!")
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    mail.outbox.clear()

    _record(proposal, member, outcome=Outcome.ADOPTED)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {
        "lead@example.org", "co@example.org", "accepted@example.org",
        "declined@example.org", "waiting@example.org", "commenter@example.org",
    }  # fmt: skip
    for message in mail.outbox:
        assert message.subject == "The board has decided on a proposal you took part in"
        assert "Care Reform Board decided on ‘Respite for carers’: Adopted." in message.body
        assert "/decisions/#decision-" in message.body
    assert (
        "Your suggestion for ‘Measurable goal’ was accepted"
        in by_address["accepted@example.org"].body
    )
    assert "was declined by the co-authors" in by_address["declined@example.org"].body
    assert "was still waiting for the co-authors" in by_address["waiting@example.org"].body
    assert "Thank you for co-writing it." in by_address["co@example.org"].body
    assert "Thank you for your comments." in by_address["commenter@example.org"].body
    assert not Notification.objects.filter(user__in=[bystander, member]).exists()
    assert Notification.objects.filter(user=waiting, message__contains="still waiting").exists()


@pytest.mark.django_db(transaction=True)
def test_no_email_is_sent_when_the_decision_is_rolled_back(
    site_tree: object, index: ProposalIndexPage, board: Organisation
) -> None:
    from django.db import transaction

    lead = UserFactory.create()
    member = UserFactory.create()
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    proposal = services.proposal_create(index=index, author=lead, title="T", summary="S.")
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD, live=True)
    mail.outbox.clear()

    def record_then_fail() -> None:
        with transaction.atomic():
            _record(proposal, member)
            raise RuntimeError("something later failed")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert mail.outbox == []
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_commitments_need_an_owner_and_a_milestone(with_board: ProposalPage, member: User) -> None:
    decision = _record(with_board, member)
    with pytest.raises(ServiceError) as error:
        decision_services.commitment_add(decision=decision, by=member, text="Pay more.")
    assert {one.field for one in error.value.each()} == {"owner_text", "milestone_2_years"}
    assert not Commitment.objects.exists()
    commitment = decision_services.commitment_add(
        decision=decision, by=member, text="Pay the real living wage.",
        owner_text="Northshire Council", milestone_2_years="Half of providers.",
        milestone_5_years="All providers.",
    )  # fmt: skip
    assert commitment.owner == "Northshire Council"
    with pytest.raises(ServiceError, match="Only the board that decided"):
        decision_services.commitment_add(
            decision=decision, by=UserFactory.create(), text="x", owner_text="y",
            milestone_2_years="z",
        )  # fmt: skip


@pytest.mark.django_db
def test_progress_updates_are_dated_and_not_in_the_future(
    with_board: ProposalPage, member: User
) -> None:
    decision = _record(with_board, member)
    commitment = decision_services.commitment_add(
        decision=decision, by=member, text="Pay more.", owner_text="The council",
        milestone_2_years="Started.",
    )  # fmt: skip
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceError) as error:
        decision_services.progress_update_add(
            commitment=commitment, by=member, date=tomorrow, status="on_track", text=""
        )
    assert {one.field for one in error.value.each()} == {"date", "text"}
    assert not ProgressUpdate.objects.exists()
    decision_services.progress_update_add(
        commitment=commitment, by=member, date=timezone.localdate(), status="delayed",
        text="Funding came late.",
    )  # fmt: skip
    body = Client().get("/decisions/").content.decode()
    assert "Adopted with changes" in body
    assert "Pay more." in body
    assert "Funding came late." in body
    assert "Delayed" in body


@pytest.mark.django_db
def test_the_decision_page_refuses_people_not_on_the_board(
    with_board: ProposalPage, member: User, participant: User
) -> None:
    client = Client()
    client.force_login(participant)
    assert client.get(f"/write/{with_board.pk}/decide/").status_code == 403
    client.force_login(member)
    page = client.get(f"/write/{with_board.pk}/")
    assert "Record the board's decision" in page.content.decode()
    refused = client.post(
        f"/write/{with_board.pk}/decide/",
        {"outcome": "adopted", "what_was_heard": "Support.", "reasons": ""},
    )
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    assert "Give the board&#x27;s reasons for this decision" in refused.content.decode()
    assert not Decision.objects.exists()
    assert latest_revision(with_board)  # the proposal is untouched


def _decided_with_a_commitment(proposal: ProposalPage, member: User) -> Decision:
    decision = _record(proposal, member)
    commitment = decision_services.commitment_add(
        decision=decision, by=member, text="Pay care workers the real living wage.",
        owner_text="The council", milestone_2_years="Half of providers pay it.",
    )  # fmt: skip
    decision_services.progress_update_add(
        commitment=commitment, by=member, date=timezone.localdate(), status="on_track",
        text="Three providers signed up.",
    )  # fmt: skip
    return decision


@pytest.mark.django_db
def test_a_decided_proposals_page_says_what_the_board_decided_and_links_its_commitments(
    with_board: ProposalPage, member: User
) -> None:
    undecided = Client().get(with_board.get_url()).content.decode()
    assert "What the board decided" not in undecided
    _decided_with_a_commitment(with_board, member)
    with_board.refresh_from_db()
    html = Client().get(with_board.get_url()).content.decode()
    decision = html.split('id="decision-heading">What the board decided</h2>')[1]
    assert "Adopted with changes" in decision
    assert "Care Reform Board" in decision
    assert "We heard strong support, and we will phase it in." in decision
    assert "Carers said pay matters most." in decision
    assert '<h3 class="govuk-heading-s">What we committed to</h3>' in decision
    assert "Pay care workers the real living wage." in decision
    assert "Three providers signed up." in decision
    assert f'href="/decisions/#decision-{with_board.pk}"' in decision


@pytest.mark.django_db
def test_every_page_that_shows_a_decision_keeps_its_heading_levels(
    with_board: ProposalPage, member: User
) -> None:
    """The commitments heading sits one level below the heading around the decision: it
    was an h4 under the decisions page's h2."""
    _decided_with_a_commitment(with_board, member)
    with_board.refresh_from_db()
    consultation = make_consultation(proposals=[with_board])
    board_client = Client()
    board_client.force_login(member)
    pages = {
        "/decisions/": (Client(), 3),
        with_board.get_url(): (Client(), 3),
        f"/write/{with_board.pk}/commitments/": (board_client, 2),
        f"{consultation.get_url()}you-said-we-did/": (Client(), 4),
    }
    for url, (client, level) in pages.items():
        html = client.get(url).content.decode()
        assert f'<h{level} class="govuk-heading-s">What we committed to</h{level}>' in html, url
        assert skipped_levels(html) == [], url
