"""Analysis runs: requested, run as a task, stored with their provenance."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accounts import services as accounts_services
from accounts.models import MembershipRole, Organisation, OrganisationKind, User
from analysis import services
from analysis.models import AnalysisRun, RunStatus
from cms.imports import polis_import
from cms.models import ConsultationPage
from common.errors import ServiceError
from tests.factories import OrganisationFactory, UserFactory, make_consultation

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    board = OrganisationFactory.create(
        name="Northshire Reform Board", kind=OrganisationKind.REFORM_BOARD
    )
    page = make_consultation(reform_board=board)
    polis_import(consultation=page, directory=POLIS / "london.youth.policing")
    page.refresh_from_db()
    return page


def member(organisation: Organisation, role: str) -> User:
    person = UserFactory.create()
    accounts_services.membership_add(organisation=organisation, user=person, role=role)
    return person


@pytest.mark.django_db
def test_a_requested_run_succeeds_and_records_inputs_parameters_and_code(
    consultation: ConsultationPage, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    officer = member(consultation.organisation, MembershipRole.OFFICER)
    assert consultation.thread is not None
    with django_capture_on_commit_callbacks(execute=True):
        run = services.analysis_run_request(
            thread=consultation.thread,
            by=officer,
            params={"max_groups": 4},
            consultation=consultation,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 100
    assert run.parameters == {"max_groups": 4, "min_votes": 7, "random_state": 0}
    result = run.result
    assert result is not None
    assert run.inputs["n_votes"] == result["n_votes"] > 0
    assert run.inputs["latest_vote_id"] is not None
    assert run.code_version.startswith("0.1.0+")
    assert len(result["groups"]) >= 2
    assert run.requested_by == officer
    assert services.analysis_latest_good(consultation.thread_id) == run


@pytest.mark.django_db
def test_a_failed_run_keeps_the_last_good_one(
    consultation: ConsultationPage,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    officer = member(consultation.organisation, MembershipRole.OFFICER)
    thread = consultation.thread
    assert thread is not None
    with django_capture_on_commit_callbacks(execute=True):
        good = services.analysis_run_request(thread=thread, by=officer)

    def broken(*args: object, **kwargs: object) -> dict[str, Any]:
        raise RuntimeError("the numbers did not add up")

    monkeypatch.setattr("analysis.services.thread_opinion_groups", broken)
    with django_capture_on_commit_callbacks(execute=True):
        bad = services.analysis_run_request(thread=thread, by=officer)
    bad.refresh_from_db()
    assert bad.status == RunStatus.FAILED
    assert "the numbers did not add up" in bad.error
    assert services.analysis_latest_good(thread.pk) == good
    assert AnalysisRun.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("officer", True),
        ("board", True),
        ("staff", True),
        ("participant", False),
        ("other_officer", False),
    ],
)
def test_who_may_request_a_run(consultation: ConsultationPage, who: str, allowed: bool) -> None:
    assert consultation.thread is not None
    board = consultation.reform_board
    assert board is not None
    people = {
        "officer": lambda: member(consultation.organisation, MembershipRole.OFFICER),
        "board": lambda: member(board, MembershipRole.BOARD_MEMBER),
        "staff": lambda: UserFactory.create(is_staff=True),
        "participant": lambda: UserFactory.create(),
        "other_officer": lambda: member(OrganisationFactory.create(), MembershipRole.OFFICER),
    }
    person = people[who]()
    if allowed:
        services.analysis_run_request(
            thread=consultation.thread, by=person, consultation=consultation
        )
        assert AnalysisRun.objects.count() == 1
    else:
        with pytest.raises(ServiceError):
            services.analysis_run_request(
                thread=consultation.thread, by=person, consultation=consultation
            )
        assert AnalysisRun.objects.count() == 0
