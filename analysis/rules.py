"""Who may ask for an analysis of a consultation and see its small groups (django-rules)."""

from typing import Any

import rules

from accounts.models import MembershipRole
from accounts.rules import staff_speaking_for
from accounts.selectors import has_role, is_board_member


@rules.predicate
def is_staff_for_its_organisation(user: Any, consultation: Any) -> bool:
    """Organisations apart: another council's officer is refused, staff or not."""
    return staff_speaking_for(user, consultation.organisation_id)


# Both ask whether the person is signed in before loading the consultation's
# organisation or board: most readers of a report are not, and need no query for it.


@rules.predicate
def is_officer_of_consultation(user: Any, consultation: Any) -> bool:
    return user.is_authenticated and has_role(
        user, consultation.organisation, MembershipRole.OFFICER
    )


@rules.predicate
def is_board_member_of_consultation(user: Any, consultation: Any) -> bool:
    if not user.is_authenticated:
        return False
    board = consultation.reform_board
    return board is not None and is_board_member(user, board)


RULES = rules.RuleSet()
# The people who answer for a consultation: they start runs and see groups of fewer
# than five people, which the public does not (small numbers could identify someone).
RULES.add_rule(
    "analysis.request_run",
    is_staff_for_its_organisation | is_officer_of_consultation | is_board_member_of_consultation,
)
RULES.add_rule(
    "analysis.see_small_groups",
    is_staff_for_its_organisation | is_officer_of_consultation | is_board_member_of_consultation,
)


def can(user: Any, rule: str, obj: Any = None) -> bool:
    return bool(RULES.test_rule(rule, user, obj))
