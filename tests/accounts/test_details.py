import pytest
from django.test import Client

from accounts.models import RelationshipToCare, User
from tests.factories import UserFactory


@pytest.mark.django_db
def test_saving_details_changes_them(signed_in_client: Client, user: User) -> None:
    response = signed_in_client.post(
        "/account/details/",
        {
            "display_name": "Alex the carer",
            "email": user.email,
            "relationship_to_care": RelationshipToCare.DRAWS_ON_CARE,
        },
        follow=True,
    )
    assert "Your details have been saved." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Alex the carer"
    assert user.relationship_to_care == RelationshipToCare.DRAWS_ON_CARE


@pytest.mark.django_db
def test_a_taken_display_name_is_refused_and_nothing_changes(
    signed_in_client: Client, user: User
) -> None:
    UserFactory.create(display_name="Robin")
    response = signed_in_client.post(
        "/account/details/",
        {"display_name": "ROBIN", "email": "new@example.org", "relationship_to_care": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "That display name is already taken" in page
    assert 'href="#id_display_name"' in page
    user.refresh_from_db()
    assert user.display_name != "ROBIN"
    assert user.email != "new@example.org"
