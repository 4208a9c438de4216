"""Sign-in limits a workshop can live with: only failed attempts count, per account (10 in
15 minutes) and per address with a high ceiling (100 in 15 minutes)."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WORKSHOP = "203.0.113.7"  # one shared wifi


def _sign_in(email: str, password: str) -> int:
    client = Client(REMOTE_ADDR=WORKSHOP)
    return client.post("/account/sign-in/", {"username": email, "password": password}).status_code


def test_forty_people_on_one_address_all_get_in() -> None:
    people = UserFactory.create_batch(40)
    answers = [_sign_in(person.email, PASSWORD) for person in people]
    assert answers == [302] * 40


def test_eleven_wrong_passwords_on_one_account_are_refused() -> None:
    person = UserFactory.create()
    wrong = [_sign_in(person.email, "not my password") for _ in range(10)]
    assert wrong == [200] * 10  # the form again, saying the password is not right
    # The eleventh try is refused, even with the right password and with the email
    # address typed differently.
    assert _sign_in(f"  {person.email.upper()} ", PASSWORD) == 429


def test_a_person_who_mistypes_a_few_times_still_gets_in() -> None:
    person = UserFactory.create()
    for _ in range(3):
        _sign_in(person.email, "typo")
    assert _sign_in(person.email, PASSWORD) == 302


def test_failures_from_one_address_stop_at_its_ceiling(settings: object) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-in-address": "5/15m"}  # type: ignore[attr-defined]
    guessed = UserFactory.create_batch(5)
    for person in guessed:
        assert _sign_in(person.email, "guess") == 200
    newcomer = UserFactory.create()
    assert _sign_in(newcomer.email, PASSWORD) == 429
