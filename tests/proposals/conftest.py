from importlib import import_module

import pytest

from accounts import services as accounts_services
from accounts.models import MembershipRole, Organisation, RelationshipToCare, User
from cms.models import HomePage, ProposalIndexPage
from proposals import services
from proposals.models import ProposalPage, Theme
from tests.factories import BoardFactory, UserFactory


@pytest.fixture
def index(site_tree: HomePage) -> ProposalIndexPage:
    # The themes come from a data migration, which an earlier transactional test's
    # flush may have emptied.
    for name, slug in import_module("proposals.migrations.0002_themes").THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    return ProposalIndexPage.objects.get()


@pytest.fixture
def lead(db: None) -> User:
    return UserFactory.create(
        display_name="Lead", relationship_to_care=RelationshipToCare.DRAWS_ON_CARE
    )


@pytest.fixture
def co_author(db: None) -> User:
    return UserFactory.create(
        display_name="Co", relationship_to_care=RelationshipToCare.CARE_WORKER
    )


@pytest.fixture
def participant(db: None) -> User:
    return UserFactory.create(
        display_name="Pat", relationship_to_care=RelationshipToCare.UNPAID_CARER
    )


@pytest.fixture
def draft(index: ProposalIndexPage, lead: User, co_author: User) -> ProposalPage:
    proposal = services.proposal_create(
        index=index,
        author=lead,
        title="Fair pay for care workers",
        summary="Pay care workers fairly.",
    )
    services.coauthor_add(proposal=proposal, by=lead, user=co_author)
    return proposal


@pytest.fixture
def open_proposal(draft: ProposalPage, lead: User) -> ProposalPage:
    return services.proposal_open(proposal=draft, by=lead)


@pytest.fixture
def board(db: None) -> Organisation:
    """A reform board, which decides on proposals."""
    return BoardFactory.create(name="Care Reform Board")


@pytest.fixture
def member(board: Organisation) -> User:
    """A member of ``board``."""
    person = UserFactory.create(display_name="Board member")
    accounts_services.membership_add(
        organisation=board, user=person, role=MembershipRole.BOARD_MEMBER
    )
    return person
