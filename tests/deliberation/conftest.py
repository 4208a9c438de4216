import pytest

from accounts.models import User
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
