"""Unused accounts are warned by email, then erased after the grace period; the command is
safe to run again and again, and --dry-run changes nothing."""

import datetime
import socket
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from accounts.services_retention import retention_apply
from deliberation.models import Message, Thread
from deliberation.services import message_post
from tests.factories import PASSWORD, ThreadFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("retention_settings"),
]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def retention_settings() -> object:
    with override_settings(ACCOUNT_RETENTION_DAYS=365, ACCOUNT_RETENTION_GRACE_DAYS=30) as s:
        yield s


def unused_since(days: int, **fields: object) -> User:
    when = timezone.now() - days * DAY
    return UserFactory.create(date_joined=when - DAY, last_login=when, **fields)


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_says_what_it_would_do_and_does_nothing() -> None:
    unused_since(400)
    assert "would warn 1 account(s), would erase 0" in run("--dry-run")
    assert mail.outbox == []
    assert User.objects.get().retention_warned_at is None


def test_an_unused_account_is_warned_once_then_erased_after_the_grace_period(
    django_capture_on_commit_callbacks: Any,
) -> None:
    thread: Thread = ThreadFactory.create()
    quiet = unused_since(400, display_name="Quiet", email="quiet@example.org")
    message_post(user=quiet, thread=thread, body="Something worth keeping")
    active = unused_since(10, display_name="Active")
    never = UserFactory.create(display_name="New", date_joined=timezone.now() - 400 * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert "warned 2 account(s), erased 0" in run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["quiet@example.org", never.email])
    warning = next(m for m in mail.outbox if m.to == ["quiet@example.org"])
    assert "will be erased" in warning.subject
    assert "sign in before then" in warning.body
    assert "/account/your-data/" in warning.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert "warned 0 account(s), erased 0" in run()  # again the same day: nothing more
    assert mail.outbox == []

    report = retention_apply(now=timezone.now() + 31 * DAY)
    assert sorted(report.erased) == sorted([quiet.pk, never.pk])
    assert not User.objects.filter(pk__in=[quiet.pk, never.pk]).exists()
    assert User.objects.filter(pk=active.pk).exists()
    message = Message.objects.select_related("author").get()
    assert message.body == "Something worth keeping"
    assert message.author.display_name.startswith("Former participant ")
    # The stand-in it made is never itself warned or erased.
    later = retention_apply(now=timezone.now() + 900 * DAY, dry_run=True)
    assert active.pk in later.warned
    assert message.author_id not in later.warned + later.erased


def test_signing_in_after_the_warning_keeps_the_account() -> None:
    person = unused_since(400, email="back@example.org")
    run()
    assert Client().login(username="back@example.org", password=PASSWORD)
    report = retention_apply(now=timezone.now() + 31 * DAY)
    assert report.erased == []
    assert report.warned == []
    assert User.objects.filter(pk=person.pk).exists()


def test_imported_participants_are_not_accounts_and_are_left_alone() -> None:
    imported = unused_since(400, is_active=False)
    imported.set_unusable_password()
    imported.save()
    assert "warned 0 account(s), erased 0" in run()


def test_a_warning_that_could_not_be_sent_is_tried_again_and_never_leads_to_erasure(
    settings: Any,
) -> None:
    with socket.socket() as probe:  # a port nothing listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    person = unused_since(400)
    assert "warned 0 account(s), erased 0" in run()
    person.refresh_from_db()
    assert person.retention_warned_at is None
    report = retention_apply(now=timezone.now() + 31 * DAY)
    assert report.erased == []
    assert User.objects.filter(pk=person.pk).exists()
