"""Who may do what in a thread, declared once (django-rules). Objects are threads unless
a rule says otherwise. Tested as a matrix in tests/deliberation/test_rules.py.

* Staff are facilitators everywhere; others are facilitators of a thread by role.
* A person removed from a thread can neither see it nor write in it.
* Anyone may read an open-to-all thread, signed in or not; a members-only thread is
  visible to its members and facilitators only.
* Writing (messages, statements, votes, poll answers) needs an account and an open
  thread; facilitators may still write in a closed thread.
"""

from typing import Any

import rules

from deliberation.models import Role, Thread, ThreadMember


def membership(user: Any, thread: Thread) -> ThreadMember | None:
    """The person's membership row, looked up once per thread instance."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, ThreadMember | None] = thread.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = ThreadMember.objects.filter(thread=thread, user=user).first()
    return cache[user.pk]


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


@rules.predicate
def has_facilitator_role(user: Any, thread: Thread) -> bool:
    member = membership(user, thread)
    return member is not None and member.removed_at is None and member.role == Role.FACILITATOR


@rules.predicate
def is_removed(user: Any, thread: Thread) -> bool:
    member = membership(user, thread)
    return member is not None and member.removed_at is not None


@rules.predicate
def is_member(user: Any, thread: Thread) -> bool:
    member = membership(user, thread)
    return member is not None and member.removed_at is None


@rules.predicate
def is_open_to_all(user: Any, thread: Thread) -> bool:
    return not thread.members_only


@rules.predicate
def is_open(user: Any, thread: Thread) -> bool:
    return thread.is_open


@rules.predicate
def is_message_author(user: Any, message: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and message.author_id == user.pk)


is_facilitator = is_staff | has_facilitator_role
can_view = is_facilitator | (~is_removed & (is_open_to_all | is_member))
can_write = is_signed_in & can_view & ~is_removed & (is_open | is_facilitator)

rules.add_perm("deliberation.view_thread", can_view)
rules.add_perm("deliberation.write_in_thread", can_write)
rules.add_perm("deliberation.moderate_thread", is_facilitator)
# Objects are messages here: only their authors change or delete them.
rules.add_perm("deliberation.change_message", is_message_author)
