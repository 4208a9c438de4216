"""Everything supporters did on a person's behalf, across discussions and proposals, and
taking any of it back. Reads and dispatches only; each app's service does the writing.

accounts sits below the apps that hold contributions, so it asks them: each registers what
a supporter can do for someone there (:class:`OnBehalfKind`) in its ``AppConfig.ready()``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from common.errors import ServiceError

NOT_FOUND = gettext_lazy("We could not find that. It may already have been withdrawn.")


@dataclass(frozen=True)
class DoneForYou:
    kind: str
    pk: int
    what: str
    where: str
    url: str
    supporter: str
    when: datetime
    withdrawn: bool = False


@dataclass(frozen=True)
class OnBehalfKind:
    """One kind of contribution a supporter can make for someone (a message, a vote...):
    how to list a person's, and how the person takes one back. ``withdraw`` returns False
    when the person has no such contribution made for them with that id."""

    kind: str
    done_for: Callable[[User], Iterable[DoneForYou]]
    withdraw: Callable[[User, int], bool]


_kinds: dict[str, OnBehalfKind] = {}
T = TypeVar("T")


def register_on_behalf_kind(kind: OnBehalfKind) -> None:
    _kinds[kind.kind] = kind


def supporter_name(user: User | None) -> str:
    # Translators: stands for a supporter's name, as in "written with support from a
    # supporter whose account has gone".
    return user.display_name if user is not None else _("a supporter whose account has gone")


def withdraw_found(found: T | None, withdraw: Callable[[T], object]) -> bool:
    """Take back ``found`` (the person's contribution, or None) with ``withdraw``; returns
    whether there was one, for :class:`OnBehalfKind`'s ``withdraw``."""
    if found is None:
        return False
    withdraw(found)
    return True


def done_on_behalf_of(person: User) -> list[DoneForYou]:
    """Newest first."""
    items = [item for kind in _kinds.values() for item in kind.done_for(person)]
    return sorted(items, key=lambda item: item.when, reverse=True)


def withdraw_done_on_behalf(*, person: User, kind: str, pk: str) -> None:
    """Take back one thing a supporter did for this person; refuses anything else."""
    registered = _kinds.get(kind)
    if registered is None or not pk.isdigit() or not registered.withdraw(person, int(pk)):
        raise ServiceError("not_found", str(NOT_FOUND))
