"""Writes to deliberation. Views, consumers and commands call these; none saves a model
itself. Real-time writes come in pairs: ``check_*`` authorises and validates (raising
:class:`common.errors.ServiceError`), ``do_*`` writes and broadcasts on commit."""

from deliberation.services.messages import (
    PostPlan,
    check_post_message,
    do_post_message,
    message_delete,
    message_edit,
    message_post,
)
from deliberation.services.moderation import (
    flags_dismiss,
    message_flag,
    message_hide,
    person_remove,
    slow_mode_set,
    statement_moderate,
    thread_pause,
    thread_resume,
)
from deliberation.services.polls import check_poll_answer, poll_answer, poll_create
from deliberation.services.statements import (
    statement_submit,
    vote_cast,
)
from deliberation.services.threads import member_add, thread_create, thread_mark_seen

__all__ = [
    "PostPlan",
    "check_poll_answer",
    "check_post_message",
    "do_post_message",
    "flags_dismiss",
    "member_add",
    "message_delete",
    "message_edit",
    "message_flag",
    "message_hide",
    "message_post",
    "person_remove",
    "poll_answer",
    "poll_create",
    "slow_mode_set",
    "statement_moderate",
    "statement_submit",
    "thread_create",
    "thread_mark_seen",
    "thread_pause",
    "thread_resume",
    "vote_cast",
]
