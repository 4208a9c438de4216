"""Who may act for whom, declared once (django-rules).

* A supporter may act for a person in an area (discussions or proposals) while the
  person's consent is active (accepted and not withdrawn) and covers that area.
* Facilitators, officers and staff may record consent a person gave offline.
* Only those who set up memberships may search the accounts for a person.
"""

from typing import Any

import rules

from accounts.models import MembershipRole, SupportArea, SupportConsent


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
