"""Who may act for whom, declared once (django-rules).

* A supporter may act for a person in an area (discussions or proposals) while the
  person's consent is active (accepted and not withdrawn) and covers that area.
* Facilitators, officers and staff may record consent a person gave offline.
* Only those who set up memberships may search the accounts for a person.
* Organisations apart: staff who are an organisation's officer speak only for their own
  organisations; staff who are nobody's officer (the site's own editors) for any.
"""

from typing import Any

import rules

from accounts.models import MembershipRole, SupportArea, SupportConsent
from accounts.selectors import officer_organisation_ids


def active_consent(supporter: Any, person: Any) -> SupportConsent | None:
    if not getattr(supporter, "is_authenticated", False) or person is None:
        return None
    return (
        SupportConsent.objects.filter(
            person=person, supporter=supporter, accepted_at__isnull=False, withdrawn_at__isnull=True
        )
        .order_by("-given_at")
        .first()
    )


def _may_act_in(area: str) -> rules.Predicate:
    @rules.predicate(name=f"may_act_for_in_{area}")
    def predicate(supporter: Any, person: Any) -> bool:
        consent = active_consent(supporter, person)
        return consent is not None and consent.covers(area)

    return predicate


def officer_organisation_ids_once(user: Any) -> set[int]:
    """Looked up once per user object, that is once a request: the admin's page explorer
    asks about every page it lists."""
    found: set[int] | None = getattr(user, "_officer_organisation_ids", None)
    if found is None:
        found = officer_organisation_ids(user)
        user._officer_organisation_ids = found
    return found


def staff_speaking_for(user: Any, organisation_id: int | None) -> bool:
    """Staff who may act for this organisation: its officers, or staff who are nobody's
    officer. Another organisation's officer may not, staff or not."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    mine = officer_organisation_ids_once(user)
    return organisation_id is None or not mine or organisation_id in mine


@rules.predicate
def is_facilitator_or_officer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_staff
        or user.memberships.filter(
            role__in=[MembershipRole.FACILITATOR, MembershipRole.OFFICER]
        ).exists()
    )


@rules.predicate
def sets_up_memberships(user: Any) -> bool:
    """Site administrators (and superusers) choose who holds a role in an organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(
        user.has_perm("accounts.add_membership") or user.has_perm("accounts.change_membership")
    )


rules.add_perm("accounts.act_for_in_discussions", _may_act_in(SupportArea.DISCUSSIONS))
rules.add_perm("accounts.act_for_in_proposals", _may_act_in(SupportArea.PROPOSALS))
rules.add_perm("accounts.record_support_consent", is_facilitator_or_officer)
# Searching the accounts (the content admin's person chooser) shows who has one: only for
# those who need it to give someone a role.
rules.add_perm("accounts.find_people", sets_up_memberships)
