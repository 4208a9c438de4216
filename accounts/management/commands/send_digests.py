"""Email each person the notifications they have not yet seen. Production runs it daily."""

from typing import Any

from django.core.management.base import BaseCommand

from accounts.services_digest import digests_send


class Command(BaseCommand):
    help = (
        "Email each person who wants a daily digest their notifications that are neither "
        "read nor emailed yet. Safe to run more than once: nothing is emailed twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = digests_send()
        self.stdout.write(
            f"Daily digests: sent {len(report.sent)}, "
            f"failed {len(report.failed)} (tried again on the next run)."
        )
