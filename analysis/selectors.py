"""Reads of analysis runs."""

from analysis.models import AnalysisRun, RunStatus
from deliberation.models import Thread


def analysis_latest_good(thread: Thread) -> AnalysisRun | None:
    """The newest run that succeeded: shown even when a later run failed."""
    return (
        AnalysisRun.objects.filter(thread=thread, status=RunStatus.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )


def analysis_latest(thread: Thread) -> AnalysisRun | None:
    """The newest run whatever its status, to say whether one is under way or failed."""
    return (
        AnalysisRun.objects.filter(thread=thread)
        .select_related("requested_by")
        .defer("result")
        .order_by("-created", "-pk")
        .first()
    )
