"""Reads of analysis runs."""

from analysis.models import AnalysisRun, RunStatus

# Both take the thread's id: a page that links a thread need not load it to ask.


def analysis_latest_good(thread_id: int) -> AnalysisRun | None:
    """The newest run that succeeded: shown even when a later run failed."""
    return (
        AnalysisRun.objects.filter(thread_id=thread_id, status=RunStatus.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )


def analysis_latest(thread_id: int) -> AnalysisRun | None:
    """The newest run whatever its status, to say whether one is under way or failed."""
    return (
        AnalysisRun.objects.filter(thread_id=thread_id)
        .select_related("requested_by")
        .defer("result")
        .order_by("-created", "-pk")
        .first()
    )
