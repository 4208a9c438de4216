"""Per person limits: posting per thread, voting and poll answers across Hearth (a rate limit
in the shared cache), and slow mode."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.errors import ServiceError
from deliberation.errors import RATE_LIMITED


def posts_allowed() -> tuple[int, int]:
    """(messages, seconds): at most this many messages per window per person per thread."""
    limit = getattr(settings, "DELIBERATION_POST_RATE", (10, 60))
    return int(limit[0]), int(limit[1])


def votes_allowed() -> tuple[int, int]:
    """(votes, seconds): at most this many votes and poll answers per window per person."""
    limit = getattr(settings, "DELIBERATION_VOTE_RATE", (120, 60))
    return int(limit[0]), int(limit[1])


def seconds(n: int) -> str:
    """A number of seconds in words, for the sentences of refusals."""
    return ngettext("%(count)d second", "%(count)d seconds", n) % {"count": n}


def _take_token(key: str, limit: int, window: int) -> int:
    """Count one action in a fixed window; return 0 if allowed, else seconds to wait.

    With Redis the cache is shared by every worker and INCR is atomic, so parallel
    requests cannot slip past the limit. While Redis is unreachable the cache counts
    nothing (config/redis_cache.py), so the action is allowed: refusing would turn a
    brief outage into lost messages and votes, and a few seconds without the limit do
    not enable abuse.
    """
    now = time.time()
    bucket = int(now // window)
    full_key = f"{key}:{bucket}"
    cache.add(full_key, 0, timeout=window + 5)
    try:
        used = int(cache.incr(full_key))
    except ValueError:
        cache.set(full_key, 1, timeout=window + 5)
        used = 1
    if used <= limit:
        return 0
    return max(1, math.ceil((bucket + 1) * window - now))


def take_post_token(*, thread_id: int, user_id: int) -> None:
    """Count one post; raise ``rate_limited`` (with how long to wait) over the limit."""
    limit, window = posts_allowed()
    wait = _take_token(f"deliberation:rate:{thread_id}:{user_id}", limit, window)
    if wait:
        raise ServiceError(
            RATE_LIMITED,
            _(
                "You have sent %(limit)d messages in a short time. Wait %(wait)s, "
                "then send your message again."
            )
            % {"limit": limit, "wait": seconds(wait)},
            field="body",
        )


def take_vote_token(*, user_id: int, field: str = "value") -> None:
    """Count one vote or poll answer; raise ``rate_limited`` over the limit.

    Per person, not per address or thread: many people voting at once (a live session,
    the realtime benchmark) are never slowed by one another.
    """
    limit, window = votes_allowed()
    wait = _take_token(f"deliberation:vote-rate:{user_id}", limit, window)
    if wait:
        raise ServiceError(
            RATE_LIMITED,
            _(
                "You are voting too quickly. Wait %(wait)s and try again. "
                "Your last vote was not counted."
            )
            % {"wait": seconds(wait)},
            field=field,
        )
