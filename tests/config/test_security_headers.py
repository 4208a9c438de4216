import pytest
from django.test import Client

from cms.models import HomePage


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client: Client, site_tree: HomePage) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_are_protected_against_cross_site_posts(site_tree: HomePage) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/account/sign-up/", {"email": "x@example.org", "display_name": "X", "password": "p"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_only_the_cms_admin_may_run_inline_script(client: Client, site_tree: HomePage) -> None:
    admin_policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    for path in ("/", "/account/sign-in/", "/search/"):
        assert "unsafe-inline" not in client.get(path)["Content-Security-Policy"], path
