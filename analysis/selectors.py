"""Reads of analysis runs, and of what a run records about the people it grouped."""

from collections import Counter

from accounts.models import User
from analysis.models import AnalysisRun, RunStatus
from deliberation.models import Vote

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


def voters_relationships(thread_id: int) -> dict[int, str]:
    """How each person who voted in the thread describes their relationship to care."""
    voters = Vote.objects.filter(statement__thread_id=thread_id).values("voter_id")
    return dict(User.objects.filter(pk__in=voters).values_list("pk", "relationship_to_care"))


def relationship_mix(
    participants: dict[str, int | None], relationships: dict[int, str]
) -> dict[str, dict[str, int]]:
    """For each opinion group (its id as a string, as in JSON), how many of its people give
    each relationship to care ("" for those who do not say)."""
    mix: dict[str, Counter[str]] = {}
    for person, group in participants.items():
        if group is not None and str(person).isdigit():
            mix.setdefault(str(group), Counter())[relationships.get(int(person)) or ""] += 1
    return {group: dict(counts) for group, counts in mix.items()}
