"""Reads for board decisions and commitments: the public accountability page and the
closed loop's list of who took part in a proposal."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from accounts.models import Organisation, OrganisationKind, User
from accounts.selectors import reform_boards
from deliberation.selectors import discussion_participants
from proposals.models import (
    Commitment,
    Decision,
    ProgressUpdate,
    ProposalAuthor,
    ProposalPage,
    SectionComment,
    Suggestion,
)


def deciding_boards(proposal: ProposalPage) -> QuerySet[Organisation]:
    """The board that decided this proposal; else the boards named by the consultations
    that link it; else every reform board."""
    decided = Decision.objects.filter(proposal=proposal).values("board")
    if decided.exists():
        return Organisation.objects.filter(pk__in=decided)
    named = Organisation.objects.filter(
        kind=OrganisationKind.REFORM_BOARD, board_consultations__proposals=proposal
    ).distinct()
    return named if named.exists() else reform_boards()


def _commitments_with_progress() -> Prefetch:
    return Prefetch(
        "commitments",
        queryset=Commitment.objects.select_related("owner_organisation").prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
        ),
    )


# The translations of a decision and of its commitments, progress updates and easy read
# ideas, each read in place of its original by readers of its language (readers_text).
# After the lookups of the parts themselves, whose querysets they reuse.
_TRANSLATIONS = (
    "translations",
    "easy_read__translations",
    "commitments__translations",
    "commitments__updates__translations",
)


def decision_of(proposal: ProposalPage) -> Decision | None:
    """The board's decision on this proposal with its easy read version, commitments and
    their progress, and the translations of each, or None while it is undecided: the same
    few queries however many there are. A translated page (another language's copy of the
    proposal) shows its original's: the board decides a proposal once."""
    return (
        Decision.objects.filter(proposal__translation_key=proposal.translation_key)
        .order_by("proposal_id")
        .select_related("board")
        .prefetch_related("easy_read__image", _commitments_with_progress(), *_TRANSLATIONS)
        .first()
    )


def decisions_with_commitments() -> QuerySet[Decision]:
    """Every decision on a published proposal with its commitments and their progress:
    four queries however many there are."""
    return (
        Decision.objects.filter(proposal__live=True)
        .select_related("proposal", "board", "decided_by")
        .prefetch_related("easy_read__image", _commitments_with_progress())
        .order_by("-decided_at", "-pk")
    )


def decisions_for_readers() -> QuerySet[Decision]:
    """Every decision on a published proposal, as the accountability page shows it: with
    its commitments and their progress, and the translations of each (each reader sees
    them in their own language where the board gave them in it). A fixed number of
    queries however many decisions and translations there are."""
    return decisions_with_commitments().prefetch_related(*_TRANSLATIONS)


@dataclass
class Contribution:
    """What one person did on a proposal, for telling them what became of it."""

    user: User
    authored: bool = False
    commented: bool = False
    suggestions: list[Suggestion] = field(default_factory=list)


def contributors_of(proposal: ProposalPage) -> list[Contribution]:
    """Co-authors, people who suggested changes, commented, or took part in the
    proposal's discussion (posted or voted), once each."""
    people: dict[int, Contribution] = {}

    def entry(user: User) -> Contribution:
        return people.setdefault(user.pk, Contribution(user=user))

    for author in ProposalAuthor.objects.filter(proposal=proposal).select_related("user"):
        entry(author.user).authored = True
    for suggestion in Suggestion.objects.filter(proposal=proposal).select_related("author"):
        entry(suggestion.author).suggestions.append(suggestion)
    for comment in SectionComment.objects.filter(proposal=proposal).select_related("author"):
        entry(comment.author).commented = True
    if proposal.thread_id is not None:
        for person in discussion_participants(proposal.thread_id):
            entry(person).commented = True
    return [c for c in people.values() if c.user.is_active]
