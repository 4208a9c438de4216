"""A consultation whose discussion holds a real Pol.is conversation, analysed: for the
browser tests that read a board report or where a participant stands."""

from pathlib import Path

from accounts import services as accounts_services
from accounts.models import MembershipRole, User
from analysis import services as analysis_services
from analysis.models import AnalysisRun, RunStatus
from cms.imports import polis_import
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from tests.factories import UserFactory

SEATTLE = Path(__file__).resolve().parents[1] / "data" / "polis" / "15-per-hour-seattle"


def imported_and_analysed(consultation: ConsultationPage, directory: Path = SEATTLE) -> User:
    """Imports the conversation into the consultation's discussion and runs the analysis its
    officer (returned) asks for, to the end."""
    officer = UserFactory.create(display_name="Officer")
    accounts_services.membership_add(
        organisation=consultation.organisation, user=officer, role=MembershipRole.OFFICER
    )
    polis_import(consultation=consultation, directory=directory)
    run = analysis_services.analysis_run_request(
        thread=consultation_discussion(consultation=consultation),
        by=officer,
        consultation=consultation,
    )
    run = AnalysisRun.objects.get(pk=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return officer
