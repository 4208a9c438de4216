"""Who may do what to a proposal: small predicates, combined once, tested as a matrix.

Checked with ``can(user, "proposals.edit", proposal)``. Stage rules come from
proposals.lifecycle, so a stage's allowances are declared in one place.
"""

from typing import Any

import rules

from accounts.selectors import boards_of
from accounts.selectors import is_board_member as board_membership
from proposals.lifecycle import Action, Stage, allows
from proposals.models import AuthorRole, ProposalAuthor, ProposalPage


@rules.predicate
def is_co_author(user: Any, proposal: ProposalPage) -> bool:
    if not user.is_authenticated:
        return False
    return ProposalAuthor.objects.filter(proposal=proposal, user=user).exists()


@rules.predicate
def is_lead(user: Any, proposal: ProposalPage) -> bool:
    if not user.is_authenticated:
        return False
    return ProposalAuthor.objects.filter(
        proposal=proposal, user=user, role=AuthorRole.LEAD
    ).exists()


@rules.predicate
def is_cms_editor(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_board_member(user: Any) -> bool:
    """A board member of any reform board (accounts.Membership), not a Django group."""
    return board_membership(user)


@rules.predicate
def is_on_deciding_board(user: Any, proposal: ProposalPage) -> bool:
    """A board member of the board that decides (or decided) this proposal."""
    from proposals.decision_selectors import deciding_boards

    return boards_of(user).filter(pk__in=deciding_boards(proposal)).exists()


@rules.predicate
def is_published(user: Any, proposal: ProposalPage) -> bool:
    return bool(proposal.live)


def stage_allows(action: Action) -> rules.Predicate:
    @rules.predicate(name=f"stage_allows_{action.value}")
    def predicate(user: Any, proposal: ProposalPage) -> bool:
        return allows(proposal.stage, action)

    return predicate


@rules.predicate
def is_draft(user: Any, proposal: ProposalPage) -> bool:
    return bool(proposal.stage == Stage.DRAFT)


# Drafts are seen only by their co-authors and staff.
can_view = is_published | is_co_author | is_cms_editor

RULES = rules.RuleSet()
RULES.add_rule("proposals.view", can_view)
RULES.add_rule("proposals.edit", (is_co_author | is_cms_editor) & stage_allows(Action.EDIT))
RULES.add_rule(
    "proposals.suggest",
    rules.is_authenticated & is_published & stage_allows(Action.SUGGEST),
)
RULES.add_rule(
    "proposals.review_suggestions",
    (is_co_author | is_cms_editor) & stage_allows(Action.REVIEW_SUGGESTIONS),
)
RULES.add_rule(
    "proposals.comment", rules.is_authenticated & can_view & stage_allows(Action.COMMENT)
)
RULES.add_rule("proposals.manage_authors", (is_lead | is_cms_editor) & stage_allows(Action.EDIT))
RULES.add_rule("proposals.open", (is_lead | is_cms_editor) & is_draft)
RULES.add_rule(
    "proposals.advance", (is_cms_editor | is_board_member) & stage_allows(Action.ADVANCE)
)
RULES.add_rule("proposals.start", rules.is_authenticated)
RULES.add_rule(
    "proposals.decide", (is_cms_editor | is_on_deciding_board) & stage_allows(Action.DECIDE)
)
# Commitments and their progress, once the board has decided.
RULES.add_rule("proposals.commit", is_cms_editor | is_on_deciding_board)
RULES.add_rule("proposals.moderate", is_cms_editor)


def can(user: Any, rule: str, proposal: ProposalPage | None = None) -> bool:
    return bool(RULES.test_rule(rule, user, proposal))
