"""Who may do what to consultation pages, declared once (django-rules)."""

from typing import Any

import rules

from accounts.models import MembershipRole
from accounts.rules import officer_organisation_ids_once, staff_speaking_for
from accounts.selectors import has_role


@rules.predicate
def is_cms_editor_for_its_organisation(user: Any, consultation: Any) -> bool:
    return staff_speaking_for(user, consultation.organisation_id)


@rules.predicate
def is_officer_of_organisation(user: Any, consultation: Any) -> bool:
    # Signed in first: an anonymous visitor needs no query for the organisation.
    return user.is_authenticated and has_role(
        user, consultation.organisation, MembershipRole.OFFICER
    )


def page_organisation_id(page: Any) -> int | None:
    """The organisation a page belongs to: a consultation's or an organisation's own page."""
    return getattr(page, "organisation_id", None)


@rules.predicate
def is_site_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def speaks_for_the_pages_organisation(user: Any, page: Any) -> bool:
    """An officer edits only their own organisation's pages; an editor who is nobody's
    officer (the site's own editors) is not held to one organisation."""
    organisation_id = page_organisation_id(page)
    if organisation_id is None:
        return True
    mine = officer_organisation_ids_once(user)
    return not mine or organisation_id in mine


RULES = rules.RuleSet()
# Officers see warnings about their own consultations that the public does not need.
RULES.add_rule(
    "cms.manage_consultation", is_cms_editor_for_its_organisation | is_officer_of_organisation
)
# Editing, publishing, moving, copying or deleting a page in the admin (on top of Wagtail's
# own page permissions): organisations apart.
RULES.add_rule("cms.edit_page", is_site_administrator | speaks_for_the_pages_organisation)


def can(user: Any, rule: str, obj: Any = None) -> bool:
    return bool(RULES.test_rule(rule, user, obj))
