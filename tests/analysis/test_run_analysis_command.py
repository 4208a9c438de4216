"""``manage.py run_analysis``: the button's run, from a terminal, with its progress."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts import services as accounts_services
from accounts.models import MembershipRole
from analysis import services
from analysis.models import AnalysisRun, RunStatus
from cms.imports import polis_import
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from tests.factories import UserFactory, make_consultation

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"
STEPS = [
    "  5% Counting votes",
    " 15% Finding groups",
    " 70% Finding themes in what people wrote",
    "100% Finished",
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    page = make_consultation()
    polis_import(consultation=page, directory=POLIS / "london.youth.policing")
    page.refresh_from_db()
    return page


def run_analysis(*args: str, stdout: io.StringIO | None = None) -> str:
    out = stdout or io.StringIO()
    call_command("run_analysis", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_shows_each_step_then_a_summary_and_stores_the_buttons_result(
    consultation: ConsultationPage, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    lines = run_analysis("--consultation", "home-care").splitlines()

    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.progress, run.progress_message, run.requested_by) == (100, "Finished", None)
    assert lines[:-1] == STEPS
    result = run.result
    assert result is not None
    assert lines[-1].startswith(f"Analysis run {run.pk} finished in ")
    assert lines[-1].endswith(
        f" s: {len(result['groups'])} opinion groups, {result['n_participants']} participants,"
        f" {result['n_statements']} statements."
    )
    assert len(result["groups"]) >= 2

    # The officer's button, on the same votes, stores the same analysis.
    officer = UserFactory.create()
    accounts_services.membership_add(
        organisation=consultation.organisation, user=officer, role=MembershipRole.OFFICER
    )
    assert consultation.thread is not None
    with django_capture_on_commit_callbacks(execute=True):
        button = services.analysis_run_request(
            thread=consultation.thread, by=officer, consultation=consultation
        )
    button.refresh_from_db()
    assert button.status == RunStatus.SUCCEEDED
    assert (button.result, button.inputs, button.parameters, button.code_version) == (
        run.result,
        run.inputs,
        run.parameters,
        run.code_version,
    )


@pytest.mark.django_db
def test_on_a_terminal_one_bar_is_redrawn_in_place(consultation: ConsultationPage) -> None:
    assert consultation.thread is not None
    out = run_analysis("--thread", str(consultation.thread.pk), stdout=Terminal())
    frames = out.split("\r")
    assert frames[0] == ""
    assert frames[1].startswith("[#.............................]   5% Counting votes")
    assert frames[4].startswith("[##############################] 100% Finished")
    assert "Analysis run" in frames[4].splitlines()[-1]
    assert AnalysisRun.objects.get().status == RunStatus.SUCCEEDED


@pytest.mark.django_db
def test_each_step_told_is_the_step_stored(consultation: ConsultationPage) -> None:
    assert consultation.thread is not None
    seen: list[tuple[int, str, int, str]] = []

    def told(progress: int, message: str) -> None:
        stored = AnalysisRun.objects.get()
        seen.append((progress, message, stored.progress, stored.progress_message))

    services.analysis_run_now(thread=consultation.thread, by=None, on_progress=told)
    assert [(p, m) for p, m, _, _ in seen] == [(p, m) for _, _, p, m in seen]
    assert [f"{p:3d}% {m}" for p, m, _, _ in seen] == STEPS


NO_SLUG = "There is no consultation with the slug 'no-such-thing'."
NO_DISCUSSION = "The consultation 'Home care in Northshire' has no discussion yet."
NO_VOTES = "There are no votes in 'Discussion: Home care in Northshire' to analyse."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "args", "error"),
    [
        ("none", ["--consultation", "no-such-thing"], NO_SLUG),
        ("none", ["--thread", "999999"], "There is no thread with the id 999999."),
        ("no_discussion", ["--consultation", "home-care"], NO_DISCUSSION),
        ("no_votes", ["--consultation", "home-care"], NO_VOTES),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    site_tree: object, setup: str, args: list[str], error: str
) -> None:
    if setup != "none":
        page = make_consultation()
        if setup == "no_votes":
            consultation_discussion(consultation=page)
    with pytest.raises(CommandError) as raised:
        run_analysis(*args)
    assert (str(raised.value), raised.value.returncode) == (error, 2)
    assert not AnalysisRun.objects.exists()


@pytest.mark.django_db
def test_a_failed_run_exits_non_zero_with_the_first_line_of_its_error(
    consultation: ConsultationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> dict[str, Any]:
        raise RuntimeError("the numbers did not add up")

    monkeypatch.setattr("analysis.services.thread_opinion_groups", broken)
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        run_analysis("--consultation", "home-care", stdout=out)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert str(raised.value) == (
        f"Analysis run {run.pk} failed: RuntimeError: the numbers did not add up"
    )
    assert raised.value.returncode == 1
    assert out.getvalue().splitlines() == STEPS[:2]
