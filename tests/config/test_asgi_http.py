"""Pages served through the ASGI application, each request in one hop to a pool thread."""

import asyncio
import csv
import io

import pytest
from channels.testing import HttpCommunicator
from django.test import Client

from accounts.models import User
from cms.services import consultation_discussion
from cms.site_tree import ensure_site_tree
from config.asgi import application
from tests.factories import StatementFactory, UserFactory, make_consultation


def headers(response: dict[str, object]) -> dict[str, str]:
    return {k.decode().lower(): v.decode() for k, v in response["headers"]}  # type: ignore[attr-defined]


def get(path: str, cookie: str = "") -> dict[str, object]:
    sent = [(b"host", b"testserver")] + ([(b"cookie", cookie.encode())] if cookie else [])
    communicator = HttpCommunicator(application, "GET", path, headers=sent)
    return asyncio.run(communicator.get_response(timeout=10))


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


def test_a_streamed_download_arrives_whole_with_its_headers(person: User) -> None:
    consultation = make_consultation()
    consultation_discussion(consultation=consultation)
    consultation.refresh_from_db()
    for n in range(300):
        StatementFactory.create(thread=consultation.thread, author=person, text=f"Idea {n}")

    response = get(f"/open-data/consultations/{consultation.slug}/statements.csv")

    assert response["status"] == 200
    sent = headers(response)
    assert sent["content-type"] == "text/csv; charset=utf-8"
    assert sent["content-disposition"] == 'attachment; filename="home-care-statements.csv"'
    rows = list(csv.DictReader(io.StringIO(response["body"].decode())))  # type: ignore[attr-defined]
    assert [row["text"] for row in rows] == [f"Idea {n}" for n in range(300)]
