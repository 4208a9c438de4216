"""Writes for analysis runs: request a run, and carry it out (from the task).

The Django adapter around the numeric core: it reads the thread, calls
:func:`analysis.votes.thread_opinion_groups` and :class:`opinion_core.themes.ThemeFinder`,
and stores what came out with what went in.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import traceback
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

import opinion_core
from analysis.models import AnalysisRun, RunStatus
from analysis.opinion_map import map_sample
from analysis.rules import can
from analysis.selectors import (
    DETAIL_KEYS,
    agreed_with,
    analysis_latest_good,
    contributions_by_language,
    people_mix,
    people_relationships,
    relationship_mix,
    theme_statements,
    voters_relationships,
    votes_by_relationship,
)
from analysis.votes import thread_opinion_groups
from common.errors import FORBIDDEN, ServiceError
from deliberation.models import Message, Statement, StatementStatus, Thread
from deliberation.selectors import counted_votes

if TYPE_CHECKING:  # scikit-learn is loaded only when a run runs
    from opinion_core.themes import ThemeFinder

__all__ = [
    "analysis_latest_good",
    "analysis_run_execute",
    "analysis_run_now",
    "analysis_run_request",
    "code_version",
]

# Fewer texts than this and themes say nothing a reader could not see at a glance.
MIN_TEXTS_FOR_THEMES = 10
DEFAULT_PARAMETERS: dict[str, Any] = {"max_groups": 5, "min_votes": 7, "random_state": 0}

#: Told each step of a run as it is stored: per cent done, and what the run is doing.
ProgressHook = Callable[[int, str], None]

# What a run is doing, stored in English on the run (a run is carried out by a worker, in no
# reader's language) and said in the reader's language by the report (cms.report_views).
WAITING = gettext_noop("Waiting to start")
COUNTING = gettext_noop("Counting votes")
GROUPING = gettext_noop("Finding groups")
THEMING = gettext_noop("Finding themes in what people wrote")
FINISHED = gettext_noop("Finished")
RUN_FAILED = gettext_noop("The analysis failed")


@cache
def code_version() -> str:
    """The installed Hearth version plus a short hash of the numeric core's source: a run's
    numbers change only when :mod:`opinion_core` does, not with the app around it."""
    try:
        version = importlib.metadata.version("hearth")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.sha256()
    root = Path(opinion_core.__file__).resolve().parent
    for source in sorted(root.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return f"{version}+{digest.hexdigest()[:12]}"


def thread_inputs(thread: Thread) -> dict[str, Any]:
    """What the analysis will read: counts, and the newest vote id to tell runs apart."""
    votes = counted_votes(thread).filter(statement__status=StatementStatus.ACCEPTED)
    totals = votes.aggregate(
        n_participants=Count("voter_id", distinct=True), n_votes=Count("id"), latest=Max("id")
    )
    return {
        "n_participants": totals["n_participants"],
        "n_statements": Statement.objects.filter(
            thread=thread, status=StatementStatus.ACCEPTED
        ).count(),
        "n_votes": totals["n_votes"],
        "latest_vote_id": totals["latest"],
    }


def analysis_run_request(
    *, thread: Thread, by: Any, params: dict[str, Any] | None = None, consultation: Any = None
) -> AnalysisRun:
    """Record a queued run of the analysis of ``thread`` and enqueue it after commit.

    ``consultation``, when given, is checked: only its organisation's officers, its
    board's members and staff may ask for a run.
    """
    if consultation is not None and not can(by, "analysis.request_run", consultation):
        raise ServiceError(
            FORBIDDEN, _("Only the consultation's officers and board can run the analysis.")
        )
    with transaction.atomic():
        run = _new_run(thread=thread, by=by, params=params)
        run_id = run.pk
        transaction.on_commit(lambda: analysis_run_task.enqueue(run_id))
    return run


def analysis_run_now(
    *,
    thread: Thread,
    by: Any,
    params: dict[str, Any] | None = None,
    on_progress: ProgressHook | None = None,
) -> AnalysisRun:
    """Record a run as :func:`analysis_run_request` does and carry it out in this process,
    for a command that needs the result before it finishes (the demo, ``run_analysis``),
    whatever the task backend. ``on_progress`` is told each step as it is stored."""
    run = _new_run(thread=thread, by=by, params=params)
    return analysis_run_execute(run_id=run.pk, on_progress=on_progress)


def _new_run(*, thread: Thread, by: Any, params: dict[str, Any] | None) -> AnalysisRun:
    run = AnalysisRun(
        thread=thread,
        parameters={**DEFAULT_PARAMETERS, **(params or {})},
        requested_by=by if getattr(by, "is_authenticated", False) else None,
        code_version=code_version(),
        progress_message=WAITING,
    )
    run.full_clean()
    run.save()
    return run


def _save(run: AnalysisRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


def _visible_texts(thread: Thread) -> list[tuple[int, str, str]]:
    """Each message still shown: its author, its text and the language it is written in."""
    return list(
        Message.objects.filter(thread=thread, deleted_at__isnull=True, hidden_at__isnull=True)
        .exclude(body="")
        .order_by("id")
        .values_list("author_id", "body", "language")
    )


def analysis_run_execute(*, run_id: int, on_progress: ProgressHook | None = None) -> AnalysisRun:
    """Carry out a queued run; on any error the run is marked failed with the error.

    The last good run of the thread is left as it was, so a failed run never hides it.
    ``on_progress``, when given, is told each step's ``progress`` and ``progress_message``
    just after they are stored, so a caller shows what the report page shows.
    """
    from opinion_core.themes import ThemeFinder  # scikit-learn: loaded when a run runs

    def _update(run: AnalysisRun, **fields: Any) -> None:
        _save(run, **fields)
        if on_progress is not None and "progress" in fields:
            on_progress(run.progress, run.progress_message)

    run = AnalysisRun.objects.select_related("thread").get(pk=run_id)
    _update(
        run,
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        progress=5,
        progress_message=COUNTING,
        code_version=code_version(),
    )
    try:
        _update(run, inputs=thread_inputs(run.thread), progress=15, progress_message=GROUPING)
        report = thread_opinion_groups(run.thread, **run.parameters)
        # Kept with the groups, as at the run: the report then reads no one's profile.
        said = voters_relationships(run.thread_id)
        report["relationships"] = relationship_mix(report["participants"], said)
        report["votes_by_relationship"] = votes_by_relationship(
            run.thread, _listed_statements(report), report["participants"], said
        )
        # How many messages and statements came in each language, as at the run.
        report["languages"] = contributions_by_language(run.thread_id)
        _update(run, progress=70, progress_message=THEMING)
        finder = ThemeFinder(random_state=run.parameters.get("random_state", 0))
        report["themes"] = _themes(run.thread, finder, report["participants"], said)
        _route_by_extremity(run.thread, report)
        report["map"] = map_sample(report["participants"], report.get("projection", {}))
        details = {key: report.pop(key) for key in DETAIL_KEYS if key in report}
        _update(
            run,
            result=report,
            details=details,
            status=RunStatus.SUCCEEDED,
            progress=100,
            progress_message=FINISHED,
            finished_at=timezone.now(),
        )
    except Exception as error:  # any failure is recorded on the run, for the board to see
        _update(
            run,
            status=RunStatus.FAILED,
            error=f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=5)}",
            progress_message=RUN_FAILED,
            finished_at=timezone.now(),
        )
    return run


def _themes(
    thread: Thread,
    finder: ThemeFinder,
    participants: dict[str, int | None],
    said: dict[int, str],
) -> dict[str, Any] | None:
    """Themes in the messages people wrote or, when no language has
    :data:`MIN_TEXTS_FOR_THEMES` of them (an imported Pol.is conversation), in the
    statements people voted on; ``None`` when neither has enough. Themes are found in
    each language apart (:func:`_by_language`), so no theme mixes texts in two languages;
    each theme names its ``language``. Each theme keeps how many people are behind it and
    their mix of relationships to care, as at the run: for messages their authors, for
    statements the people who agreed with at least one."""
    texts = _visible_texts(thread)
    if _enough_in_one_language([language for _, _, language in texts]):
        found = _by_language(finder, [body for _, body, _ in texts], [lang for *_, lang in texts])
        themes = found.report(groups=[participants.get(str(author)) for author, _, _ in texts])
        behind = found.people_behind([[author] for author, _, _ in texts])
        authors = {author for author, _, _ in texts} - said.keys()
        said = {**said, **people_relationships(authors)} if authors else said
        for theme, people in zip(themes["themes"], behind, strict=True):
            for quote in theme["quotes"]:
                quote["author"] = texts[quote["index"]][0]
            theme["authors"] = people
            theme["people"] = len(people)
            theme["relationships"] = people_mix(people, said)
        return {
            "source": "messages",
            "n_messages": len(texts),
            "min_texts": MIN_TEXTS_FOR_THEMES,
            **themes,
        }
    statements = theme_statements(thread.pk)
    if not _enough_in_one_language([language for _, _, language in statements]):
        return None
    found = _by_language(
        finder, [text for _, text, _ in statements], [lang for *_, lang in statements]
    )
    themes = found.report()
    agreed = agreed_with(thread, [pk for pk, _, _ in statements])
    behind = found.people_behind([agreed.get(pk, []) for pk, _, _ in statements])
    for theme, people in zip(themes["themes"], behind, strict=True):
        for quote in theme["quotes"]:
            quote["statement"] = statements[quote["index"]][0]
        theme["statements"] = [
            statements[i][0] for i, label in enumerate(found.labels) if label == theme["id"]
        ]
        theme["people"] = len(people)
        theme["relationships"] = people_mix(people, said)
    return {
        "source": "statements",
        "n_messages": len(texts),
        "min_texts": MIN_TEXTS_FOR_THEMES,
        **themes,
    }


def _enough_in_one_language(languages: Sequence[str]) -> bool:
    """Whether texts in these languages (one per text) are enough to find themes in: at
    least :data:`MIN_TEXTS_FOR_THEMES` in one language."""
    counts: dict[str, int] = {}
    for language in languages:
        counts[language] = counts.get(language, 0) + 1
    return any(n >= MIN_TEXTS_FOR_THEMES for n in counts.values())


class _ThemesByLanguage:
    """Themes found in each language's texts apart, numbered as one list: each language's
    themes in the order of ``settings.LANGUAGES``, largest first within it. A language
    with fewer than :data:`MIN_TEXTS_FOR_THEMES` texts is left out (``left_out``: how many
    texts it had), as a discussion with as few would be. With a single language the
    report is the one :class:`opinion_core.themes.ThemeFinder` gives."""

    def __init__(self) -> None:
        self.n_texts = 0
        self.labels: list[int] = []  # the theme of each text, -1 for none
        self.themes: list[dict[str, Any]] = []
        self.fitted: list[tuple[str, list[int], ThemeFinder]] = []
        self.left_out: dict[str, int] = {}

    def report(self, groups: Sequence[Any] | None = None) -> dict[str, Any]:
        """As :meth:`ThemeFinder.report`, over every language; each theme names its
        ``language``, and ``languages`` and ``left_out`` say which were and were not
        analysed. With ``groups``, a theme's share of a group is of everything the group
        wrote in the languages analysed."""
        themes = [dict(theme) for theme in self.themes]
        payload: dict[str, Any] = {
            "n_texts": self.n_texts,
            "n_analysed": sum(1 for label in self.labels if label >= 0),
            "n_themes": len(themes),
            "themes": themes,
            "languages": [language for language, _, _ in self.fitted],
            "left_out": self.left_out,
        }
        if groups is not None:
            keys = [None if g is None or str(g) == "" else str(g) for g in groups]
            shares: dict[str, list[float]] = {}
            for g in sorted({k for k in keys if k is not None}):
                mine = [label for k, label in zip(keys, self.labels, strict=True) if k == g]
                counted = [label for label in mine if label >= 0]
                shares[g] = [
                    counted.count(t) / len(counted) if counted else 0.0 for t in range(len(themes))
                ]
            for theme in themes:
                theme["by_group"] = [
                    {"group": g, "share": round(s[theme["id"]], 6)} for g, s in shares.items()
                ]
            payload["groups"] = sorted(shares)
        return payload

    def people_behind(self, people: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """As :meth:`ThemeFinder.people_behind`, for every theme of every language."""
        behind: list[list[Any]] = []
        for _language, indices, finder in self.fitted:
            behind += finder.people_behind([people[i] for i in indices])
        return behind


def _by_language(
    finder: ThemeFinder, texts: Sequence[str], languages: Sequence[str]
) -> _ThemesByLanguage:
    """Find themes in each language's texts apart, each with a copy of ``finder``."""
    from sklearn.base import clone  # scikit-learn: loaded when a run runs

    found = _ThemesByLanguage()
    found.n_texts = len(texts)
    found.labels = [-1] * len(texts)
    where: dict[str, list[int]] = {}
    for i, language in enumerate(languages):
        where.setdefault(language, []).append(i)
    rank = {code: n for n, (code, _name) in enumerate(settings.LANGUAGES)}
    for language in sorted(where, key=lambda code: (rank.get(code, len(rank)), code)):
        indices = where[language]
        if len(indices) < MIN_TEXTS_FOR_THEMES:
            found.left_out[language] = len(indices)
            continue
        own: ThemeFinder = clone(finder).fit([texts[i] for i in indices])
        first = len(found.themes)
        for i, label in zip(indices, own.labels_.tolist(), strict=True):
            found.labels[i] = first + label if label >= 0 else -1
        for theme in own.report()["themes"]:
            theme["id"] = first + theme["id"]
            theme["language"] = language
            for quote in theme["quotes"]:
                quote["index"] = indices[quote["index"]]
            found.themes.append(theme)
        found.fitted.append((language, indices, own))
    return found


def _listed_statements(report: dict[str, Any]) -> set[str]:
    """The statements the report reweights (common ground and division), so only their
    votes by relationship to care are kept with the run."""
    items = [*report.get("consensus", []), *report.get("divisive", [])]
    return {str(item["statement"]) for item in items}


def _route_by_extremity(thread: Thread, report: dict[str, Any]) -> None:
    """Give each statement the extremity the run found, so that voting shows statements
    that set the groups apart sooner (Pol.is priority, POLIS_MATH.md §7)."""
    found = report.get("statements", {})
    statements = list(Statement.objects.filter(thread=thread).only("pk", "extremity"))
    for statement in statements:
        statement.extremity = float(found.get(str(statement.pk), {}).get("extremity", 0.0))
    Statement.objects.bulk_update(statements, ["extremity"], batch_size=500)


@task()
def analysis_run_task(run_id: int) -> None:
    """Run a queued analysis; in-process in development and tests, on a worker in production."""
    analysis_run_execute(run_id=run_id)
