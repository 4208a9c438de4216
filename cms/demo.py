"""The demo's council, reform board, consultation and a board decision, built through the
same services people use. Idempotent: each part is added only if it is missing."""

import datetime

from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import MembershipRole, Organisation, OrganisationKind, User
from cms.models import ConsultationIndexPage, ConsultationPage, HomePage, OrganisationPage
from common.page_language import default_locale_id
from proposals import decision_services, services
from proposals.lifecycle import Stage
from proposals.models import Decision, Outcome, ProposalPage

COUNCIL = ("Northshire Council", "northshire-council", OrganisationKind.COUNCIL)
BOARD = ("Northshire Care Reform Board", "care-reform-board", OrganisationKind.REFORM_BOARD)
CONSULTATION_SLUG = "care-at-home-and-carers"
DECIDED_SLUG = "a-new-deal-for-unpaid-carers"
LINKED_SLUGS = [
    "fair-pay-and-conditions-for-care-workers",
    DECIDED_SLUG,
    "home-first-adaptations-technology-and-care-and-repair",
]


def _organisation(name: str, slug: str, kind: str, description: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = accounts_services.organisation_create(name=name, slug=slug, kind=kind)
    if not OrganisationPage.objects.filter(organisation=organisation).exists():
        page = OrganisationPage(
            title=name, slug=slug, organisation=organisation, description=description
        )
        HomePage.objects.get(locale_id=default_locale_id()).add_child(instance=page)
        page.save_revision().publish()
    return organisation


def _member(organisation: Organisation, user: User, role: str) -> None:
    if not user.memberships.filter(organisation=organisation, role=role).exists():
        accounts_services.membership_add(organisation=organisation, user=user, role=role)


def seed_demo_consultation(*, officer: User, board_member: User) -> ConsultationPage:
    council = _organisation(
        *COUNCIL, "<p>Northshire Council runs adult social care for 310,000 people.</p>"
    )
    board = _organisation(
        *BOARD,
        "<p>People who draw on care and support, unpaid carers, care workers and "
        "councillors, who answer every proposal in public.</p>",
    )
    _member(council, officer, MembershipRole.OFFICER)
    _member(board, board_member, MembershipRole.BOARD_MEMBER)
    proposals = list(ProposalPage.objects.filter(slug__in=LINKED_SLUGS))
    english = ConsultationPage.objects.filter(locale_id=default_locale_id())
    if not english.filter(slug=CONSULTATION_SLUG).exists():
        now = timezone.now()
        page = ConsultationPage(
            title="Care at home and support for unpaid carers",
            slug=CONSULTATION_SLUG,
            organisation=council,
            reform_board=board,
            summary=(
                "We asked how care at home should change, and what unpaid carers need, "
                "before the council sets its plans for the next ten years."
            ),
            open_to_change=(
                "How much care workers are paid, how carers' breaks are arranged, and "
                "which home adaptations come first. Nothing here has been decided."
            ),
            already_decided="The total budget for 2026 to 2027 was set in February.",
            background="<p>Northshire has 9,000 unpaid carers and 2,400 care workers.</p>",
            options=(
                "<ul><li>pay care workers the real living wage</li>"
                "<li>a guaranteed break for every unpaid carer</li>"
                "<li>faster home adaptations</li></ul>"
            ),
            costs_and_impacts="<p>Together the options cost about £6m a year.</p>",
            opens_at=now - datetime.timedelta(days=100),
            closes_at=now - datetime.timedelta(days=9),
            what_we_heard=(
                "<p>Carers told us breaks are hard to find and often cancelled. Care workers "
                "told us low pay makes them leave.</p>"
            ),
            what_we_decided="<p>The board adopted the new deal for unpaid carers with changes.</p>",
            # Made up for the demo, in the shape of Census 2021 and Skills for Care figures.
            area_draws_on_care=4,
            area_unpaid_carer=9,
            area_care_worker=3,
            area_council_nhs_staff=5,
            area_care_provider=1,
            area_other=78,
            area_mix_source="Made-up figures for this demonstration",
        )
        ConsultationIndexPage.objects.get(locale_id=default_locale_id()).add_child(instance=page)
        page.proposals.set(proposals)
        page.save_revision().publish()
    consultation = english.get(slug=CONSULTATION_SLUG)
    _decide(board_member)
    return consultation


def _decide(board_member: User) -> None:
    decided = ProposalPage.objects.filter(slug=DECIDED_SLUG).first()
    if decided is None or Decision.objects.filter(proposal=decided).exists():
        return
    if decided.stage == Stage.OPEN:
        decided = services.proposal_advance(proposal=decided, by=board_member)
    decision = decision_services.decision_record(
        proposal=decided,
        by=board_member,
        outcome=Outcome.ADOPTED_WITH_CHANGES,
        what_was_heard=("Carers said breaks are hard to find and often cancelled at short notice."),
        reasons=(
            "We heard that cancelled breaks hurt most, so we adopt the proposal and add a "
            "promise that a cancelled break is rebooked within two weeks."
        ),
    )
    commitment = decision_services.commitment_add(
        decision=decision,
        by=board_member,
        text="Every unpaid carer who asks gets a guaranteed break, rebooked within two weeks.",
        owner_organisation=Organisation.objects.get(slug=COUNCIL[1]),
        milestone_2_years="Breaks guaranteed for 2,000 carers.",
        milestone_5_years="Breaks guaranteed for every carer who asks.",
        milestone_10_years="Carers say breaks are easy to get.",
    )
    decision_services.progress_update_add(
        commitment=commitment,
        by=board_member,
        date=timezone.localdate(),
        status="on_track",
        text="A booking line for carers' breaks opened this month.",
    )
