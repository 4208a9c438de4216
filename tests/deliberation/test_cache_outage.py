"""While Redis is unreachable the cache acts as an empty one (config/redis_cache.py):
pages are served, posting and voting go on (the rate limit counts nothing, so it lets the
action through) and presence reads as nobody, instead of each of them failing."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from common.errors import ServiceError
from deliberation.realtime.presence import presence_change, presence_count
from deliberation.services.limits import take_post_token, take_vote_token
from harness.server import free_port
from tests.factories import make_consultation


@pytest.fixture
def unreachable_cache(settings: Any) -> Iterator[None]:
    settings.DELIBERATION_VOTE_RATE = (2, 60)
    settings.DELIBERATION_POST_RATE = (2, 60)
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    backend = {"BACKEND": "config.redis_cache.SharedPoolRedisCache", "LOCATION": dead}
    with override_settings(CACHES={"default": backend}):
        yield


def test_votes_and_posts_beyond_the_limit_are_allowed_while_nothing_can_be_counted(
    unreachable_cache: None,
) -> None:
    for _ in range(5):  # over the limit of 2 set above
        take_vote_token(user_id=1)
        take_post_token(thread_id=1, user_id=1)


def test_presence_reads_as_nobody_while_it_cannot_be_counted(unreachable_cache: None) -> None:
    presence_change(topic="thread.1", delta=+1)
    presence_change(topic="thread.1", delta=+1)
    assert presence_count(topic="thread.1") == 0


@pytest.mark.django_db
def test_pages_are_served_while_redis_is_unreachable(
    site_tree: object, unreachable_cache: None
) -> None:
    # Wagtail keeps its site root paths in the cache; the page falls back to the database.
    consultation = make_consultation()
    response = Client().get(consultation.url)
    assert response.status_code == 200
    assert "Home care in Northshire" in response.content.decode()


@pytest.mark.django_db
def test_with_the_cache_back_the_limit_applies_again(settings: Any) -> None:
    cache.clear()
    settings.DELIBERATION_VOTE_RATE = (2, 60)
    take_vote_token(user_id=7)
    take_vote_token(user_id=7)
    with pytest.raises(ServiceError, match="voting too quickly"):
        take_vote_token(user_id=7)
