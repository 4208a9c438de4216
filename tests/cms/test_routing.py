"""Pages are found in one query for the whole path, with Wagtail's own routing rules."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.models import HomePage, StandardPage
from cms.routing import route_from
from tests.factories import make_consultation


def _page(parent: Page, slug: str, *, live: bool = True) -> StandardPage:
    page = StandardPage(title=slug.title(), slug=slug, summary="")
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def _wagtail_route(home: HomePage, path: str) -> Page | None:
    """Where Wagtail's own tree walk, a query per level, takes ``path``."""
    request = RequestFactory().get(path)
    try:
        return Page.route(home, request, [c for c in path.split("/") if c]).page
    except Http404:
        return None


def _route(home: HomePage, path: str) -> Page | None:
    request = RequestFactory().get(path)
    try:
        return route_from(home, request, [c for c in path.split("/") if c]).page
    except Http404:
        return None


@pytest.mark.django_db
def test_every_path_leads_where_wagtails_walk_leads(site_tree: HomePage) -> None:
    guides = _page(site_tree, "guides")
    carers = _page(guides, "carers")
    _page(carers, "breaks")
    hidden = _page(site_tree, "hidden", live=False)
    _page(hidden, "inside")  # a live page under an unpublished one: Wagtail serves it
    _page(site_tree, "breaks")  # the same slug at another depth and branch
    paths = [
        "/",
        "/guides/",
        "/guides/carers/",
        "/guides/carers/breaks/",
        "/breaks/",
        "/hidden/",
        "/hidden/inside/",
        "/guides/breaks/",
        "/guides/carers/breaks/more/",
        "/nowhere/",
        "/carers/",
    ]
    for path in paths:
        expected = _wagtail_route(site_tree, path)
        found = _route(site_tree, path)
        assert (found and found.pk) == (expected and expected.pk), path
        assert type(found) is type(expected), path
    assert _route(site_tree, "/hidden/") is None
    assert _route(site_tree, "/hidden/inside/").title == "Inside"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_page_three_levels_down_costs_two_queries(site_tree: HomePage) -> None:
    _page(_page(_page(site_tree, "a"), "b"), "c")
    with CaptureQueriesContext(connection) as queries:
        page = _route(site_tree, "/a/b/c/")
    assert page is not None
    assert page.title == "C"
    assert len(queries) == 2  # every page on the path, then the last one's own fields


@pytest.mark.django_db
def test_a_routable_pages_own_routes_still_answer(client: Client, site_tree: HomePage) -> None:
    consultation = make_consultation()
    assert client.get(consultation.url + "report/").status_code == 200
    assert client.get(consultation.url + "no-such-route/").status_code == 404
