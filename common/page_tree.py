"""What every page works out from the page tree, remembered by each worker process
until the tree changes: the site that answers a host, the footer's links, whether any
page has a view restriction.

Wagtail asks the database for these on every request (the site lookup is
wagtail/wagtail#8937); together they were over a third of the home page's time. They
change when someone publishes, unpublishes, moves or deletes a page, edits a site or
restricts who may view a page.

A token in the shared cache says when to work them out again: each of those changes
gives it a new value, and every process sees it on its next request. Each change also
adds a :class:`common.models.PageTreeChange` row in its own transaction. A process that
finds no token (Redis restarted or was emptied, or is unreachable and answers as an
empty cache) takes the number of those rows as the token: what it remembers from
before is kept if no change has been committed since, and worked out again if one has.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from common.models import PageTreeChange

VERSION_KEY = "hearth:page-tree-version"
MAX_ENTRIES = 256  # host names are checked against ALLOWED_HOSTS first; this bounds memory anyway

T = TypeVar("T")

_memo: dict[Hashable, Any] = {}
_memo_version: str | None = None
# The token as read once for the request under way (see read_once).
_request_version: ContextVar[str | None] = ContextVar("page_tree_version", default=None)


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _committed_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _committed_version() -> str:
    return f"committed-{PageTreeChange.objects.count()}"


@contextmanager
def read_once() -> Iterator[None]:
    """Within the block (a request), read the token once rather than at every use: a
    page asks for the site, the view restrictions and the footer. A change to the tree
    within the block makes later uses read it again."""
    reset = _request_version.set(_current_version())
    try:
        yield
    finally:
        _request_version.reset(reset)


def remembered(key: Hashable, work_out: Callable[[], T]) -> T:
    """``work_out()``, or what it answered before in this process if the tree has not
    changed since. The answer is shared by every request: return something immutable,
    or copy it before handing it out."""
    global _memo, _memo_version
    version = _request_version.get() or _current_version()
    if version != _memo_version:
        _memo, _memo_version = {}, version
    memo = _memo
    if key not in memo:
        value = work_out()
        if len(memo) >= MAX_ENTRIES:
            return value
        memo[key] = value
    return cast(T, memo[key])


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def tree_changed(**kwargs: Any) -> None:
    # Now, and again once the change is committed: a worker that works things out in
    # between still reads the tree as it was, and must not keep that under the new token.
    _request_version.set(None)
    PageTreeChange.objects.create()
    _renew()
    transaction.on_commit(_renew)


def _renew() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
