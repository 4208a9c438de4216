"""``manage.py run_analysis --consultation <slug>``: run the analysis of a consultation's
discussion now, in this process, showing its progress.

The run is recorded and carried out by the same services as the officer's "Run the
analysis" button (:func:`analysis.services.analysis_run_now` records it as
:func:`~analysis.services.analysis_run_request` does, then executes it here rather than on
a task worker), so the report page shows it, and its progress, as it goes. A run from the
command has no ``requested_by``: the report says only when it was asked for.

The command lives in cms, not analysis, because it finds a consultation by its slug and
the analysis app knows nothing of consultations (the import-linter layers).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis.models import AnalysisRun, RunStatus
from analysis.services import analysis_run_now, thread_inputs
from cms.models import ConsultationPage
from deliberation.models import Thread

BAR_WIDTH = 30
BAD_INPUT = 2  # the exit code for input the command cannot run on, as argparse uses


class Command(BaseCommand):
    help = (
        "Run the analysis of a consultation's discussion now, as the report's"
        " 'Run the analysis' button does, and show its progress."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--consultation", metavar="SLUG", help="the consultation's slug")
        which.add_argument("--thread", type=int, metavar="ID", help="a discussion thread's id")

    def handle(self, *args: Any, **options: Any) -> None:
        thread = self._thread(options["consultation"], options["thread"])  # one is given
        if not thread_inputs(thread)["n_votes"]:
            raise CommandError(
                f"There are no votes in {thread.title!r} to analyse.", returncode=BAD_INPUT
            )
        self._last_width = 0
        started = time.monotonic()
        run = analysis_run_now(thread=thread, by=None, on_progress=self._show)
        seconds = time.monotonic() - started
        self._end_line()
        if run.status != RunStatus.SUCCEEDED:
            first_line = (run.error or "The analysis failed.").splitlines()[0]
            raise CommandError(f"Analysis run {run.pk} failed: {first_line}")
        self.stdout.write(self.style.SUCCESS(_summary(run, seconds)))

    def _thread(self, slug: str | None, thread_id: int) -> Thread:
        if slug is not None:
            consultation = ConsultationPage.objects.filter(slug=slug).first()
            if consultation is None:
                raise CommandError(
                    f"There is no consultation with the slug {slug!r}.", returncode=BAD_INPUT
                )
            if consultation.thread is None:
                raise CommandError(
                    f"The consultation {consultation.title!r} has no discussion yet.",
                    returncode=BAD_INPUT,
                )
            return consultation.thread
        thread = Thread.objects.filter(pk=thread_id).first()
        if thread is None:
            raise CommandError(f"There is no thread with the id {thread_id}.", returncode=BAD_INPUT)
        return thread

    def _show(self, progress: int, message: str) -> None:
        """One line a step, or on a terminal one bar redrawn in place."""
        if not self.stdout.isatty():
            self.stdout.write(f"{progress:3d}% {message}")
            return
        filled = BAR_WIDTH * progress // 100
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {progress:3d}% {message}"
        self.stdout.write("\r" + line.ljust(self._last_width), ending="")
        self.stdout.flush()
        self._last_width = len(line)

    def _end_line(self) -> None:
        if self._last_width:
            self.stdout.write("")


def _summary(run: AnalysisRun, seconds: float) -> str:
    result = run.result or {}
    groups = len(result.get("groups", []))
    return (
        f"Analysis run {run.pk} finished in {seconds:.1f} s: {groups} opinion"
        f" group{'s' if groups != 1 else ''}, {result.get('n_participants', 0)} participants,"
        f" {result.get('n_statements', 0)} statements."
    )
