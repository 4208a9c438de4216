"""The membership form finds people by search: the page does not list every account, the
chooser finds the person asked for, and only those who set up memberships may search."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import Membership, User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/accounts/membership/add/"
RESULTS = "/admin/people/choose/results/"


def signed_in(*groups: str) -> Client:
    user: User = UserFactory.create(is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people() -> list[User]:
    return [
        UserFactory.create(display_name=f"Carer number {n}", email=f"carer{n}@example.org")
        for n in range(50)
    ]


def found(client: Client, query: str) -> str:
    response = client.get(RESULTS, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_membership_form_lists_no_accounts(people: list[User]) -> None:
    page = signed_in("Site administrators").get(ADD).content.decode()
    assert not [p for p in people if p.email in page or p.display_name in page]
    assert "/admin/people/choose/" in page  # the user field opens the chooser


def test_the_chooser_finds_a_person_by_display_name_or_whole_email(people: list[User]) -> None:
    client = signed_in("Site administrators")
    results = found(client, "number 17")
    assert "Carer number 17" in results
    assert "Carer number 18" not in results
    assert "Carer number 33" in found(client, "CARER33@example.org")
    # Part of an address finds nobody: the search does not spell out addresses.
    assert "Carer number" not in found(client, "carer3")


def test_the_chooser_lists_nobody_until_asked(people: list[User]) -> None:
    client = signed_in("Site administrators")
    modal = json.loads(client.get("/admin/people/choose/").content)
    assert "Carer number" not in modal["html"]
    assert "Carer number" not in found(client, "")


def test_the_chooser_does_not_find_a_closed_account(people: list[User]) -> None:
    User.objects.filter(pk=people[5].pk).update(is_active=False)
    assert "Carer number 5" not in found(signed_in("Site administrators"), "number 5")


@pytest.mark.parametrize("groups", [(), ("Editors", "Moderators")])
def test_only_those_who_set_up_memberships_may_search(
    people: list[User], groups: tuple[str, ...]
) -> None:
    client = signed_in(*groups)
    chooser = "/admin/people/choose/"
    for url in (chooser, RESULTS + "?q=Carer", f"{chooser}chosen/{people[0].pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Carer number" not in response.content.decode()


def test_a_site_administrator_gives_the_chosen_person_a_role(people: list[User]) -> None:
    client = signed_in("Site administrators")
    council = OrganisationFactory.create()
    chosen: dict[str, Any] = json.loads(
        client.get(f"/admin/people/choose/chosen/{people[7].pk}/").content
    )
    assert chosen["result"]["title"] == "Carer number 7"
    response = client.post(
        ADD, {"organisation": council.pk, "user": chosen["result"]["id"], "role": "officer"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=people[7], organisation=council).exists()
