"""A participant's way in: the home page shows what is open now, and "Your Hearth" what a
person takes part in, what is new, what became of what they said and what closes soon."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cms.models import HomePage, ProposalIndexPage
from cms.services import consultation_discussion
from deliberation.models import StatementStatus
from deliberation.services import thread_mark_seen
from proposals import services as proposal_services
from tests.factories import (
    PASSWORD,
    MessageFactory,
    StatementFactory,
    UserFactory,
    make_consultation,
)

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _with_discussion(**fields: Any) -> Any:
    consultation = make_consultation(**fields)
    consultation.thread = consultation_discussion(consultation=consultation)
    return consultation


def test_the_home_page_shows_what_is_open_with_closing_dates(
    site_tree: HomePage, client: Client
) -> None:
    now = timezone.now()
    soon = make_consultation(
        title="Respite for carers", slug="respite", closes_at=now + timedelta(days=3)
    )
    make_consultation(
        title="Day centres",
        slug="day-centres",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=1),
    )
    make_consultation(
        title="Transport to care",
        slug="transport",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=60),
    )
    text = _text(client.get("/").content.decode())
    assert "Consultations open now" in text
    assert "Respite for carers" in text
    assert f"Closes soon Closes on {soon.closes_at:%-d %B %Y}" in text
    assert "Day centres" not in text  # closed
    assert "Transport to care" not in text  # not open yet


def test_the_home_page_says_so_when_nothing_is_open(site_tree: HomePage, client: Client) -> None:
    text = _text(client.get("/").content.decode())
    assert "No consultation is open right now." in text
    assert "No proposal is being written right now." in text


def test_proposals_being_written_are_listed_and_drafts_are_not(
    site_tree: HomePage, client: Client
) -> None:
    index = ProposalIndexPage.objects.get()
    lead = UserFactory.create()
    opened = proposal_services.proposal_create(
        index=index, author=lead, title="Fair pay for care workers", summary="Pay them fairly."
    )
    proposal_services.proposal_open(proposal=opened, by=lead)
    proposal_services.proposal_create(
        index=index, author=lead, title="A secret draft", summary="Not yet shown."
    )
    text = _text(client.get("/").content.decode())
    assert "Fair pay for care workers" in text
    assert "Pay them fairly." in text
    assert "A secret draft" not in text


def test_busy_discussions_count_the_people_who_wrote_this_week(
    site_tree: HomePage, client: Client
) -> None:
    consultation = _with_discussion(title="Home care", slug="home-care")
    for person in UserFactory.create_batch(3):
        MessageFactory.create(thread=consultation.thread, author=person)
    text = _text(client.get("/").content.decode())
    assert "People are talking about" in text
    assert "Home care : 3 people wrote in its discussion this week." in text


def test_the_home_page_costs_the_same_queries_however_much_is_open(
    site_tree: HomePage, client: Client, django_assert_max_num_queries: Any
) -> None:
    _with_discussion(title="First", slug="first")
    client.get("/")  # the site's page tree is remembered after the first request
    with django_assert_max_num_queries(100) as one:
        client.get("/")
    queries = len(one.captured_queries)  # read now: the next request empties the log
    for n in range(5):
        _with_discussion(title=f"More {n}", slug=f"more-{n}")
    client.get("/")  # publishing forgot the remembered tree
    with django_assert_max_num_queries(queries):
        client.get("/")


def test_signing_in_leads_to_your_hearth(site_tree: HomePage, client: Client) -> None:
    UserFactory.create(email="sam@example.org")
    response = client.post(
        "/account/sign-in/", {"username": "sam@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/you/"


def test_your_hearth_needs_signing_in(site_tree: HomePage, client: Client) -> None:
    response = client.get("/you/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_your_hearth_shows_what_is_new_and_what_became_of_it(
    site_tree: HomePage, user: User, signed_in_client: Client
) -> None:
    consultation = _with_discussion(
        title="Respite for carers", slug="respite", closes_at=timezone.now() + timedelta(days=4)
    )
    thread = consultation.thread
    others = UserFactory.create_batch(2)
    read = MessageFactory.create(thread=thread, author=others[0])
    thread_mark_seen(thread=thread, user=user, last_message_id=read.pk)
    for person in others:
        MessageFactory.create(thread=thread, author=person)
    StatementFactory.create(
        thread=thread,
        author=user,
        text="Carers need a break every month",
        status=StatementStatus.REJECTED,
        rejection_reason="It repeats statement 3",
    )
    StatementFactory.create(
        thread=thread, author=user, text="Respite should be free", status=StatementStatus.ACCEPTED
    )

    text = _text(signed_in_client.get("/you/").content.decode())
    assert "Respite for carers : 2 new messages since you last read it." in text
    assert "Closing soon" in text
    assert "Respite for carers closes on" in text
    assert "Not accepted: It repeats statement 3." in text
    assert "Your statement “Respite should be free” Accepted: people can vote on it." in text


def test_your_hearth_tells_co_authors_what_waits_for_them(
    site_tree: HomePage, user: User, signed_in_client: Client
) -> None:
    index = ProposalIndexPage.objects.get()
    proposal = proposal_services.proposal_create(
        index=index, author=user, title="Fair pay", summary="Pay care workers fairly."
    )
    proposal = proposal_services.proposal_open(proposal=proposal, by=user)
    proposal_services.suggestion_create(
        proposal=proposal,
        author=UserFactory.create(),
        section="summary",
        text="Pay care workers a real living wage.",
        reason="Fair is vague.",
    )
    text = _text(signed_in_client.get("/you/").content.decode())
    assert "Proposals you are writing" in text
    assert "Fair pay : 1 suggestion waiting for you, 0 comments on its sections." in text
