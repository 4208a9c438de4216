"""Setting up organisations is a site administrator's role, not a superuser's: editors and
officers cannot add a council, a site administrator can."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import Organisation, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/accounts/organisation/add/"


def signed_in(*groups: str) -> Client:
    user: User = UserFactory.create(is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return client


def test_a_site_administrator_adds_an_organisation_without_being_a_superuser() -> None:
    client = signed_in("Site administrators")
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        {"name": "Westshire Council", "slug": "westshire", "kind": "council",
         "minimum_consultation_days": "84"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Organisation.objects.filter(slug="westshire").exists()


@pytest.mark.parametrize("groups", [("Editors",), ("Editors", "Moderators")])
def test_editors_cannot_add_an_organisation(groups: tuple[str, ...]) -> None:
    client = signed_in(*groups)
    response = client.post(
        ADD,
        {"name": "Westshire Council", "slug": "westshire", "kind": "council",
         "minimum_consultation_days": "84"},
    )  # fmt: skip
    assert response.status_code in (302, 403)
    assert not Organisation.objects.filter(slug="westshire").exists()
