"""``manage.py import_polis <export dir> --consultation <slug>``: see :mod:`cms.imports`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms.imports import polis_import
from cms.models import ConsultationPage
from opinion_core.exceptions import AnalysisError


class Command(BaseCommand):
    help = "Import a Pol.is open-data export into a consultation's discussion (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", help="directory with comments.csv and votes.csv")
        parser.add_argument(
            "--consultation", required=True, metavar="SLUG", help="the consultation's slug"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["consultation"]
        consultation = ConsultationPage.objects.filter(slug=slug).first()
        if consultation is None:
            raise CommandError(f"There is no consultation with the slug {slug!r}.")
        try:
            result = polis_import(
                consultation=consultation, directory=options["export"], progress=self.stdout.write
            )
        except AnalysisError as exc:
            raise CommandError(" ".join(str(exc).split())) from exc
        created = result.participants_created + result.statements_created + result.votes_created
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported Pol.is conversation {result.conversation!r} into"
                f" {consultation.title!r}: {result.participants_created} participants,"
                f" {result.statements_created} statements and {result.votes_created} votes"
                " created."
                if created
                else f"Pol.is conversation {result.conversation!r} was already imported into"
                f" {consultation.title!r}: nothing changed."
            )
        )
