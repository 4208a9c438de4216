"""Pages served through the ASGI application, whose middleware runs synchronously."""

import pytest
from channels.testing import HttpCommunicator
from django.test import Client

from accounts.models import User
from cms.site_tree import ensure_site_tree
from config.asgi import application
from tests.factories import UserFactory
from tests.support.aio import run_in_own_loop


def headers(response: dict[str, object]) -> dict[str, str]:
    return {k.decode().lower(): v.decode() for k, v in response["headers"]}  # type: ignore[attr-defined]


def get(path: str, cookie: str = "") -> dict[str, object]:
    sent = [(b"host", b"testserver")] + ([(b"cookie", cookie.encode())] if cookie else [])
    communicator = HttpCommunicator(application, "GET", path, headers=sent)
    return run_in_own_loop(communicator.get_response(timeout=10))


@pytest.fixture
def person(transactional_db: None) -> User:
    ensure_site_tree()
    return UserFactory.create(display_name="Ama Mensah")


def test_a_page_has_every_middlewares_part(person: User) -> None:
    response = get("/account/sign-in/")
    assert response["status"] == 200
    sent = headers(response)
    assert "frame-ancestors 'none'" in sent["content-security-policy"]
    assert sent["x-frame-options"] == "DENY"
    assert "csrftoken=" in sent["set-cookie"]
    assert b'name="csrfmiddlewaretoken"' in response["body"]  # type: ignore[operator]


def test_a_signed_in_person_is_known_by_their_session(person: User) -> None:
    client = Client()
    client.force_login(person)
    response = get("/account/details/", cookie=f"sessionid={client.cookies['sessionid'].value}")
    assert response["status"] == 200
    assert b"Ama Mensah" in response["body"]  # type: ignore[operator]


def test_a_missing_page_gets_the_not_found_page(person: User) -> None:
    response = get("/no-such-page/")
    assert response["status"] == 404
    assert b"Page not found" in response["body"]  # type: ignore[operator]
