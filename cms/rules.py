"""Who may do what to consultation pages, declared once (django-rules)."""

from typing import Any

import rules

from accounts.models import MembershipRole
from accounts.selectors import has_role


@rules.predicate
def is_cms_editor(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_officer_of_organisation(user: Any, consultation: Any) -> bool:
    # Signed in first: an anonymous visitor needs no query for the organisation.
    return user.is_authenticated and has_role(
        user, consultation.organisation, MembershipRole.OFFICER
    )


RULES = rules.RuleSet()
# Officers see warnings about their own consultations that the public does not need.
RULES.add_rule("cms.manage_consultation", is_cms_editor | is_officer_of_organisation)


def can(user: Any, rule: str, obj: Any = None) -> bool:
    return bool(RULES.test_rule(rule, user, obj))
