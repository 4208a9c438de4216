"""Wagtail's admin works with Hearth's user: display names, no real names."""

import pytest
from django.test import Client

from accounts.models import RelationshipToCare, User
from tests.factories import UserFactory


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_admin_creates_a_user_with_a_display_name(admin_client: Client) -> None:
    form = admin_client.get("/admin/users/new/").content.decode()
    assert 'name="display_name"' in form
    assert 'name="first_name"' not in form
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "new.officer@example.org",
            "display_name": "New officer",
            "relationship_to_care": RelationshipToCare.COUNCIL_NHS_STAFF,
            "password1": "meadow-lantern-copper",
            "password2": "meadow-lantern-copper",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="new.officer@example.org")
    assert created.display_name == "New officer"


@pytest.mark.django_db
def test_admin_edits_a_display_name(admin_client: Client) -> None:
    person = UserFactory.create(display_name="Old name")
    page = admin_client.get(f"/admin/users/edit/{person.pk}/").content.decode()
    assert 'value="Old name"' in page
    response = admin_client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": person.email,
            "display_name": "New name",
            "relationship_to_care": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.display_name == "New name"


@pytest.mark.django_db
def test_admin_is_closed_to_participants(client: Client) -> None:
    client.force_login(UserFactory.create())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
