"""One lifecycle governs every write into a discussion: a consultation's dates, a proposal's
stage and a facilitator's pause, checked by pages, sockets and services alike, at the
moment of the write."""

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.utils import timezone

from accounts.models import User
from analysis.votes import thread_vote_triples
from cms.models import ConsultationPage, ProposalIndexPage
from cms.services import consultation_discussion
from common.errors import ServiceError
from deliberation.errors import CLOSED, PAUSED
from deliberation.models import (
    Message,
    ModerationAction,
    ModerationLogEntry,
    PollResponse,
    Statement,
    StatementStatus,
    Thread,
    Vote,
)
from deliberation.services import (
    check_post_message,
    do_post_message,
    message_post,
    poll_answer,
    statement_submit,
    thread_pause,
    thread_resume,
    vote_cast,
)
from proposals.lifecycle import Stage
from proposals.models import ProposalPage
from proposals.services import proposal_create, proposal_discussion
from tests.deliberation.sockets import open_socket, receive_until
from tests.factories import PollFactory, StatementFactory, UserFactory, make_consultation

CLOSED_NOTICE = "You can read everything here; you can no longer post or vote."


@pytest.fixture
def consultation(site_tree: Any) -> ConsultationPage:
    return make_consultation()


@pytest.fixture
def discussion(consultation: ConsultationPage) -> Thread:
    return consultation_discussion(consultation=consultation)


def close(consultation: ConsultationPage, *, ago: timedelta = timedelta(hours=1)) -> None:
    """Move the closing time into the past, as time passing would."""
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - ago
    )


def writes_stored(thread: Thread) -> tuple[int, int, int, int]:
    return (
        Message.objects.filter(thread=thread).count(),
        Vote.objects.filter(statement__thread=thread).count(),
        Statement.objects.filter(thread=thread, status=StatementStatus.PENDING).count(),
        PollResponse.objects.filter(poll__thread=thread).count(),
    )


def refusal(write: Any) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        write()
    return refused.value


@pytest.mark.django_db
def test_an_open_consultation_takes_every_kind_of_write(discussion: Thread, alice: User) -> None:
    statement = StatementFactory.create(thread=discussion)
    poll = PollFactory.create(thread=discussion)
    message_post(user=alice, thread=discussion, body="Carers need breaks")
    vote_cast(user=alice, thread_id=discussion.pk, statement_id=statement.pk, value=1)
    statement_submit(user=alice, thread=discussion, text="Respite should be free")
    poll_answer(user=alice, poll=poll, ranking=[poll.options.first().pk])  # type: ignore[union-attr]
    assert writes_stored(discussion) == (1, 1, 1, 1)


@pytest.mark.django_db
def test_after_the_closing_time_every_write_is_refused_and_nothing_is_stored(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    statement = StatementFactory.create(thread=discussion)
    poll = PollFactory.create(thread=discussion, closes_at=None)
    close(consultation)
    writes = [
        lambda: message_post(user=alice, thread=discussion, body="Too late?"),
        lambda: vote_cast(user=alice, thread_id=discussion.pk, statement_id=statement.pk, value=1),
        lambda: statement_submit(user=alice, thread=discussion, text="One more idea"),
        lambda: poll_answer(user=alice, poll=poll, ranking=[poll.options.first().pk]),  # type: ignore[union-attr]
    ]
    for write in writes:
        error = refusal(write)
        assert error.code == CLOSED
        assert "This consultation closed on" in error.detail
        assert CLOSED_NOTICE in error.detail
    assert writes_stored(discussion) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_before_it_opens_a_consultation_says_when_it_will(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    opens = timezone.now() + timedelta(days=3)
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=opens, closes_at=opens + timedelta(days=84)
    )
    error = refusal(lambda: message_post(user=alice, thread=discussion, body="Early"))
    assert error.code == CLOSED
    assert f"opens on {timezone.localtime(opens):%-d %B %Y}" in error.detail


@pytest.mark.django_db
def test_a_post_checked_before_the_closing_time_is_refused_after_it(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    """The check runs again under the write's lock: a post that passed it a moment before
    the consultation closed is not stored after."""
    plan = check_post_message(user=alice, thread=discussion, body="Just in time?", reply_to_id=None)
    close(consultation, ago=timedelta(seconds=1))
    assert refusal(lambda: do_post_message(plan=plan)).code == CLOSED
    assert not Message.objects.filter(thread=discussion).exists()


@pytest.mark.django_db
def test_a_closed_consultations_page_shows_the_notice_first_and_no_forms(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    StatementFactory.create(thread=discussion, text="Carers need a break every week")
    message_post(user=alice, thread=discussion, body="Written while it was open")
    close(consultation)
    client = Client()
    client.force_login(alice)
    html = client.get(f"/threads/{discussion.pk}/").content.decode()
    assert html.index("This consultation closed on") < html.index("<h1")
    assert CLOSED_NOTICE in html
    assert "Written while it was open" in html
    assert "There is 1 statement to vote on." in html
    assert "data-post-form" not in html
    assert "Vote on statements</a>" not in html
    for path in ("statements/", "vote/"):
        other = client.get(f"/threads/{discussion.pk}/{path}").content.decode()
        assert other.index("This consultation closed on") < other.index("<h1")
        assert 'name="value"' not in other  # no vote buttons
    listed = client.get(f"/threads/{discussion.pk}/statements/").content.decode()
    assert "Carers need a break every week" in listed
    assert "Suggest statement" not in html
    assert ">Reply<" not in html


@pytest.mark.django_db
def test_a_post_and_a_vote_sent_by_the_page_after_closing_are_refused_with_the_notice(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    statement = StatementFactory.create(thread=discussion)
    close(consultation)
    client = Client()
    client.force_login(alice)
    response = client.post(f"/threads/{discussion.pk}/", {"body": "After the end"})
    assert response.status_code == 400
    html = response.content.decode()
    # The error summary points to the notice, the form being gone.
    assert '<a href="#discussion-notice-title">This consultation closed on' in html
    assert 'id="discussion-notice-title"' in html
    response = client.post(
        f"/threads/{discussion.pk}/statements/{statement.pk}/vote/", {"value": "1"}, follow=True
    )
    assert "This consultation closed on" in response.content.decode()
    assert writes_stored(discussion) == (0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
async def test_a_socket_write_after_closing_gets_a_closed_error_and_nothing_is_stored(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    statement = await sync_to_async(StatementFactory.create)(thread=discussion)
    await sync_to_async(close)(consultation)
    socket = await open_socket(discussion.pk, alice)
    await socket.send_json_to({"type": "post", "body": "Late", "client_id": "late-1"})
    error = await receive_until(socket, "error")
    assert (error["code"], error["client_id"]) == (CLOSED, "late-1")
    assert "This consultation closed on" in error["detail"]
    await socket.send_json_to({"type": "vote", "statement": statement.pk, "value": 1})
    assert (await receive_until(socket, "error"))["code"] == CLOSED
    await socket.disconnect()
    assert await sync_to_async(writes_stored)(discussion) == (0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
async def test_a_connected_client_is_told_when_the_closing_time_passes(
    consultation: ConsultationPage, discussion: Thread, alice: User
) -> None:
    """No job closes a consultation: each socket follows the clock to its closing time."""
    closes = timezone.now() + timedelta(seconds=1)
    await sync_to_async(ConsultationPage.objects.filter(pk=consultation.pk).update)(
        closes_at=closes
    )
    socket = await open_socket(discussion.pk, alice)
    told = await receive_until(socket, "discussion", timeout=10)
    assert timezone.now() >= closes
    assert told["phase"] == "closed"
    assert told["allows"] == []
    assert "This consultation closed on" in told["notice"]
    await socket.disconnect()


@pytest.mark.django_db
def test_a_facilitator_pauses_with_a_reason_everyone_sees_then_resumes(
    thread: Thread, facilitator: User, alice: User
) -> None:
    statement = StatementFactory.create(thread=thread)
    thread_pause(actor=facilitator, thread=thread, reason="A break until 2pm")
    thread.refresh_from_db()
    for write in (
        lambda: message_post(user=alice, thread=thread, body="Still here"),
        lambda: vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=-1),
    ):
        error = refusal(write)
        assert error.code == PAUSED
        assert "A break until 2pm" in error.detail
    # The facilitator may still explain, but not vote.
    message_post(user=facilitator, thread=thread, body="Back at 2pm, thank you")
    assert (
        refusal(
            lambda: vote_cast(
                user=facilitator, thread_id=thread.pk, statement_id=statement.pk, value=1
            )
        ).code
        == PAUSED
    )
    client = Client()
    client.force_login(alice)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "paused posting and voting" in html
    assert "A break until 2pm" in html
    assert "data-post-form" not in html

    thread_resume(actor=facilitator, thread=thread, reason="Break over")
    thread.refresh_from_db()
    message_post(user=alice, thread=thread, body="Thanks")
    vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=-1)
    log = list(
        ModerationLogEntry.objects.filter(thread=thread)
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert log == [
        (ModerationAction.PAUSE, "A break until 2pm"),
        (ModerationAction.RESUME, "Break over"),
    ]


@pytest.mark.django_db
def test_only_a_facilitator_pauses_and_only_with_a_reason(
    thread: Thread, facilitator: User, alice: User
) -> None:
    assert refusal(lambda: thread_pause(actor=alice, thread=thread, reason="Mine now")).code == (
        "forbidden"
    )
    error = refusal(lambda: thread_pause(actor=facilitator, thread=thread, reason="   "))
    assert error.field == "reason"
    thread.refresh_from_db()
    assert thread.paused_at is None
    assert not ModerationLogEntry.objects.filter(thread=thread).exists()


@pytest.mark.django_db
def test_pausing_and_resuming_from_the_moderation_page(
    thread: Thread, facilitator: User, alice: User
) -> None:
    client = Client()
    client.force_login(facilitator)
    page = client.post(
        f"/threads/{thread.pk}/moderation/",
        {"action": "pause", "reason": "Reading what you said"},
        follow=True,
    ).content.decode()
    assert "Posting and voting are paused" in page
    thread.refresh_from_db()
    assert thread.pause_reason == "Reading what you said"
    client.post(f"/threads/{thread.pk}/moderation/", {"action": "resume", "reason": ""})
    thread.refresh_from_db()
    assert thread.paused_at is None
    message_post(user=alice, thread=thread, body="Open again")


@pytest.mark.django_db(transaction=True)
async def test_connected_clients_are_told_of_a_pause_and_a_resume(
    thread: Thread, facilitator: User, alice: User
) -> None:
    socket = await open_socket(thread.pk, alice)
    await sync_to_async(thread_pause)(actor=facilitator, thread=thread, reason="Lunch")
    paused = await receive_until(socket, "discussion")
    assert paused["phase"] == "paused"
    assert paused["allows"] == []
    assert "Lunch" in paused["notice"]
    await socket.send_json_to({"type": "post", "body": "Hello?", "client_id": "p1"})
    assert (await receive_until(socket, "error"))["code"] == PAUSED
    await sync_to_async(thread_resume)(actor=facilitator, thread=thread)
    resumed = await receive_until(socket, "discussion")
    assert resumed["phase"] == "open"
    assert "post" in resumed["allows"]
    await socket.disconnect()
    assert not await sync_to_async(Message.objects.filter(thread=thread).exists)()


@pytest.mark.django_db
def test_a_proposal_with_the_board_takes_talk_but_not_votes(site_tree: Any, alice: User) -> None:
    lead = UserFactory.create()
    proposal = proposal_create(
        index=ProposalIndexPage.objects.get(), author=lead, title="Fair pay", summary="Pay more."
    )
    thread = proposal_discussion(proposal=proposal)
    statement = StatementFactory.create(thread=thread)
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    message_post(user=alice, thread=thread, body="Will the board fund it?")
    error = refusal(
        lambda: vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=1)
    )
    assert error.code == CLOSED
    assert "voting has ended" in error.detail
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.CLOSED)
    assert refusal(lambda: message_post(user=alice, thread=thread, body="Hello?")).code == CLOSED


@pytest.mark.django_db
def test_votes_stored_after_the_close_are_kept_but_not_counted(
    consultation: ConsultationPage, discussion: Thread
) -> None:
    """Before the lifecycle, a closed consultation still stored votes: they stay in the
    database, but the analysis and the open data leave them out."""
    statement = StatementFactory.create(thread=discussion)
    early, late = UserFactory.create(), UserFactory.create()
    vote_cast(user=early, thread_id=discussion.pk, statement_id=statement.pk, value=1)
    vote_cast(user=late, thread_id=discussion.pk, statement_id=statement.pk, value=-1)
    close(consultation, ago=timedelta(hours=1))
    Vote.objects.filter(voter=late).update(modified=timezone.now())
    Vote.objects.filter(voter=early).update(modified=timezone.now() - timedelta(hours=2))
    voters, _, values = thread_vote_triples(discussion)
    assert list(voters) == [early.pk]
    assert list(values) == [1]
    client = Client()
    response = client.get(f"/open-data/consultations/{consultation.slug}/votes.csv")
    csv = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert len(csv.strip().splitlines()) == 2  # the header and the one vote that counts
    assert Vote.objects.filter(statement__thread=discussion).count() == 2
