from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from common.errors import validate_model
from deliberation.models import Role, Thread, ThreadMember


def thread_create(
    *,
    title: str,
    created_by: Any = None,
    members_only: bool = False,
    slow_mode_seconds: int = 0,
) -> Thread:
    """A new, open thread. Proposals and consultations call this and keep the one-to-one."""
    thread = Thread(
        title=title,
        created_by=created_by,
        members_only=members_only,
        slow_mode_seconds=slow_mode_seconds,
    )
    validate_model(thread)
    with transaction.atomic():
        thread.save()
    return thread


def member_add(*, thread: Thread, user: Any, role: Role | str = Role.PARTICIPANT) -> ThreadMember:
    """Invite a person (or make them a facilitator). Does not undo a removal."""
    with transaction.atomic():
        member, created = ThreadMember.objects.get_or_create(
            thread=thread, user=user, defaults={"role": role}
        )
        if not created and member.role != role:
            member.role = role
            member.save(update_fields=["role"])
    thread.__dict__.pop("_membership_cache", None)
    return member


def thread_mark_seen(*, thread: Thread, user: Any, last_message_id: int) -> None:
    """Remember where a person has read to; never moves backwards."""
    if not getattr(user, "is_authenticated", False) or last_message_id <= 0:
        return
    with transaction.atomic():
        updated = ThreadMember.objects.filter(thread=thread, user=user).update(
            last_seen_message_id=Greatest(F("last_seen_message_id"), last_message_id)
        )
        if not updated:
            ThreadMember.objects.bulk_create(
                [ThreadMember(thread=thread, user=user, last_seen_message_id=last_message_id)],
                ignore_conflicts=True,
            )
