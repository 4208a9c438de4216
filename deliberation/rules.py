"""Who may do what in a thread, declared once (django-rules). Objects are threads unless
a rule says otherwise. Tested as a matrix in tests/deliberation/test_rules.py.

* Staff are facilitators everywhere; others are facilitators of a thread by role.
* A person removed from a thread can neither see it nor write in it.
* Anyone may read an open-to-all thread, signed in or not; a members-only thread is
  visible to its members and facilitators only.
* Writing (messages, statements, votes, poll answers) needs an account and a discussion
  whose lifecycle allows some writing now (deliberation.lifecycle); facilitators may still
  write in a thread a facilitator paused or closed. Which writes are allowed (posting but
  not voting, say) is the lifecycle's to say, at the moment of each write.
"""

from typing import Any

import rules

from deliberation.lifecycle import Activity, DiscussionState, discussion_state, permits
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


def current_state(thread: Thread) -> DiscussionState:
    """The thread's discussion state, worked out once per thread instance (one request or
    one frame); services check again, fresh, under the write's lock."""
    state: DiscussionState | None = thread.__dict__.get("_discussion_state")
    if state is None:
        state = thread.__dict__["_discussion_state"] = discussion_state(thread)
    return state


@rules.predicate
def allows_some_writing(user: Any, thread: Thread) -> bool:
    return bool(current_state(thread).allows)


@rules.predicate
def paused_or_closed_by_a_facilitator(user: Any, thread: Thread) -> bool:
    return current_state(thread).by_facilitator


@rules.predicate
def is_message_author(user: Any, message: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and message.author_id == user.pk)


is_facilitator = is_staff | has_facilitator_role
can_view = is_facilitator | (~is_removed & (is_open_to_all | is_member))
can_write = (
    is_signed_in
    & can_view
    & ~is_removed
    & (allows_some_writing | (is_facilitator & paused_or_closed_by_a_facilitator))
)


def allowed_writes(user: Any, thread: Thread) -> dict[str, bool]:
    """What this person may write here now, by activity (``post``, ``vote``...): the
    pages show a form only where this is true; the services check again at the write."""
    writer = can_write(user, thread)
    facilitator = is_facilitator(user, thread)
    return {
        activity.value: writer and permits(current_state(thread), activity, facilitator=facilitator)
        for activity in Activity
    }


rules.add_perm("deliberation.view_thread", can_view)
rules.add_perm("deliberation.write_in_thread", can_write)
rules.add_perm("deliberation.moderate_thread", is_facilitator)
# Objects are messages here: only their authors change or delete them.
rules.add_perm("deliberation.change_message", is_message_author)
