import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_sign_in_with_email_in_any_case(client: Client, user: User) -> None:
    response = client.post(
        "/account/sign-in/", {"username": user.email.upper(), "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == user
    assert response.redirect_chain[-1][0] == "/you/"  # Your Hearth


@pytest.mark.django_db
def test_wrong_password_is_explained_and_linked(client: Client, user: User) -> None:
    response = client.post("/account/sign-in/", {"username": user.email, "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_username">The email address or password is not right.' in page
    assert f'value="{user.email}"' in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_in_is_rate_limited_per_account(client: Client, user: User, settings: object) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-in": "3/15m"}  # type: ignore[attr-defined]
    for _ in range(3):
        client.post("/account/sign-in/", {"username": user.email, "password": "guess"})
    response = client.post("/account/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "Wait 15 minutes, then try again." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_needs_a_post_and_ends_the_session(signed_in_client: Client) -> None:
    assert signed_in_client.get("/account/sign-out/").status_code == 405
    response = signed_in_client.post("/account/sign-out/", follow=True)
    assert "You have signed out" in response.content.decode()
    assert "_auth_user_id" not in signed_in_client.session


@pytest.mark.django_db
def test_details_page_needs_sign_in(client: Client) -> None:
    response = client.get("/account/details/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/?next=/account/details/")


@pytest.mark.django_db
def test_password_reset_by_email(client: Client, user: User) -> None:
    response = client.post("/account/password-reset/", {"email": user.email}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Reset your Hearth password"
    assert f"Hello {user.display_name}," in message.body
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", str(message.body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "quiet-river-stone", "new_password2": "quiet-river-stone"},
        follow=True,
    )
    assert "Your password has been changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("quiet-river-stone")


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client: Client,
) -> None:
    response = client.post("/account/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []
