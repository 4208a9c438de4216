"""The daily email of what is new: one email to each person with notifications they have
neither read in Hearth nor been emailed about, unless they turned it off in their details.

Run daily by ``manage.py send_digests``. Each notification is emailed once: those in a
digest are marked as emailed in the same transaction that records the person's digest,
after the email has gone, so running it twice sends nothing more and a failed send is
retried on the next run.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import Notification, User
from common.i18n import in_language, in_own_language

logger = logging.getLogger(__name__)

# What is older than this is no longer news: the first digest after digests began, or
# after someone turns them back on, does not dig up everything they never read.
LOOKBACK = datetime.timedelta(days=7)
# The most items one email lists; the rest are a link away.
MOST_ITEMS = 20


@dataclass
class DigestReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class DigestItem:
    message: str
    link: str


def _pending(now: datetime.datetime) -> QuerySet[Notification]:
    """Notifications nobody has read or emailed yet, from the last week."""
    return Notification.objects.filter(
        read_at__isnull=True,
        emailed_at__isnull=True,
        created_at__gt=now - LOOKBACK,
        created_at__lte=now,
    )


def _wanting_digests() -> QuerySet[User]:
    """People who asked for the digest and can sign in to see what it links to."""
    return (
        User.objects.filter(is_active=True, email_digest=True)
        .exclude(email="")
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )


def _absolute(url: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{url}" if url.startswith("/") else url


def _email(user: User, items: list[Notification]) -> EmailMultiAlternatives:
    """The digest in the person's own language, its links to the pages in that language."""
    with in_own_language(user.preferred_language):
        return _digest(user, items, translation.get_language())


def _here(url: str, language: str) -> str:
    return _absolute(in_language(url, language)) if url.startswith("/") else url


def _digest(user: User, items: list[Notification], language: str) -> EmailMultiAlternatives:
    count = len(items)
    subject = ngettext(
        "%(count)s new thing for you on Hearth", "%(count)s new things for you on Hearth", count
    ) % {"count": count}
    details = _here(reverse("accounts:details"), language) + "#id_email_digest"
    context = {
        "name": user.display_name,
        "items": [
            DigestItem(n.message, _here(n.url, language) if n.url else "")
            for n in items[:MOST_ITEMS]
        ],
        "more": max(0, count - MOST_ITEMS),
        "notifications": _here(reverse("accounts:notifications"), language),
        "unsubscribe": details,
    }
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/digest.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{details}>"},
    )
    email.attach_alternative(render_to_string("accounts/email/digest.html", context), "text/html")
    return email


def _send_one(user_id: int, now: datetime.datetime) -> bool | None:
    """Send one person's digest: True when sent, False when sending failed, None when
    there was nothing to send (or another run is sending it right now)."""
    with transaction.atomic():
        # A second run at the same time skips this person rather than sending it again.
        user = _wanting_digests().select_for_update(skip_locked=True).filter(pk=user_id).first()
        if user is None:
            return None
        items = list(_pending(now).filter(user=user).order_by("created_at", "pk"))
        if not items:
            return None
        try:
            _email(user, items).send(fail_silently=False)
        except OSError:  # smtplib's errors included
            logger.warning("Could not send the daily digest to account %s", user.pk)
            return False
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(emailed_at=now)
        User.objects.filter(pk=user.pk).update(digest_sent_at=now)
    return True


def digests_send(*, now: datetime.datetime | None = None) -> DigestReport:
    """Email each person who wants it what is new for them since their last digest."""
    now = now or timezone.now()
    people = (
        _wanting_digests()
        .filter(pk__in=_pending(now).values("user_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report = DigestReport()
    for user_id in list(people):
        sent = _send_one(user_id, now)
        if sent is True:
            report.sent.append(user_id)
        elif sent is False:
            report.failed.append(user_id)
    return report
