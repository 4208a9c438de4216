""" "Your Hearth": one signed-in person's way back in. What they take part in, what is new
there since they last read it, what became of what they contributed (the closed loop),
and what closes soon. A fixed number of queries whatever the person has done."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ConsultationPage
from cms.whats_open import CLOSING_SOON
from common.page_language import originals
from deliberation.models import Message, Statement, StatementStatus, ThreadMember
from proposals.lifecycle import Stage
from proposals.models import Decision, ProposalAuthor, ProposalPage, SectionComment, Suggestion

SHOWN = 10  # of each list


@dataclass(frozen=True)
class Discussion:
    title: str
    url: str
    new_messages: int  # written by others since the person last read the thread


@dataclass(frozen=True)
class CoWriting:
    title: str
    url: str
    waiting_suggestions: int
    comments: int


@dataclass(frozen=True)
class Outcome:
    """What became of one contribution, in words."""

    what: str
    became: str
    url: str


@dataclass(frozen=True)
class Closing:
    title: str
    url: str
    closes_at: datetime.datetime
    taken_part: bool


@dataclass(frozen=True)
class YourHearth:
    discussions: list[Discussion]
    co_writing: list[CoWriting]
    outcomes: list[Outcome]
    closing: list[Closing]


def _discussions(user: Any) -> list[Discussion]:
    new = Message.objects.filter(
        thread=OuterRef("thread"),
        id__gt=OuterRef("last_seen_message_id"),
        hidden_at__isnull=True,
        deleted_at__isnull=True,
    ).exclude(author=user)
    members = (
        ThreadMember.objects.filter(user=user, removed_at__isnull=True)
        .select_related("thread")
        .annotate(new=Subquery(new.values("thread").annotate(n=Count("id")).values("n")[:1]))
        .order_by(F("new").desc(nulls_last=True), "-thread__modified")[:SHOWN]
    )
    return [
        Discussion(
            title=member.thread.title,
            url=member.thread.get_absolute_url(),
            new_messages=member.new or 0,
        )
        for member in members
    ]


def _co_writing(user: Any) -> list[CoWriting]:
    proposals = (
        # Still being written: what the board decided is under the outcomes.
        ProposalPage.objects.filter(authors__user=user, stage__in=[Stage.DRAFT, Stage.OPEN])
        .annotate(
            waiting=Count(
                "suggestions",
                filter=Q(suggestions__status=Suggestion.Status.PENDING),
                distinct=True,
            ),
        )
        .order_by("-waiting", "title")[:SHOWN]
    )
    rows = list(proposals)
    comments = dict(
        SectionComment.objects.filter(proposal__in=[p.pk for p in rows])
        .values_list("proposal")
        .annotate(n=Count("id"))
        .values_list("proposal", "n")
    )
    return [
        CoWriting(
            title=p.title,
            url=reverse("proposals:overview", args=[p.pk]),
            waiting_suggestions=p.waiting,
            comments=comments.get(p.pk, 0),
        )
        for p in rows
    ]


def _outcomes(user: Any) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for statement in (
        Statement.objects.filter(author=user).select_related("thread").order_by("-created")[:SHOWN]
    ):
        if statement.status == StatementStatus.ACCEPTED:
            became = _("Accepted: people can vote on it.")
        elif statement.status == StatementStatus.REJECTED and statement.rejection_reason:
            became = _("Not accepted: %(reason)s.") % {"reason": statement.rejection_reason}
        elif statement.status == StatementStatus.REJECTED:
            became = _("Not accepted: no reason was given.")
        else:
            became = _("Waiting for a facilitator to read it.")
        outcomes.append(
            Outcome(
                what=_("Your statement “%(text)s”") % {"text": statement.text},
                became=became,
                url=statement.thread.get_absolute_url(),
            )
        )
    for suggestion in Suggestion.objects.filter(author=user).select_related("proposal")[:SHOWN]:
        if suggestion.status == Suggestion.Status.ACCEPTED:
            became = _("Accepted by the co-authors: it is in the text now.")
        elif suggestion.status == Suggestion.Status.DECLINED and suggestion.response:
            became = _("Declined: %(reason)s.") % {"reason": suggestion.response}
        elif suggestion.status == Suggestion.Status.DECLINED:
            became = _("Declined: no reason was given.")
        else:
            became = _("Waiting for a co-author to read it.")
        outcomes.append(
            Outcome(
                what=_("Your suggestion on “%(title)s”") % {"title": suggestion.proposal.title},
                became=became,
                url=reverse("proposals:overview", args=[suggestion.proposal_id]),
            )
        )
    authored = ProposalAuthor.objects.filter(user=user).values("proposal")
    for decision in Decision.objects.filter(proposal__in=authored).select_related("proposal"):
        outcomes.append(
            Outcome(
                what=_("Your proposal “%(title)s”") % {"title": decision.proposal.title},
                became=_("The board decided: %(outcome)s.")
                % {"outcome": decision.get_outcome_display()},
                url=decision.proposal.url or "",
            )
        )
    answered = (
        ConsultationPage.objects.live()
        .filter(thread__members__user=user, closes_at__lte=timezone.now())
        .exclude(what_we_decided="")
        .order_by("-closes_at")[:SHOWN]
    )
    for consultation in answered:
        outcomes.append(
            Outcome(
                what=_("The consultation “%(title)s”") % {"title": consultation.title},
                became=_("The council has published what it heard and what it decided."),
                url=f"{consultation.url}you-said-we-did/",
            )
        )
    return outcomes


def _closing(user: Any) -> list[Closing]:
    now = timezone.now()
    pages = (
        originals(ConsultationPage.objects.live().public())
        .filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + CLOSING_SOON)
        .annotate(taken_part=Count("thread__members", filter=Q(thread__members__user=user)))
        .order_by("closes_at")[:SHOWN]
    )
    return [
        Closing(
            title=page.title,
            url=page.url or "",
            closes_at=page.closes_at,
            taken_part=bool(page.taken_part),
        )
        for page in pages
    ]


def your_hearth(user: Any) -> YourHearth:
    return YourHearth(
        discussions=_discussions(user),
        co_writing=_co_writing(user),
        outcomes=_outcomes(user),
        closing=_closing(user),
    )
