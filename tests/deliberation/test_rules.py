"""Who may do what: every role against every thread state."""

import pytest
from django.contrib.auth.models import AnonymousUser

from deliberation.models import Role, Thread
from deliberation.services import member_add, person_remove
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "signed-in", "member", "removed", "facilitator", "staff"]
STATES = ["open", "closed", "members-only"]

# (view, write, moderate) for each role in each state.
EXPECTED = {
    "open": {
        "anonymous": (True, False, False),
        "signed-in": (True, True, False),
        "member": (True, True, False),
        "removed": (False, False, False),
        "facilitator": (True, True, True),
        "staff": (True, True, True),
    },
    "closed": {
        "anonymous": (True, False, False),
        "signed-in": (True, False, False),
        "member": (True, False, False),
        "removed": (False, False, False),
        "facilitator": (True, True, True),
        "staff": (True, True, True),
    },
    "members-only": {
        "anonymous": (False, False, False),
        "signed-in": (False, False, False),
        "member": (True, True, False),
        "removed": (False, False, False),
        "facilitator": (True, True, True),
        "staff": (True, True, True),
    },
}


def person(role: str, thread: Thread) -> object:
    if role == "anonymous":
        return AnonymousUser()
    if role == "staff":
        return UserFactory.create(is_staff=True)
    user = UserFactory.create()
    if role == "member":
        member_add(thread=thread, user=user)
    elif role == "facilitator":
        member_add(thread=thread, user=user, role=Role.FACILITATOR)
    elif role == "removed":
        member_add(thread=thread, user=user)
        person_remove(
            actor=UserFactory.create(is_staff=True), thread=thread, person=user, reason="x"
        )
    return user


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role: str, state: str) -> None:
    thread = ThreadFactory.create(is_open=state != "closed", members_only=state == "members-only")
    user = person(role, thread)
    thread = Thread.objects.get(pk=thread.pk)  # no cached membership
    got = tuple(
        user.has_perm(f"deliberation.{perm}", thread)  # type: ignore[attr-defined]
        for perm in ("view_thread", "write_in_thread", "moderate_thread")
    )
    assert got == EXPECTED[state][role]
