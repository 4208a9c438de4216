import pytest

from accounts.models import SupportScope, User
from accounts.support import support_accept, support_invite
from deliberation.models import Role, Thread
from deliberation.services import member_add
from tests.factories import ThreadFactory, UserFactory


@pytest.fixture
def thread(db: None) -> Thread:
    return ThreadFactory.create(title="Paying care workers fairly")


@pytest.fixture
def facilitator(thread: Thread) -> User:
    person = UserFactory.create(display_name="Fran the facilitator")
    member_add(thread=thread, user=person, role=Role.FACILITATOR)
    return person


@pytest.fixture
def alice(db: None) -> User:
    return UserFactory.create(display_name="Alice")


@pytest.fixture
def bob(db: None) -> User:
    return UserFactory.create(display_name="Bob")


@pytest.fixture
def jo(alice: User) -> User:
    """Alice's advocate: she asked Jo to support her and Jo accepted, so Jo can post for her."""
    person = UserFactory.create(display_name="Jo the advocate")
    consent = support_invite(
        person=alice, supporter=person.display_name, role="advocate", scope=SupportScope.EVERYTHING
    )
    support_accept(supporter=person, consent=consent)
    return person
