"""Assisted participation: consent for a supporter to take part on someone's behalf.

Services here write consent; ``acting_for`` is what every contribution service calls
when a supporter posts, votes, answers, suggests or comments for someone, so the check
lives in one place (accounts.rules).
"""

from typing import Any

import rules
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as _rules  # noqa: F401 - registers the permissions used here
from accounts.models import SupportArea, SupportConsent, SupportRole, SupportScope, User
from accounts.services import notification_send
from common.errors import FORBIDDEN, ServiceError, refuse
from common.text import EMPTY, TOO_LONG

SUPPORT_PAGE = "/account/support/"
# The codes of this module's refusals (common.errors.ServiceError), besides forbidden.
INVALID_CHOICE = "invalid_choice"
UNKNOWN_PERSON = "unknown_person"
SAME_PERSON = "same_person"
ALREADY_ASKED = "already_asked"
WITHDRAWN = "withdrawn"


def _find_person(identifier: str) -> User | None:
    identifier = " ".join(identifier.split())
    if not identifier:
        return None
    return User.objects.filter(
        Q(email__iexact=identifier) | Q(display_name__iexact=identifier), is_active=True
    ).first()


def _check_choices(role: str, scope: str) -> list[ServiceError]:
    errors = []
    if role not in SupportRole.values:
        errors.append(
            ServiceError(INVALID_CHOICE, _("Choose how this person supports you"), field="role")
        )
    if scope not in SupportScope.values:
        errors.append(
            ServiceError(INVALID_CHOICE, _("Choose what they can do for you"), field="scope")
        )
    return errors


def _save(consent: SupportConsent) -> SupportConsent:
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError:
        raise ServiceError(
            ALREADY_ASKED,
            _("This person already has your consent, or an invitation from you"),
            field="supporter",
        ) from None
    return consent


@transaction.atomic
def support_invite(*, person: User, supporter: str, role: str, scope: str) -> SupportConsent:
    """The person gives consent by inviting a supporter (by display name or email); it is
    active once the supporter accepts."""
    errors = _check_choices(role, scope)
    found = _find_person(supporter)
    if found is None:
        errors.append(
            ServiceError(
                UNKNOWN_PERSON,
                _(
                    "There is nobody with that display name or email address on Hearth. "
                    "Ask your supporter to make an account first"
                ),
                field="supporter",
            )
        )
    elif found.pk == person.pk:
        errors.append(
            ServiceError(
                SAME_PERSON,
                _("You cannot be your own supporter. Enter someone else"),
                field="supporter",
            )
        )
    refuse(errors)
    assert found is not None
    consent = _save(SupportConsent(person=person, supporter=found, role=role, scope=scope))
    notification_send(
        user=found,
        message=lambda: (
            _("%(name)s asks you to support them on Hearth.") % {"name": person.display_name}
        ),
        url=SUPPORT_PAGE,
        email_subject=lambda: _("Someone asks you to support them on Hearth"),
    )
    return consent


@transaction.atomic
def support_accept(*, supporter: User, consent: SupportConsent) -> SupportConsent:
    consent = SupportConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.supporter_id != supporter.pk:
        raise ServiceError(FORBIDDEN, _("Only the person invited can accept this"))
    if consent.withdrawn_at is not None:
        raise ServiceError(
            WITHDRAWN,
            _("%(name)s has withdrawn this invitation. Nothing has changed.")
            % {"name": consent.person.display_name},
        )
    if consent.accepted_at is None:
        consent.accepted_at = timezone.now()
        consent.save(update_fields=["accepted_at"])
    return consent


@transaction.atomic
def support_withdraw(*, by: User, consent: SupportConsent) -> SupportConsent:
    """End consent at once. The person can withdraw it; the supporter can stop."""
    consent = SupportConsent.objects.select_for_update().get(pk=consent.pk)
    if by.pk not in (consent.person_id, consent.supporter_id):
        raise ServiceError(FORBIDDEN, _("Only the person or their supporter can end this"))
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        other = consent.supporter if by.pk == consent.person_id else consent.person
        notification_send(
            user=other,
            message=lambda: (
                _(
                    "%(by)s has ended support on Hearth. %(supporter)s can no longer act for "
                    "%(person)s."
                )
                % {
                    "by": by.display_name,
                    "supporter": consent.supporter.display_name,
                    "person": consent.person.display_name,
                }
            ),
            url=SUPPORT_PAGE,
        )
    return consent


@transaction.atomic
def support_record_offline(
    *, by: User, person: str, supporter: str, role: str, scope: str, how_given: str
) -> SupportConsent:
    """A facilitator or officer records consent the person gave offline (on paper, by
    phone, in a meeting). Active at once; the person sees it and can withdraw it."""
    if not rules.has_perm("accounts.record_support_consent", by):
        raise ServiceError(FORBIDDEN, _("Only facilitators and officers can record consent"))
    errors = _check_choices(role, scope)
    found_person, found_supporter = _find_person(person), _find_person(supporter)
    nobody = _("There is nobody with that display name or email address on Hearth")
    if found_person is None:
        errors.append(ServiceError(UNKNOWN_PERSON, nobody, field="person"))
    if found_supporter is None:
        errors.append(ServiceError(UNKNOWN_PERSON, nobody, field="supporter"))
    elif found_person is not None and found_person.pk == found_supporter.pk:
        errors.append(
            ServiceError(
                SAME_PERSON,
                _("The supporter must be someone other than the person"),
                field="supporter",
            )
        )
    how_given = how_given.strip()
    if not how_given:
        errors.append(
            ServiceError(
                EMPTY,
                _("Say how the person gave their consent, like ‘signed a paper form’"),
                field="how_given",
            )
        )
    elif len(how_given) > 300:
        errors.append(
            ServiceError(TOO_LONG, _("Keep this to 300 characters or fewer"), field="how_given")
        )
    refuse(errors)
    assert found_person is not None
    assert found_supporter is not None
    now = timezone.now()
    consent = _save(
        SupportConsent(
            person=found_person,
            supporter=found_supporter,
            role=role,
            scope=scope,
            given_at=now,
            accepted_at=now,
            recorded_by=by,
            how_given=how_given,
        )
    )
    notification_send(
        user=found_person,
        message=lambda: (
            _(
                "%(by)s recorded that you agreed %(supporter)s can take part for you. "
                "You can see or end this on your support page."
            )
            % {"by": by.display_name, "supporter": found_supporter.display_name}
        ),
        url=SUPPORT_PAGE,
    )
    return consent


def acting_for(*, supporter: Any, person_id: Any, area: SupportArea) -> User:
    """The person a supporter acts for, if their consent allows it now; else a ``forbidden``
    refusal the supporter can act on. Every on-behalf contribution goes through this."""
    person = None
    if str(person_id).isdigit():  # a forged form may send anything
        person = User.objects.filter(pk=int(person_id), is_active=True).first()
    if person is None or supporter is None:
        raise ServiceError(
            FORBIDDEN, _("You can only take part for someone who has asked you to support them.")
        )
    if rules.has_perm(f"accounts.act_for_in_{area}", supporter, person):
        return person
    ended = SupportConsent.objects.filter(
        person=person, supporter=supporter, withdrawn_at__isnull=False
    ).exists()
    if ended:
        raise ServiceError(
            FORBIDDEN,
            _(
                "%(name)s has withdrawn their consent, so you cannot take part for them any "
                "more. Nothing was sent."
            )
            % {"name": person.display_name},
        )
    raise ServiceError(
        FORBIDDEN,
        _("You do not have %(name)s’s consent to do this for them. Nothing was sent.")
        % {"name": person.display_name},
    )


def people_supported_by(supporter: Any, area: SupportArea) -> list[User]:
    """Whom a supporter may act for in an area now, by display name."""
    if not getattr(supporter, "is_authenticated", False):
        return []
    consents = SupportConsent.objects.filter(
        supporter=supporter, accepted_at__isnull=False, withdrawn_at__isnull=True
    ).select_related("person")
    people = {c.person for c in consents if c.covers(area) and c.person.is_active}
    return sorted(people, key=lambda p: p.display_name.lower())


def consents_of(user: User) -> QuerySet[SupportConsent]:
    """Every consent a person gave or was given, newest first."""
    return SupportConsent.objects.filter(Q(person=user) | Q(supporter=user)).select_related(
        "person", "supporter", "recorded_by"
    )


def may_record(user: Any) -> bool:
    return bool(rules.has_perm("accounts.record_support_consent", user))
