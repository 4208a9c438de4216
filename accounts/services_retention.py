"""Retention: accounts nobody has signed in to for ACCOUNT_RETENTION_DAYS are warned by
email, then erased ACCOUNT_RETENTION_GRACE_DAYS later unless the person signs in.

Run daily by ``manage.py apply_retention``. Running it twice, or every hour, changes
nothing more: a warning is sent once per spell of inactivity, and an account is erased
only once its grace period has passed since that warning.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.mail import send_mail
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from accounts.services_erasure import account_erase
from common.i18n import in_own_language

logger = logging.getLogger(__name__)

WARNING_SUBJECT = gettext_lazy("Your Hearth account will be erased unless you sign in")
# The email's paragraphs, each one message for translators; its line breaks are the email's.
WARNING_PARAGRAPHS = (
    gettext_lazy("Hello %(name)s,"),
    gettext_lazy(
        # Translators: %(years)s is how long, such as "2 years"; %(when)s is a date.
        "Nobody has signed in to your Hearth account for %(years)s. We do not keep accounts "
        "that are\nnot used, so we will erase it on or after %(when)s."
    ),
    gettext_lazy("If you want to keep it, sign in before then: %(sign_in)s"),
    gettext_lazy(
        "If you are happy for it to go, you need do nothing. What you wrote in public will "
        "stay,\nshown as written by a former participant; your votes will count only in "
        "totals. You can\ndownload your data first: %(download)s"
    ),
)


@dataclass
class RetentionReport:
    warned: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)


def _inactive(now: datetime.datetime) -> QuerySet[User]:
    """People who could sign in but have not for the retention period."""
    cutoff = now - datetime.timedelta(days=settings.ACCOUNT_RETENTION_DAYS)
    return (
        User.objects.filter(is_active=True)
        # Nobody can sign in to these: imported participants, stand-ins of the erased.
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff)
    )


def _warned_since_last_seen() -> Q:
    return Q(retention_warned_at__isnull=False, retention_warned_at__gt=F("last_seen"))


def _years(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def _warning_body(**values: str) -> str:
    paragraphs = [str(paragraph) % values for paragraph in WARNING_PARAGRAPHS]
    return "\n\n".join([*paragraphs, "Hearth\n"])


def _warn(user: User, now: datetime.datetime) -> bool:
    """Email the warning, in the person's own language, and only once it has gone record
    it: an account is never erased on a warning nobody received. A failed send is retried
    on the next run."""
    base = settings.WAGTAILADMIN_BASE_URL
    when = now + datetime.timedelta(days=settings.ACCOUNT_RETENTION_GRACE_DAYS)
    with in_own_language(user.preferred_language):
        subject = str(WARNING_SUBJECT)
        body = _warning_body(
            name=user.display_name,
            years=_years(settings.ACCOUNT_RETENTION_DAYS),
            when=date_format(timezone.localtime(when), "j F Y"),
            sign_in=base + reverse("accounts:sign-in"),
            download=base + reverse("accounts:your-data"),
        )
    try:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    except OSError:  # smtplib's errors included
        logger.warning("Could not send the retention warning to account %s", user.pk)
        return False
    User.objects.filter(pk=user.pk).update(retention_warned_at=now)
    return True


def retention_apply(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> RetentionReport:
    """Warn the newly inactive and erase those whose grace period has passed."""
    now = now or timezone.now()
    grace_cutoff = now - datetime.timedelta(days=settings.ACCOUNT_RETENTION_GRACE_DAYS)
    inactive = _inactive(now)
    due = inactive.filter(_warned_since_last_seen(), retention_warned_at__lte=grace_cutoff)
    to_warn = inactive.exclude(_warned_since_last_seen())
    if dry_run:
        return RetentionReport(
            warned=list(to_warn.order_by("pk").values_list("pk", flat=True)),
            erased=list(due.order_by("pk").values_list("pk", flat=True)),
        )
    report = RetentionReport()
    for user in list(due.order_by("pk")):
        account_erase(user=user)  # each in its own transaction
        report.erased.append(user.pk)
    for user in list(to_warn.order_by("pk")):
        if _warn(user, now):
            report.warned.append(user.pk)
    return report
