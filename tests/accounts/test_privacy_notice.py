"""The privacy notice says what is kept, why, for how long, who sees it, and how to
download and erase it."""

from typing import Any

import pytest
from django.test import Client

from cms.models import PrivacyNoticePage
from cms.site_tree import ensure_site_tree


@pytest.mark.django_db
def test_the_privacy_notice_says_what_why_how_long_and_how_to_download_and_erase(
    settings: Any,
) -> None:
    settings.ACCOUNT_RETENTION_DAYS = 2 * 365
    settings.ACCOUNT_RETENTION_GRACE_DAYS = 14
    PrivacyNoticePage.objects.all().delete()  # a new site's notice, written with these settings
    ensure_site_tree()
    html = Client().get("/privacy/").content.decode()
    for heading in (
        "What we keep",
        "Why we keep it, and our lawful basis",
        "Who sees it",
        "How long we keep it",
        "Your rights: download and erase",
    ):
        assert f">{heading}</h2>" in html
    assert "public task" in html
    assert "explicit consent" in html
    assert "If nobody signs in to it for 2 years, we email you, and erase it 14 days later" in html
    assert "Former participant" in html
    assert 'href="/account/your-data/"' in html
    assert 'href="/account/erase/"' in html
