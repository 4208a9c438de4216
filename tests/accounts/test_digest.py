"""The daily email of what is new: one email per person with something new, none to
someone who turned it off or has nothing new, and nothing twice."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Notification, User
from accounts.services import notification_send, notifications_mark_read
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def send_digests() -> list[EmailMultiAlternatives]:
    mail.outbox.clear()
    call_command("send_digests", stdout=io.StringIO())
    return list(mail.outbox)  # type: ignore[arg-type] # locmem keeps the messages sent


def html_of(email: EmailMultiAlternatives) -> str:
    [(content, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    return str(content)


def test_one_email_lists_what_is_new_and_how_to_stop_it(site_tree: object) -> None:
    sam = UserFactory.create(display_name="Sam", email="sam@example.org")
    notification_send(
        user=sam, message="New suggestion for ‘Goal’ in ‘Fair pay’.", url="/write/suggestions/7/"
    )
    notification_send(user=sam, message="New comment on ‘Cost’ in ‘Fair pay’ & <more>.")

    [email] = send_digests()

    assert email.to == ["sam@example.org"]
    assert email.subject == "2 new things for you on Hearth"
    assert "Hello Sam," in email.body
    assert "New suggestion for ‘Goal’ in ‘Fair pay’." in email.body
    assert "http://testserver/write/suggestions/7/" in email.body
    assert "New comment on ‘Cost’ in ‘Fair pay’ & <more>." in email.body
    assert "http://testserver/account/details/#id_email_digest" in email.body
    html = html_of(email)
    assert '<a href="http://testserver/write/suggestions/7/"' in html
    assert "&amp; &lt;more&gt;" in html
    assert 'href="http://testserver/account/details/#id_email_digest"' in html
    assert email.extra_headers["List-Unsubscribe"] == (
        "<http://testserver/account/details/#id_email_digest>"
    )


def test_nobody_who_turned_it_off_or_has_nothing_new_is_emailed(site_tree: object) -> None:
    wants = UserFactory.create(email="wants@example.org")
    turned_off = UserFactory.create(email="off@example.org", email_digest=False)
    UserFactory.create(email="quiet@example.org")  # nothing new
    read_it = UserFactory.create(email="read@example.org")
    emailed = UserFactory.create(email="emailed@example.org")
    for person in (wants, turned_off, read_it):
        notification_send(user=person, message="A new comment on your proposal.")
    notifications_mark_read(user=read_it)
    # Told by email at once already: not again in the digest.
    notification_send(user=emailed, message="You are a co-author.", email_subject="Co-author")

    assert [email.to for email in send_digests()] == [["wants@example.org"]]


def test_running_it_twice_sends_nothing_the_second_time(site_tree: object) -> None:
    sam = UserFactory.create(email="sam@example.org")
    notification_send(user=sam, message="A new comment on your proposal.")

    assert len(send_digests()) == 1
    assert send_digests() == []

    # Only what is new since then goes in the next day's email.
    notification_send(user=sam, message="A new suggestion on your proposal.")
    [email] = send_digests()
    assert email.subject == "1 new thing for you on Hearth"
    assert "A new suggestion" in email.body
    assert "A new comment" not in email.body
    sam.refresh_from_db()
    assert sam.digest_sent_at is not None


def test_what_is_older_than_a_week_is_not_news(site_tree: object) -> None:
    sam = UserFactory.create()
    notification_send(user=sam, message="Something from long ago.")
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert send_digests() == []


def test_a_failed_send_is_tried_again_on_the_next_run(
    site_tree: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam = UserFactory.create()
    notification_send(user=sam, message="A new comment on your proposal.")

    def refused(self: object, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", refused)
        assert send_digests() == []
    assert len(send_digests()) == 1


def test_a_person_turns_the_digest_off_in_their_details(
    signed_in_client: Client, user: User, site_tree: object
) -> None:
    page = signed_in_client.get("/account/details/").content.decode()
    assert 'class="govuk-checkboxes__input"' in page
    assert 'id="id_email_digest"' in page
    assert "Email me once a day about anything new for me" in page
    response = signed_in_client.post(
        "/account/details/",
        {"display_name": user.display_name, "email": user.email, "relationship_to_care": ""},
        follow=True,
    )
    assert "Your details have been saved." in response.content.decode()
    user.refresh_from_db()
    assert not user.email_digest
    notification_send(user=user, message="A new comment on your proposal.")
    assert send_digests() == []
