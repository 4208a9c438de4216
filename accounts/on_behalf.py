"""Everything supporters did on a person's behalf, across discussions and proposals, and
taking any of it back. Reads and dispatches only; each app's service does the writing.

Imports of the content apps are local: accounts sits below them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User

KINDS = ("message", "vote", "poll", "suggestion", "comment")


@dataclass(frozen=True)
class DoneForYou:
    kind: str
    pk: int
    what: str
    where: str
    url: str
    supporter: str
    when: datetime
    withdrawn: bool = False


def done_on_behalf_of(person: User) -> list[DoneForYou]:
    """Newest first."""
    from deliberation.models import Message, PollResponse, Vote
    from proposals.models import SectionComment, Suggestion
    from proposals.services import WITHDRAWN_BY_PERSON

    def who(user: User | None) -> str:
        return user.display_name if user is not None else "a supporter whose account has gone"

    items: list[DoneForYou] = []
    for m in Message.objects.filter(author=person, supporter__isnull=False).select_related(
        "supporter", "thread"
    ):
        items.append(
            DoneForYou(
                "message", m.pk, m.body or "(withdrawn)", m.thread.title,
                f"{m.thread.get_absolute_url()}#message-{m.pk}", who(m.supporter), m.created,
                m.deleted_at is not None,
            )
        )  # fmt: skip
    for v in Vote.objects.filter(voter=person, supporter__isnull=False).select_related(
        "supporter", "statement__thread"
    ):
        items.append(
            DoneForYou(
                "vote", v.pk, f"Voted ‘{v.get_value_display().lower()}’ on: {v.statement.text}",
                v.statement.thread.title, f"{v.statement.thread.get_absolute_url()}#statements",
                who(v.supporter), v.modified,
            )
        )  # fmt: skip
    for r in PollResponse.objects.filter(respondent=person, supporter__isnull=False).select_related(
        "supporter", "poll__thread"
    ):
        items.append(
            DoneForYou(
                "poll", r.pk, f"Answered the poll: {r.poll.question}", r.poll.thread.title,
                reverse("deliberation:poll", args=[r.poll.thread_id, r.poll_id]), who(r.supporter),
                r.modified,
            )
        )  # fmt: skip
    for s in Suggestion.objects.filter(author=person, supporter__isnull=False).select_related(
        "supporter", "proposal"
    ):
        items.append(
            DoneForYou(
                "suggestion", s.pk, f"Suggested a change: {s.text[:200]}", s.proposal.title,
                reverse("proposals:overview", args=[s.proposal_id]), who(s.supporter), s.created_at,
            )
        )  # fmt: skip
    for c in SectionComment.objects.filter(author=person, supporter__isnull=False).select_related(
        "supporter", "proposal"
    ):
        items.append(
            DoneForYou(
                "comment", c.pk, c.body or "(withdrawn)", c.proposal.title,
                reverse("proposals:comments", args=[c.proposal_id, c.section])
                + f"#comment-{c.pk}",
                who(c.supporter), c.created_at, c.hidden_reason == WITHDRAWN_BY_PERSON,
            )
        )  # fmt: skip
    return sorted(items, key=lambda item: item.when, reverse=True)


NOT_FOUND = "We could not find that. It may already have been withdrawn."


def withdraw_done_on_behalf(*, person: User, kind: str, pk: str) -> None:
    """Take back one thing a supporter did for this person; refuses anything else."""
    from deliberation.models import Message, PollResponse, Vote
    from deliberation.services.support import (
        supported_message_withdraw,
        supported_poll_answer_withdraw,
        supported_vote_withdraw,
    )
    from proposals.models import SectionComment, Suggestion
    from proposals.services import supported_comment_withdraw, supported_suggestion_withdraw

    if kind not in KINDS or not pk.isdigit():
        raise ValidationError(NOT_FOUND)
    mine = {"supporter__isnull": False, "pk": int(pk)}
    if kind == "message":
        message = Message.objects.filter(author=person, **mine).first()
        if message is None:
            raise ValidationError(NOT_FOUND)
        supported_message_withdraw(person=person, message=message)
    elif kind == "vote":
        vote = Vote.objects.filter(voter=person, **mine).select_related("statement").first()
        if vote is None:
            raise ValidationError(NOT_FOUND)
        supported_vote_withdraw(person=person, vote=vote)
    elif kind == "poll":
        response = PollResponse.objects.filter(respondent=person, **mine).first()
        if response is None:
            raise ValidationError(NOT_FOUND)
        supported_poll_answer_withdraw(person=person, response=response)
    elif kind == "suggestion":
        suggestion = Suggestion.objects.filter(author=person, **mine).first()
        if suggestion is None:
            raise ValidationError(NOT_FOUND)
        supported_suggestion_withdraw(person=person, suggestion=suggestion)
    else:
        comment = SectionComment.objects.filter(author=person, **mine).first()
        if comment is None:
            raise ValidationError(NOT_FOUND)
        supported_comment_withdraw(person=person, comment=comment)
