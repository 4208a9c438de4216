"""Easy read on consultations and board reports, and the reader's choice to see it first."""

import pytest
from django.test import Client

from accounts.easy_read import EASY_READ_COOKIE
from accounts.models import User
from cms.models import ConsultationPage
from tests.factories import make_consultation
from tests.support.easy_read import before, easy_read_stream, picture

NO_EASY_READ = "There is no easy read version of this page yet."
HEADING = 'id="easy-read-heading"'


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    image = picture()
    return make_consultation(
        easy_read=easy_read_stream(("We want to change home care.", image, "A care worker visits")),
        report_easy_read=easy_read_stream(("Most people want longer visits.", image, "A clock")),
    )


@pytest.mark.django_db
def test_a_consultation_shows_its_easy_read_with_pictures_and_alt_text(
    consultation: ConsultationPage,
) -> None:
    page = Client().get(consultation.url).content.decode()
    assert "We want to change home care." in page
    assert 'alt="A care worker visits"' in page
    assert NO_EASY_READ not in page
    # By default the full text comes first and the easy read sits beside it.
    assert before(page, "What is still open to change", HEADING)


@pytest.mark.django_db
def test_a_consultation_without_easy_read_says_so_and_shows_the_summary(
    site_tree: object,
) -> None:
    consultation = make_consultation(summary="Should day centres open on Sundays?")
    page = Client().get(consultation.url).content.decode()
    assert NO_EASY_READ in page
    assert before(page, NO_EASY_READ, "Here is a short summary:")
    assert page.count("Should day centres open on Sundays?") == 2  # under the title, and here


@pytest.mark.django_db
def test_the_board_report_has_its_own_easy_read(consultation: ConsultationPage) -> None:
    page = Client().get(f"{consultation.url}report/").content.decode()
    assert "Most people want longer visits." in page
    assert 'alt="A clock"' in page
    assert "We want to change home care." not in page  # that is the consultation's


@pytest.mark.django_db
def test_a_board_report_without_easy_read_says_so(site_tree: object) -> None:
    consultation = make_consultation(summary="Home care visits.")
    page = Client().get(f"{consultation.url}report/").content.decode()
    assert NO_EASY_READ in page
    assert "Home care visits." in page


@pytest.mark.django_db
def test_an_anonymous_reader_chooses_easy_read_first_without_javascript(
    consultation: ConsultationPage,
) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(consultation.url).content.decode()
    assert "Show easy read first" in page
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/account/easy-read/",
        {"show": "easy_read", "next": consultation.url, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == consultation.url
    assert client.cookies[EASY_READ_COOKIE].value == "1"

    page = client.get(consultation.url).content.decode()
    assert "Pages now show the easy read version first." in page
    assert before(page, "We want to change home care.", "What is still open to change")
    assert '<a class="govuk-link" href="#full-text">Read the full text</a>' in page
    assert 'id="full-text"' in page
    assert "Show the full text first" in page
    report = client.get(f"{consultation.url}report/").content.decode()
    assert before(report, "Most people want longer visits.", "About this analysis")

    client.post(
        "/account/easy-read/",
        {"show": "full_text", "next": consultation.url, "csrfmiddlewaretoken": token},
    )
    page = client.get(consultation.url).content.decode()
    assert before(page, "What is still open to change", "We want to change home care.")


@pytest.mark.django_db
def test_the_choice_only_sends_people_back_to_this_site(consultation: ConsultationPage) -> None:
    response = Client().post(
        "/account/easy-read/", {"show": "easy_read", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_signed_in_reader_keeps_the_choice_on_their_account(
    consultation: ConsultationPage, user: User, signed_in_client: Client
) -> None:
    details = signed_in_client.get("/account/details/").content.decode()
    assert "Show the easy read version of pages first" in details
    signed_in_client.post(
        "/account/details/",
        {
            "display_name": user.display_name,
            "email": user.email,
            "relationship_to_care": user.relationship_to_care,
            "prefers_easy_read": "on",
        },
    )
    user.refresh_from_db()
    assert user.prefers_easy_read
    assert EASY_READ_COOKIE not in signed_in_client.cookies
    page = signed_in_client.get(consultation.url).content.decode()
    assert before(page, "We want to change home care.", "What is still open to change")

    # The button on a page changes the account too, on any device.
    signed_in_client.post("/account/easy-read/", {"show": "full_text", "next": consultation.url})
    user.refresh_from_db()
    assert not user.prefers_easy_read


@pytest.mark.django_db
def test_editors_write_both_easy_read_versions_in_the_admin(
    consultation: ConsultationPage,
) -> None:
    from tests.factories import UserFactory

    editor = UserFactory.create(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    form = client.get(f"/admin/pages/{consultation.pk}/edit/").content.decode()
    assert 'data-contentpath="easy_read"' in form
    assert 'data-contentpath="report_easy_read"' in form
    assert "Easy read version of the board report" in form
