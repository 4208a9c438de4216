"""Sign-up: bad input is explained beside each field, keeps what was typed, creates nothing."""

import pytest
from django.test import Client

from accounts.models import RelationshipToCare, User
from tests.factories import UserFactory

GOOD = {
    "email": "kim@example.org",
    "display_name": "Kim",
    "relationship_to_care": RelationshipToCare.CARE_WORKER,
    "password": "lantern-orchard-pebble",
    "password_confirmation": "lantern-orchard-pebble",
}


def _sign_up(client: Client, status: int = 400, **changes: str) -> str:
    """The page a refused sign-up shows: the form again, with status 400 when the service
    refused it (common.errors.http_status), 200 when the form's own checks did."""
    response = client.post("/account/sign-up/", {**GOOD, **changes})
    assert response.status_code == status, "a refused sign-up shows the form again"
    return response.content.decode()


def _assert_error_linked(page: str, field_id: str, message: str) -> None:
    assert "<title>Error: Create an account – Hearth</title>" in page
    assert f'<a href="#{field_id}">{message}' in page, f"error summary should link {message!r}"
    assert f'id="{field_id.removesuffix("_0")}-error"' in page or f'id="{field_id}-error"' in page


@pytest.mark.django_db
def test_good_sign_up_creates_the_account_and_signs_in(client: Client) -> None:
    response = client.post("/account/sign-up/", GOOD, follow=True)
    assert "Welcome to Hearth, Kim." in response.content.decode()
    user = User.objects.get(email="kim@example.org")
    assert user.relationship_to_care == RelationshipToCare.CARE_WORKER
    assert user.check_password("lantern-orchard-pebble")
    assert response.context["user"] == user


@pytest.mark.django_db
def test_an_email_already_used_is_refused_whatever_its_case(client: Client) -> None:
    UserFactory.create(email="kim@example.org")
    page = _sign_up(client, email="KIM@Example.org", display_name="Kim two")
    _assert_error_linked(page, "id_email", "An account with this email address already exists")
    assert 'value="KIM@Example.org"' in page
    assert 'value="Kim two"' in page
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_not_shown_again(client: Client) -> None:
    page = _sign_up(client, password="password1", password_confirmation="password1")
    _assert_error_linked(page, "id_password", "This password is too short.")
    assert "This password is too common." in page
    assert "password1" not in page
    assert 'value="kim@example.org"' in page
    assert 'value="care_worker" checked' in page
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_password_like_the_email_is_refused(client: Client) -> None:
    page = _sign_up(client, password="kim@example.org1", password_confirmation="kim@example.org1")
    assert "The password is too similar to the email address." in page
    assert not User.objects.exists()


@pytest.mark.django_db
def test_mismatched_confirmation_is_refused(client: Client) -> None:
    page = _sign_up(client, status=200, password_confirmation="lantern-orchard-pebbles")
    _assert_error_linked(page, "id_password_confirmation", "The two passwords do not match")
    assert "lantern-orchard-pebble" not in page
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_empty_form_names_every_missing_answer(client: Client) -> None:
    response = client.post("/account/sign-up/", {})
    page = response.content.decode()
    _assert_error_linked(page, "id_email", "Enter your email address")
    _assert_error_linked(page, "id_display_name", "Enter a display name")
    _assert_error_linked(page, "id_password", "Enter a password")
    _assert_error_linked(page, "id_password_confirmation", "Type your password again")
    assert "relationship_to_care" not in str(response.context["form"].errors)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_display_name_taken_in_another_case_is_refused(client: Client) -> None:
    UserFactory.create(display_name="Kim")
    page = _sign_up(client, display_name="KIM")
    _assert_error_linked(page, "id_display_name", "That display name is already taken")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_address(client: Client, settings: object) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-up": "2/h"}  # type: ignore[attr-defined]
    for n in range(2):
        client.post(
            "/account/sign-up/", {**GOOD, "email": f"a{n}@example.org", "display_name": f"A{n}"}
        )
    response = client.post(
        "/account/sign-up/", {**GOOD, "email": "c@example.org", "display_name": "C"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "Wait 1 hour, then try again." in response.content.decode()
    assert not User.objects.filter(email="c@example.org").exists()
