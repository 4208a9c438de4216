"""What a supporter can do for someone on a proposal (suggestions, section comments), for
the person's list of it and taking it back (accounts.on_behalf, registered in ``ready``)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.on_behalf import DoneForYou, OnBehalfKind, supporter_name, withdraw_found
from proposals.models import SectionComment, Suggestion
from proposals.services import (
    WITHDRAWN_BY_PERSON,
    supported_comment_withdraw,
    supported_suggestion_withdraw,
)

MINE = {"supporter__isnull": False}


def _suggestions(person: User) -> Iterator[DoneForYou]:
    suggestions = Suggestion.objects.filter(author=person, **MINE).select_related(
        "supporter", "proposal"
    )
    for s in suggestions:
        yield DoneForYou(
            "suggestion", s.pk, _("Suggested a change: %(text)s") % {"text": s.text[:200]},
            s.proposal.title, reverse("proposals:overview", args=[s.proposal_id]),
            supporter_name(s.supporter), s.created_at,
        )  # fmt: skip


def _comments(person: User) -> Iterator[DoneForYou]:
    comments = SectionComment.objects.filter(author=person, **MINE).select_related(
        "supporter", "proposal"
    )
    for c in comments:
        yield DoneForYou(
            "comment", c.pk, c.body or _("(withdrawn)"), c.proposal.title,
            reverse("proposals:comments", args=[c.proposal_id, c.section]) + f"#comment-{c.pk}",
            supporter_name(c.supporter), c.created_at, c.hidden_reason == WITHDRAWN_BY_PERSON,
        )  # fmt: skip


def _withdraw_suggestion(person: User, pk: int) -> bool:
    return withdraw_found(
        Suggestion.objects.filter(author=person, pk=pk, **MINE).first(),
        lambda suggestion: supported_suggestion_withdraw(person=person, suggestion=suggestion),
    )


def _withdraw_comment(person: User, pk: int) -> bool:
    return withdraw_found(
        SectionComment.objects.filter(author=person, pk=pk, **MINE).first(),
        lambda comment: supported_comment_withdraw(person=person, comment=comment),
    )


KINDS = (
    OnBehalfKind("suggestion", _suggestions, _withdraw_suggestion),
    OnBehalfKind("comment", _comments, _withdraw_comment),
)
