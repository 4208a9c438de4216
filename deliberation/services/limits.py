"""Per person, per thread posting limits: a rate limit in the shared cache, and slow mode."""

import math
import time

from django.conf import settings
from django.core.cache import cache

from deliberation.errors import RATE_LIMITED, ClientError


def posts_allowed() -> tuple[int, int]:
    """(messages, seconds): at most this many messages per window per person per thread."""
    limit = getattr(settings, "DELIBERATION_POST_RATE", (10, 60))
    return int(limit[0]), int(limit[1])


def seconds(n: int) -> str:
    return "1 second" if n == 1 else f"{n} seconds"


def take_post_token(*, thread_id: int, user_id: int) -> None:
    """Count one post; raise ``rate_limited`` (with how long to wait) over the limit.

    A fixed window in the cache: with Redis it is shared by every worker and INCR is
    atomic, so parallel posts cannot slip past it.
    """
    limit, window = posts_allowed()
    now = time.time()
    bucket = int(now // window)
    key = f"deliberation:rate:{thread_id}:{user_id}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > limit:
        wait = max(1, math.ceil((bucket + 1) * window - now))
        raise ClientError(
            RATE_LIMITED,
            f"You have sent {limit} messages in a short time. Wait {seconds(wait)}, "
            "then send your message again.",
            field="body",
        )
