"""A page restricted by an editor is protected from the next request on, in every worker,
though pages skip the check while no restriction exists."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from accounts.models import User
from cms.models import HomePage, StandardPage


@pytest.fixture
def guide(site_tree: HomePage) -> StandardPage:
    page = StandardPage(title="Guide", slug="guide", summary="")
    site_tree.add_child(instance=page)
    page.save_revision().publish()
    child = StandardPage(title="Inside the guide", slug="inside", summary="")
    page.add_child(instance=child)
    child.save_revision().publish()
    return page


@pytest.mark.django_db
def test_no_restriction_means_no_check(client: Client, guide: StandardPage) -> None:
    client.get("/guide/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/guide/").status_code == 200
    assert not [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]


@pytest.mark.django_db
def test_a_new_restriction_applies_at_once_to_the_page_and_below(
    client: Client, guide: StandardPage, user: User
) -> None:
    assert client.get("/guide/inside/").status_code == 200  # remembered: nothing restricted

    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )
    for path in ("/guide/", "/guide/inside/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:sign-in')}?next={path}"
    assert client.get("/privacy/").status_code == 200  # elsewhere, still public

    assert client.get("/_util/login/?next=/guide/")["Location"] == (
        f"{reverse('accounts:sign-in')}?next=/guide/"
    )
    client.force_login(user)
    assert client.get("/guide/inside/").status_code == 200

    restriction.delete()
    client.logout()
    assert client.get("/guide/inside/").status_code == 200
