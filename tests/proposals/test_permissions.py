"""Who can open which proposal page in each stage: role x stage, as a person would meet it.

200 = the page; 302 = asked to sign in; 403 = told they cannot; 404 = a draft they may
not know exists.
"""

import pytest
from django.test import Client

from accounts import services as accounts_services
from accounts.models import MembershipRole, OrganisationKind, User
from cms.models import ProposalIndexPage
from proposals import services
from proposals.lifecycle import Stage
from proposals.models import ProposalPage
from tests.factories import UserFactory

ROLES = ("anonymous", "participant", "co_author", "lead", "cms_editor", "board_member")
STAGES = (Stage.DRAFT, Stage.OPEN, Stage.WITH_BOARD, Stage.CLOSED)

# (view, stage) -> expected status for each role, in ROLES order.
MATRIX: dict[tuple[str, Stage], tuple[int, ...]] = {
    ("overview", Stage.DRAFT): (404, 404, 200, 200, 200, 404),
    ("overview", Stage.OPEN): (200, 200, 200, 200, 200, 200),
    ("overview", Stage.WITH_BOARD): (200, 200, 200, 200, 200, 200),
    ("overview", Stage.CLOSED): (200, 200, 200, 200, 200, 200),
    ("edit", Stage.DRAFT): (302, 404, 200, 200, 200, 404),
    ("edit", Stage.OPEN): (302, 403, 200, 200, 200, 403),
    ("edit", Stage.WITH_BOARD): (302, 403, 403, 403, 403, 403),
    ("edit", Stage.CLOSED): (302, 403, 403, 403, 403, 403),
    ("suggest", Stage.DRAFT): (302, 404, 403, 403, 403, 404),
    ("suggest", Stage.OPEN): (302, 200, 200, 200, 200, 200),
    ("suggest", Stage.WITH_BOARD): (302, 403, 403, 403, 403, 403),
    ("suggest", Stage.CLOSED): (302, 403, 403, 403, 403, 403),
    ("history", Stage.DRAFT): (404, 404, 200, 200, 200, 404),
    ("history", Stage.OPEN): (200, 200, 200, 200, 200, 200),
    ("comments", Stage.DRAFT): (404, 404, 200, 200, 200, 404),
    ("comments", Stage.CLOSED): (200, 200, 200, 200, 200, 200),
    ("published", Stage.DRAFT): (404, 404, 404, 404, 404, 404),
    ("published", Stage.OPEN): (200, 200, 200, 200, 200, 200),
    ("published", Stage.CLOSED): (200, 200, 200, 200, 200, 200),
}


def _url(view: str, proposal: ProposalPage) -> str:
    return {
        "overview": f"/write/{proposal.pk}/",
        "edit": f"/write/{proposal.pk}/section/problem/",
        "suggest": f"/write/{proposal.pk}/suggest/problem/",
        "history": f"/write/{proposal.pk}/history/",
        "comments": f"/write/{proposal.pk}/comments/problem/",
        "published": f"/proposals/{proposal.slug}/",
    }[view]


@pytest.fixture
def people(db: None) -> dict[str, User | None]:
    board = accounts_services.organisation_create(
        name="Reform board", kind=OrganisationKind.REFORM_BOARD
    )
    member = UserFactory.create()
    accounts_services.membership_add(
        organisation=board, user=member, role=MembershipRole.BOARD_MEMBER
    )
    return {
        "anonymous": None,
        "participant": UserFactory.create(),
        "co_author": UserFactory.create(),
        "lead": UserFactory.create(),
        "cms_editor": UserFactory.create(is_staff=True),
        "board_member": member,
    }


def _proposal_in(stage: Stage, people: dict[str, User | None]) -> ProposalPage:
    lead, co_author = people["lead"], people["co_author"]
    assert lead is not None
    assert co_author is not None
    proposal = services.proposal_create(
        index=ProposalIndexPage.objects.get(), author=lead, title="Matrix", summary="Summary."
    )
    services.coauthor_add(proposal=proposal, by=lead, user=co_author)
    if stage != Stage.DRAFT:
        services.proposal_open(proposal=proposal, by=lead)
        ProposalPage.objects.filter(pk=proposal.pk).update(stage=stage)
    proposal.refresh_from_db()
    return proposal


@pytest.mark.django_db
@pytest.mark.parametrize(("view", "stage"), list(MATRIX), ids=[f"{v}-{s}" for v, s in MATRIX])
def test_permission_matrix(
    view: str, stage: Stage, people: dict[str, User | None], site_tree: object
) -> None:
    proposal = _proposal_in(stage, people)
    seen = []
    for role in ROLES:
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])  # type: ignore[arg-type] # not None here
        seen.append(client.get(_url(view, proposal)).status_code)
    assert tuple(seen) == MATRIX[(view, stage)], dict(zip(ROLES, seen, strict=True))


@pytest.mark.django_db
def test_every_stage_is_in_the_matrix() -> None:
    assert {stage for _view, stage in MATRIX} == set(STAGES)


def _buttons(user: User, proposal: ProposalPage) -> tuple[bool, bool]:
    """Whether the overview offers (moving on, recording a decision) to ``user``."""
    client = Client()
    client.force_login(user)
    body = client.get(f"/write/{proposal.pk}/").content.decode()
    return "Move to the next stage" in body, "Record the board's decision" in body


@pytest.mark.django_db
def test_only_the_buttons_the_rules_allow_are_offered_on_the_overview(
    people: dict[str, User | None], site_tree: object
) -> None:
    from tests.factories import BoardFactory, make_consultation

    member = people["board_member"]
    assert member is not None
    with_board = _proposal_in(Stage.WITH_BOARD, people)
    # Another board decides this proposal: the member of the first board may not.
    deciding = BoardFactory.create(name="Deciding board")
    make_consultation(reform_board=deciding, proposals=[with_board])
    assert _buttons(member, with_board) == (False, False)
    deciding_member = UserFactory.create()
    accounts_services.membership_add(
        organisation=deciding, user=deciding_member, role=MembershipRole.BOARD_MEMBER
    )
    assert _buttons(deciding_member, with_board) == (False, True)
    assert _buttons(member, _proposal_in(Stage.OPEN, people)) == (True, False)
