"""A record of each analysis of a thread: what went in, which code ran, what came out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    # Translators: the state of an analysis of a discussion, shown on the board report.
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class AnalysisRun(models.Model):
    """One run of the opinion-group and theme analysis over a thread.

    Kept for provenance: a board can see which votes (``inputs``), which options
    (``parameters``) and which code (``code_version``) produced the report it reads.
    """

    thread = models.ForeignKey(
        "deliberation.Thread", on_delete=models.CASCADE, related_name="analysis_runs"
    )
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Per cent done, 0 to 100."))
    progress_message = models.CharField(max_length=200, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    inputs = models.JSONField(
        default=dict, blank=True, help_text=_("Participants, statements, votes and latest vote id.")
    )
    code_version = models.CharField(max_length=120, blank=True)
    result = models.JSONField(null=True, blank=True)
    # What the run found of each person and each statement (their groups, positions and
    # placements: analysis.selectors.DETAIL_KEYS), kept apart from ``result``: megabytes in
    # a national conversation, which the report does not read.
    details = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="analysis_runs",
    )
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["thread", "status", "-created"])]

    def __str__(self) -> str:
        return f"Analysis of {self.thread_id} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
