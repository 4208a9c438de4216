"""What a supporter can do for someone in a discussion (messages, votes, poll answers), for
the person's list of it and taking it back (accounts.on_behalf, registered in ``ready``)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.on_behalf import DoneForYou, OnBehalfKind, supporter_name, withdraw_found
from deliberation.models import Message, PollResponse, Vote
from deliberation.services.support import (
    supported_message_withdraw,
    supported_poll_answer_withdraw,
    supported_vote_withdraw,
)

MINE = {"supporter__isnull": False}


def _messages(person: User) -> Iterator[DoneForYou]:
    for m in Message.objects.filter(author=person, **MINE).select_related("supporter", "thread"):
        yield DoneForYou(
            "message", m.pk, m.body or _("(withdrawn)"), m.thread.title,
            f"{m.thread.get_absolute_url()}#message-{m.pk}", supporter_name(m.supporter),
            m.created, m.deleted_at is not None,
        )  # fmt: skip


def _votes(person: User) -> Iterator[DoneForYou]:
    votes = Vote.objects.filter(voter=person, **MINE).select_related(
        "supporter", "statement__thread"
    )
    for v in votes:
        yield DoneForYou(
            "vote", v.pk,
            _("Voted ‘%(vote)s’ on: %(statement)s")
            % {"vote": v.get_value_display().lower(), "statement": v.statement.text},
            v.statement.thread.title, f"{v.statement.thread.get_absolute_url()}#statements",
            supporter_name(v.supporter), v.modified,
        )  # fmt: skip


def _poll_answers(person: User) -> Iterator[DoneForYou]:
    answers = PollResponse.objects.filter(respondent=person, **MINE).select_related(
        "supporter", "poll__thread"
    )
    for r in answers:
        yield DoneForYou(
            "poll", r.pk, _("Answered the poll: %(question)s") % {"question": r.poll.question},
            r.poll.thread.title,
            reverse("deliberation:poll", args=[r.poll.thread_id, r.poll_id]),
            supporter_name(r.supporter), r.modified,
        )  # fmt: skip


def _withdraw_message(person: User, pk: int) -> bool:
    return withdraw_found(
        Message.objects.filter(author=person, pk=pk, **MINE).first(),
        lambda message: supported_message_withdraw(person=person, message=message),
    )


def _withdraw_vote(person: User, pk: int) -> bool:
    return withdraw_found(
        Vote.objects.filter(voter=person, pk=pk, **MINE).select_related("statement").first(),
        lambda vote: supported_vote_withdraw(person=person, vote=vote),
    )


def _withdraw_poll_answer(person: User, pk: int) -> bool:
    return withdraw_found(
        PollResponse.objects.filter(respondent=person, pk=pk, **MINE).first(),
        lambda response: supported_poll_answer_withdraw(person=person, response=response),
    )


KINDS = (
    OnBehalfKind("message", _messages, _withdraw_message),
    OnBehalfKind("vote", _votes, _withdraw_vote),
    OnBehalfKind("poll", _poll_answers, _withdraw_poll_answer),
)
