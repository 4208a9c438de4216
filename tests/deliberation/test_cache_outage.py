"""While Redis is unreachable, posting and voting go on: the rate limit lets the action
through and presence is not counted, instead of the socket failing with an error."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from deliberation.errors import ClientError
from deliberation.presence import presence_change, presence_count
from deliberation.services.limits import take_post_token, take_vote_token
from tests.support.server import free_port


@pytest.fixture
def unreachable_cache() -> Iterator[None]:
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    backend = {"BACKEND": "config.redis_cache.SharedPoolRedisCache", "LOCATION": dead}
    with override_settings(CACHES={"default": backend}):
        yield


def test_votes_and_posts_are_allowed_while_the_limit_cannot_be_counted(
    unreachable_cache: None,
) -> None:
    for _ in range(3):
        take_vote_token(user_id=1)
        take_post_token(thread_id=1, user_id=1)


def test_presence_reads_as_nobody_while_it_cannot_be_counted(unreachable_cache: None) -> None:
    assert presence_change(topic="thread.1", delta=+1) == 0
    assert presence_count(topic="thread.1") == 0


@pytest.mark.django_db
def test_with_the_cache_back_the_limit_applies_again(settings: Any) -> None:
    cache.clear()
    settings.DELIBERATION_VOTE_RATE = (2, 60)
    take_vote_token(user_id=7)
    take_vote_token(user_id=7)
    with pytest.raises(ClientError, match="voting too quickly"):
        take_vote_token(user_id=7)
