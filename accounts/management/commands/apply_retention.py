"""Warn people whose accounts have not been used for the retention period, and erase the
accounts whose grace period after the warning has passed. Production runs it daily."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from accounts.services_retention import retention_apply


class Command(BaseCommand):
    help = (
        "Email a warning to accounts unused for ACCOUNT_RETENTION_DAYS and erase those "
        "warned more than ACCOUNT_RETENTION_GRACE_DAYS ago. Safe to run more than once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be done, and do nothing.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        report = retention_apply(dry_run=dry_run)
        verb = ("would warn", "would erase") if dry_run else ("warned", "erased")
        self.stdout.write(
            f"Retention ({settings.ACCOUNT_RETENTION_DAYS} days unused, "
            f"{settings.ACCOUNT_RETENTION_GRACE_DAYS} days' notice): "
            f"{verb[0]} {len(report.warned)} account(s), {verb[1]} {len(report.erased)}."
        )
