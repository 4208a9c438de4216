"""Consultation pages carry the Gunning principles as data; status follows the dates."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts import services as accounts_services
from accounts.models import MembershipRole, Organisation, User
from cms.models import (
    CLOSES_BEFORE_OPENING,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationStatus,
    OrganisationPage,
)
from cms.selectors import NOT_MET, NOT_YET, gunning_evidence
from proposals import decision_services, services
from proposals.lifecycle import Stage
from proposals.models import Outcome, ProposalPage
from tests.factories import BoardFactory, OrganisationFactory, UserFactory, make_consultation
from tests.support.queries import own_queries


@pytest.fixture
def council(db: None) -> Organisation:
    return OrganisationFactory.create(name="Northshire Council", slug="northshire")


@pytest.fixture
def officer(council: Organisation) -> User:
    person = UserFactory.create(display_name="Priya", is_staff=True)
    person.groups.add(Group.objects.get(name="Moderators"))  # may publish pages
    accounts_services.membership_add(organisation=council, user=person, role=MembershipRole.OFFICER)
    return person


def _proposal(title: str) -> ProposalPage:
    from cms.models import ProposalIndexPage

    lead = UserFactory.create()
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(), author=lead, title=title, summary="Summary."
    )
    return services.proposal_open(proposal=proposal, by=lead)


@pytest.mark.django_db
def test_closing_before_opening_is_refused(site_tree: object, council: Organisation) -> None:
    now = timezone.now()
    page = ConsultationPage(
        title="Backwards", slug="backwards", organisation=council, summary="s",
        open_to_change="o", background="b", options="o", costs_and_impacts="c",
        opens_at=now, closes_at=now - timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["closes_at"] == [CLOSES_BEFORE_OPENING]


@pytest.mark.django_db
def test_status_follows_the_dates(site_tree: object, council: Organisation) -> None:
    page = make_consultation(organisation=council)
    assert page.status(page.opens_at - timedelta(seconds=1)) == ConsultationStatus.UPCOMING
    assert page.status(page.opens_at) == ConsultationStatus.OPEN
    assert page.status(page.closes_at) == ConsultationStatus.CLOSED
    assert page.current_status == ConsultationStatus.OPEN
    assert "status" not in {f.name for f in ConsultationPage._meta.get_fields()}


@pytest.mark.django_db
def test_the_public_page_shows_each_principle_and_escapes_text(
    site_tree: object, council: Organisation
) -> None:
    page = make_consultation(
        organisation=council, open_to_change="<script>alert(1)</script> Visit times."
    )
    body = Client().get("/consultations/home-care/").content.decode()
    assert "What is still open to change" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Visit times." in body
    assert "<script>alert(1)" not in body
    assert "Home care visits are often 15 minutes." in body
    assert "Longer visits cost £2m a year." in body
    assert ">Open</strong>" in body
    assert "What we heard" not in body  # only after closing
    assert page.url == "/consultations/home-care/"


@pytest.mark.django_db
def test_after_closing_the_page_shows_what_was_heard_and_decided(
    site_tree: object, council: Organisation
) -> None:
    now = timezone.now()
    make_consultation(
        organisation=council,
        opens_at=now - timedelta(days=100),
        closes_at=now - timedelta(days=1),
        what_we_heard="<p>Most people want longer visits.</p>",
        what_we_decided="<p>We will pilot 45-minute visits.</p>",
    )
    body = Client().get("/consultations/home-care/").content.decode()
    assert ">Closed</strong>" in body
    assert "Most people want longer visits." in body
    assert "We will pilot 45-minute visits." in body


@pytest.mark.django_db
def test_a_short_window_warns_officers_and_staff_not_the_public(
    site_tree: object, council: Organisation, officer: User
) -> None:
    now = timezone.now()
    make_consultation(organisation=council, opens_at=now, closes_at=now + timedelta(days=28))
    warning = "is open for 28 days, less than Northshire Council’s minimum of 84 days"
    assert warning not in Client().get("/consultations/home-care/").content.decode()
    participant = Client()
    participant.force_login(UserFactory.create())
    assert warning not in participant.get("/consultations/home-care/").content.decode()
    officer_client = Client()
    officer_client.force_login(officer)
    assert warning in officer_client.get("/consultations/home-care/").content.decode()


@pytest.mark.django_db
def test_gunning_page_and_csv_list_each_principle_with_its_evidence(
    site_tree: object, council: Organisation
) -> None:
    now = timezone.now()
    proposal = _proposal("Longer home care visits")
    make_consultation(
        organisation=council,
        opens_at=now,
        closes_at=now + timedelta(days=30),
        proposals=[proposal],
    )
    page = Client().get("/consultations/home-care/gunning/")
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("Formative stage", "Sufficient reasons", "Adequate time", "Conscientious"):
        assert name in body
    assert "30 days" in body
    assert "Northshire Council’s minimum: 84 days." in body
    assert "‘Longer home care visits’: no decision yet." in body

    export = Client().get("/consultations/home-care/gunning/csv/")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    by_principle: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_principle.setdefault(row["principle"], []).append(row)
    assert list(by_principle) == [
        "Formative stage",
        "Sufficient reasons",
        "Adequate time",
        "Conscientious consideration",
    ]
    assert {r["status"] for r in by_principle["Adequate time"]} == {NOT_MET}
    assert {r["status"] for r in by_principle["Sufficient reasons"]} == {NOT_MET}  # no easy read
    assert "Easy read version: missing." in [r["evidence"] for r in rows]
    assert {r["status"] for r in by_principle["Conscientious consideration"]} == {NOT_YET}


@pytest.mark.django_db
def test_a_proposal_decided_before_opening_fails_the_formative_test(
    site_tree: object, council: Organisation
) -> None:
    proposal = _proposal("Already settled")
    board = BoardFactory.create()
    member = UserFactory.create()
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    decision_services.decision_record(
        proposal=proposal, by=member, outcome=Outcome.ADOPTED,
        what_was_heard="Support.", reasons="Clear support.",
    )  # fmt: skip
    page = make_consultation(
        organisation=council,
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=90),
        proposals=[proposal],
    )
    formative = gunning_evidence(page)[0]
    assert formative.status == NOT_MET
    assert any("before the consultation opened" in item for item in formative.evidence)


@pytest.mark.django_db
def test_csv_cells_cannot_run_as_formulas(site_tree: object, council: Organisation) -> None:
    make_consultation(organisation=council, title="=HYPERLINK(1)", open_to_change="-1+1")
    text = Client().get("/consultations/home-care/gunning/csv/").content.decode()
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def _decided(proposal: ProposalPage, member: User) -> None:
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    decision = decision_services.decision_record(
        proposal=proposal, by=member, outcome=Outcome.ADOPTED,
        what_was_heard="Support.", reasons="Clear support.",
    )  # fmt: skip
    commitment = decision_services.commitment_add(
        decision=decision, by=member, text="Do it.", owner_text="The council",
        milestone_2_years="Started.",
    )  # fmt: skip
    decision_services.progress_update_add(
        commitment=commitment, by=member, date=timezone.localdate(),
        status="on_track", text="Going well.",
    )  # fmt: skip


# Routing (the home page, the pages on the path, the consultation), its documents, its
# organisation and that organisation's page, and the proposals with their decisions; on
# "you said, we did" also the decisions' easy read versions, commitments and progress
# updates, and the translations of each. The site and the footer are remembered between
# requests (common.page_tree).
CONSULTATION_PAGE_QUERIES = 14


@pytest.mark.django_db
def test_consultation_page_queries_do_not_grow_with_proposals(
    site_tree: object, council: Organisation
) -> None:
    board = BoardFactory.create()
    member = UserFactory.create()
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    one = _proposal("Proposal one")
    _decided(one, member)
    make_consultation(organisation=council, slug="small", proposals=[one])
    many = [_proposal(f"Proposal {n}") for n in range(6)]
    for proposal in many[:3]:
        _decided(proposal, member)
    make_consultation(organisation=council, proposals=many)
    client = Client()
    client.get("/consultations/home-care/")  # warm Wagtail's site cache
    for path, text, times in (
        ("", "adopted", 3),
        ("you-said-we-did/", "Going well.", 3),
    ):
        with own_queries() as queries:
            small = client.get(f"/consultations/small/{path}")
        assert len(queries) <= CONSULTATION_PAGE_QUERIES
        assert small.content.decode().count(text) == 1
        with own_queries() as queries:
            response = client.get(f"/consultations/home-care/{path}")
        assert len(queries) <= CONSULTATION_PAGE_QUERIES
        assert response.content.decode().count(text) == times


@pytest.mark.django_db
def test_an_officer_creates_a_consultation_in_the_wagtail_admin(
    site_tree: object, council: Organisation, officer: User
) -> None:
    client = Client()
    client.force_login(officer)
    index = ConsultationIndexPage.objects.get()
    url = f"/admin/pages/add/cms/consultationpage/{index.pk}/"
    assert client.get(url).status_code == 200

    def form(opens: str, closes: str) -> dict[str, object]:
        return nested_form_data(
            {
                "title": "Day services",
                "slug": "day-services",
                "organisation": council.pk,
                "reform_board": "",
                "summary": "What should day services offer?",
                "open_to_change": "Opening hours and activities.",
                "already_decided": "",
                "background": rich_text("Day centres closed in 2020."),
                "options": rich_text("Reopen, or fund community groups."),
                "costs_and_impacts": rich_text("About £400,000 a year."),
                "documents": inline_formset([]),
                "easy_read": streamfield([]),
                "opens_at": opens,
                "closes_at": closes,
                "what_we_heard": rich_text(""),
                "what_we_decided": rich_text(""),
                "report_easy_read": streamfield([]),
                "action-publish": "publish",
            }
        )

    refused = client.post(url, form("2026-06-01 09:00", "2026-05-01 09:00"))
    assert refused.status_code == 200
    assert CLOSES_BEFORE_OPENING in refused.content.decode()
    assert not ConsultationPage.objects.filter(slug="day-services").exists()

    created = client.post(url, form("2026-06-01 09:00", "2026-06-29 09:00"), follow=True)
    assert created.status_code == 200
    page = ConsultationPage.objects.get(slug="day-services")
    assert page.live
    assert page.window_days == 28
    assert "is open for 28 days, less than Northshire Council’s minimum of 84 days" in (
        created.content.decode()
    )


@pytest.mark.django_db
def test_an_organisation_page_lists_its_consultations(
    site_tree: object, council: Organisation
) -> None:
    from cms.models import HomePage

    org_page = OrganisationPage(
        title="Northshire Council", slug="northshire", organisation=council,
        description="<p>We run adult social care in Northshire.</p>",
    )  # fmt: skip
    HomePage.objects.get().add_child(instance=org_page)
    org_page.save_revision().publish()
    make_consultation(organisation=council)
    body = Client().get("/northshire/").content.decode()
    assert "We run adult social care in Northshire." in body
    assert 'href="/consultations/home-care/"' in body
    consultation = Client().get("/consultations/home-care/").content.decode()
    assert 'href="/northshire/"' in consultation


@pytest.mark.django_db
def test_seed_demo_adds_a_council_board_consultation_and_decision_once(
    settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core import mail
    from django.core.management import call_command

    from accounts.models import Notification
    from accounts.selectors import has_role, is_board_member
    from analysis.models import AnalysisRun, RunStatus
    from deliberation.models import Message, Statement, Vote
    from proposals.models import Commitment, Decision, ProgressUpdate

    def counts() -> list[int]:
        models = [User, Statement, Vote, Message, AnalysisRun, Notification, Decision]
        return [model._default_manager.count() for model in models]

    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    # The demo's notifications are made, and their emails to made-up people discarded.
    assert Notification.objects.exists()
    assert mail.outbox == []
    out = capsys.readouterr().out
    assert "board@hearth.example" in out
    assert "reform board member" in out
    council = Organisation.objects.get(slug="northshire-council")
    officer = User.objects.get(email="officer@hearth.example")
    board_member = User.objects.get(email="board@hearth.example")
    assert has_role(officer, council, MembershipRole.OFFICER)
    assert is_board_member(board_member)
    assert OrganisationPage.objects.count() == 2
    consultation = ConsultationPage.objects.get(locale__language_code="en-gb")
    welsh = ConsultationPage.objects.get(locale__language_code="cy")
    assert welsh.title == "Gofal yn y cartref a chymorth i ofalwyr di-dâl"
    assert welsh.translation_key == consultation.translation_key
    assert consultation.proposals.count() == 3
    assert consultation.current_status == ConsultationStatus.CLOSED
    assert not consultation.shorter_than_minimum
    assert Decision.objects.count() == 1
    assert Commitment.objects.count() == 1
    assert ProgressUpdate.objects.count() == 1
    body = Client().get(consultation.url + "you-said-we-did/").content.decode()
    assert "Adopted with changes" in body
    assert "A booking line for carers" in body

    # A report worth reading: 60 and more people in clear groups, with themes.
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED
    assert run.result is not None
    assert run.result["n_participants"] >= 60
    sizes = sorted(g["size"] for g in run.result["groups"])
    assert len(sizes) >= 2
    assert sizes[0] >= 5
    assert len({u.relationship_to_care for u in User.objects.all()}) >= 5
    report = Client().get(consultation.url + "report/").content.decode()
    assert re.findall(r"data-group-size>(\d+)", report) == [
        str(g["size"]) for g in run.result["groups"]
    ]
    assert "How much each group wrote about" in report
    assert "There was not enough written discussion" not in report


@pytest.mark.django_db
def test_a_consultation_has_one_discussion_started_on_first_visit(
    client: Client, site_tree: object, council: Organisation
) -> None:
    consultation = make_consultation(organisation=council)
    first = client.get(f"{consultation.url}discussion/")
    second = client.get(f"{consultation.url}discussion/")
    consultation.refresh_from_db()
    assert consultation.thread is not None
    assert first["Location"] == second["Location"] == consultation.thread.get_absolute_url()
    assert client.get(first["Location"]).status_code == 200
