"""Organisations and the roles people hold in them; board membership drives proposal rules."""

import pytest
from django.test import Client

from accounts import selectors, services
from accounts.models import Membership, MembershipRole, Organisation, OrganisationKind
from common.errors import ServiceError
from proposals.rules import is_board_member
from tests.factories import UserFactory


@pytest.mark.django_db
def test_an_organisation_gets_a_slug_and_a_twelve_week_minimum() -> None:
    council = services.organisation_create(name="  Northshire   Council ", kind="council")
    assert council.name == "Northshire Council"
    assert council.slug == "northshire-council"
    assert council.minimum_consultation_days == 84


@pytest.mark.django_db
def test_an_organisation_needs_a_known_kind_and_a_unique_name() -> None:
    services.organisation_create(name="Care Board", kind=OrganisationKind.REFORM_BOARD)
    with pytest.raises(ServiceError) as error:
        services.organisation_create(name="Care Board", kind="club")
    assert {one.field for one in error.value.each()} >= {"name", "kind"}
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_only_a_reform_board_has_board_members() -> None:
    council = services.organisation_create(name="Northshire Council", kind="council")
    person = UserFactory.create()
    with pytest.raises(ServiceError, match="Only a reform board has board members"):
        services.membership_add(organisation=council, user=person, role=MembershipRole.BOARD_MEMBER)
    assert not Membership.objects.exists()
    services.membership_add(organisation=council, user=person, role=MembershipRole.OFFICER)
    assert selectors.has_role(person, council, MembershipRole.OFFICER)
    assert not selectors.has_role(person, council, MembershipRole.FACILITATOR)


@pytest.mark.django_db
def test_a_role_is_held_once() -> None:
    council = services.organisation_create(name="Northshire Council", kind="council")
    person = UserFactory.create(display_name="Priya")
    services.membership_add(organisation=council, user=person, role=MembershipRole.OFFICER)
    with pytest.raises(ServiceError, match="Priya is already officer"):
        services.membership_add(organisation=council, user=person, role=MembershipRole.OFFICER)
    services.membership_add(organisation=council, user=person, role=MembershipRole.FACILITATOR)
    assert Membership.objects.filter(user=person).count() == 2


@pytest.mark.django_db
def test_board_membership_not_a_group_makes_a_board_member() -> None:
    board = services.organisation_create(name="Care Board", kind=OrganisationKind.REFORM_BOARD)
    other_board = services.organisation_create(name="Other Board", kind="reform_board")
    member, officer = UserFactory.create(), UserFactory.create()
    council = services.organisation_create(name="Northshire Council", kind="council")
    services.membership_add(organisation=council, user=officer, role=MembershipRole.OFFICER)
    assert not is_board_member(member)
    membership = services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    assert is_board_member(member)
    assert not is_board_member(officer)
    assert selectors.is_board_member(member, board)
    assert not selectors.is_board_member(member, other_board)
    services.membership_remove(membership=membership)
    assert not is_board_member(member)


@pytest.mark.django_db
def test_staff_manage_organisations_in_the_wagtail_admin() -> None:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/snippets/accounts/organisation/add/",
        {"name": "Care Board", "slug": "care-board", "kind": "reform_board",
         "minimum_consultation_days": "84"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    board = Organisation.objects.get(slug="care-board")
    council = services.organisation_create(name="Northshire Council", kind="council")
    person = UserFactory.create()
    refused = client.post(
        "/admin/snippets/accounts/membership/add/",
        {"organisation": council.pk, "user": person.pk, "role": "board_member"},
    )
    assert refused.status_code == 200
    assert "Only a reform board has board members" in refused.content.decode()
    added = client.post(
        "/admin/snippets/accounts/membership/add/",
        {"organisation": board.pk, "user": person.pk, "role": "board_member"},
    )
    assert added.status_code == 302
    assert selectors.is_board_member(person, board)
