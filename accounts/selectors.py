"""Reads about organisations and the roles people hold in them."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
    normalise_email,
)


def boards_of(user: Any) -> QuerySet[Organisation]:
    """The reform boards a person is a board member of (none for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrganisationKind.REFORM_BOARD,
        memberships__user=user,
        memberships__role=MembershipRole.BOARD_MEMBER,
    ).distinct()


def is_board_member(user: Any, board: Organisation | None = None) -> bool:
    """Whether the person sits on a reform board: the given one, or any."""
    boards = boards_of(user)
    if board is not None:
        boards = boards.filter(pk=board.pk)
    return boards.exists()


def has_role(user: Any, organisation: Organisation, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        organisation=organisation, user=user, role__in=roles or MembershipRole.values
    ).exists()


def reform_boards() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.REFORM_BOARD)


def officer_organisation_ids(user: Any) -> set[int]:
    """The organisations a person is an officer of (none for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, role=MembershipRole.OFFICER).values_list(
            "organisation_id", flat=True
        )
    )


def people_found_by(query: str) -> QuerySet[User]:
    """Active accounts whose display name contains what was typed, or whose email address
    is exactly what was typed: a search finds a person someone has in mind, it does not
    spell out everyone's address a letter at a time. Nobody for an empty search."""
    query = " ".join(query.split())
    if not query:
        return User.objects.none()
    return User.objects.filter(
        Q(display_name__icontains=query) | Q(email=normalise_email(query)), is_active=True
    ).order_by("display_name")
