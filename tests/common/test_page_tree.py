"""The footer's links are worked out once per worker, and again whenever the tree changes."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import HomePage, PrivacyNoticePage
from common import page_tree
from common.page_tree import VERSION_KEY, read_once, remembered


def _footer(client: Client) -> tuple[int, str]:
    """Queries for the footer's pages, and the footer's HTML."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    footer_queries = [q for q in queries if '"content_type_id" IN' in q["sql"]]
    return len(footer_queries), html[html.index("<footer") :]


@pytest.mark.django_db
def test_the_footer_is_worked_out_once(client: Client, site_tree: HomePage) -> None:
    assert _footer(client)[0] == 1
    queries, html = _footer(client)
    assert queries == 0
    assert 'href="/privacy/">Privacy notice</a>' in html


@pytest.mark.django_db
def test_publishing_unpublishing_and_moving_pages_show_in_the_footer_at_once(
    client: Client, site_tree: HomePage
) -> None:
    _footer(client)
    notice = PrivacyNoticePage.objects.get()

    notice.title = "How we use your information"
    notice.slug = "your-information"
    notice.save_revision().publish()
    assert 'href="/your-information/">How we use your information</a>' in _footer(client)[1]

    notice.unpublish()
    assert "How we use your information" not in _footer(client)[1]

    notice.save_revision().publish()
    about = HomePage.objects.get().get_children().get(slug="accessibility")
    notice.move(about, pos="last-child")
    assert 'href="/accessibility/your-information/"' in _footer(client)[1]


@pytest.mark.django_db
def test_what_was_read_before_a_change_committed_is_not_kept(
    site_tree: HomePage, django_capture_on_commit_callbacks: Any
) -> None:
    """Another worker may work the footer out between the change and its commit, from
    the tree as it was: the token changes again at the commit, so that is not kept."""
    with django_capture_on_commit_callbacks(execute=True):
        PrivacyNoticePage.objects.get().save_revision().publish()
        assert remembered("test", lambda: "read before the commit") == "read before the commit"
    assert remembered("test", lambda: "read after the commit") == "read after the commit"


@pytest.mark.django_db
def test_a_page_reads_the_token_once(
    client: Client, site_tree: HomePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site, the view restrictions and the footer each use the memo; one read of
    the shared token serves them all."""
    client.get("/privacy/")
    reads: list[str] = []
    real_get = cache.get

    def counting_get(key: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(page_tree.cache, "get", counting_get)
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert "Privacy notice" in response.content.decode()
    assert reads.count(VERSION_KEY) == 1


@pytest.mark.django_db
def test_a_change_within_a_request_is_seen_by_the_rest_of_it(site_tree: HomePage) -> None:
    with read_once():
        assert remembered("test", lambda: "before") == "before"
        PrivacyNoticePage.objects.get().save_revision().publish()
        assert remembered("test", lambda: "after") == "after"


@pytest.mark.django_db
def test_an_emptied_cache_keeps_what_was_worked_out_until_the_tree_changes(
    client: Client, site_tree: HomePage, django_capture_on_commit_callbacks: Any
) -> None:
    """Redis restarted or emptied: the token comes from the changes committed, so the
    footer is not worked out again unless one was committed while the token was away."""
    cache.delete(VERSION_KEY)
    _footer(client)
    cache.delete(VERSION_KEY)
    assert _footer(client)[0] == 0

    notice = PrivacyNoticePage.objects.get()
    notice.title = "How we use your information"
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    cache.delete(VERSION_KEY)
    queries, html = _footer(client)
    assert queries == 1
    assert "How we use your information</a>" in html
