"""Each worker remembers which site answers a host, and looks again when any site changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.models import HomePage, StandardPage
from cms.site_lookup import site_for_request
from common.models import PageTreeChange


def _site_queries(client: Client, path: str = "/", host: str = "testserver") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers={"host": host})
    assert response.status_code == 200
    # Wagtail's lookup of the site for a host (not its list of site root paths).
    found = [q for q in queries if 'FROM "wagtailcore_site"' in q["sql"] and "CASE" in q["sql"]]
    return len(found), response.content.decode()


@pytest.mark.django_db
def test_the_site_is_looked_up_once_then_remembered(client: Client, site_tree: HomePage) -> None:
    assert _site_queries(client)[0] == 1
    assert _site_queries(client)[0] == 0
    assert _site_queries(client, "/proposals/")[0] == 0


@pytest.mark.django_db
def test_a_changed_site_is_seen_on_the_next_request(client: Client, site_tree: HomePage) -> None:
    """A second site for another host name: the first answer for that host was the
    default site, and it must not outlive the change."""
    other_home = StandardPage(title="Other council", slug="other-council", summary="")
    site_tree.add_child(instance=other_home)
    other_home.save_revision().publish()
    assert "Other council" not in _site_queries(client, host="127.0.0.1")[1]

    Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home)

    queries, html = _site_queries(client, host="127.0.0.1")
    assert queries == 1
    assert "<h1" in html
    assert "Other council" in html
    assert "Other council" not in _site_queries(client)[1]  # other hosts: still the default


@pytest.mark.django_db
def test_an_emptied_cache_means_looking_again_if_the_tree_changed(
    client: Client, site_tree: HomePage
) -> None:
    _site_queries(client)
    cache.clear()  # as after a Redis restart, with no change to the tree meanwhile
    assert _site_queries(client)[0] == 0
    PageTreeChange.objects.create()  # what another worker's change leaves in the database
    cache.clear()  # ... before Redis restarted and lost that worker's new token
    assert _site_queries(client)[0] == 1


@pytest.mark.django_db
def test_each_request_gets_its_own_site_object(rf: RequestFactory, site_tree: HomePage) -> None:
    first, second = site_for_request(rf.get("/")), site_for_request(rf.get("/"))
    assert first is not None
    assert second is not None
    assert first.pk == second.pk
    assert first is not second
    assert first.root_page is not second.root_page


@pytest.mark.django_db
def test_the_home_page_is_remembered_until_it_is_published_again(
    client: Client, site_tree: HomePage
) -> None:
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    # What is open now (cms.whats_open) reads consultations and proposals; nothing else
    # reads the page tree again.
    listing = ("cms_consultationpage", "proposals_proposalpage", "wagtailcore_pageviewrestriction")
    tree_reads = [
        q["sql"]
        for q in queries
        if "wagtailcore_page" in q["sql"] and not any(name in q["sql"] for name in listing)
    ]
    assert tree_reads == []
    assert f'<h1 class="govuk-heading-xl">{site_tree.title}</h1>' in response.content.decode()

    home = HomePage.objects.get(pk=site_tree.pk)
    home.title = "Care and support in Northshire"
    home.save_revision()  # a draft: the live page keeps its title
    assert "Care and support in Northshire" not in client.get("/").content.decode()
    home.get_latest_revision().publish()
    assert "Care and support in Northshire" in client.get("/").content.decode()
