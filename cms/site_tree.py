"""Builds the pages every Hearth site needs, once: used by seed_demo and by tests."""

import datetime

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import (
    AccessibilityStatementPage,
    ConsultationIndexPage,
    HomePage,
    PrivacyNoticePage,
    ProposalIndexPage,
)

HOME_INTRODUCTION = (
    "Hearth is where people who draw on care and support, unpaid carers, care workers "
    "and council staff shape the reform of adult social care together, as equals."
)


def _text(html: str) -> tuple[str, str]:
    return ("text", html)


def _heading(text: str) -> tuple[str, dict[str, str]]:
    return ("heading", {"text": text, "level": "h2"})


ACCESSIBILITY_BODY = [
    _text(
        "<p>Hearth is for everyone who draws on care and support or helps others to. "
        "We want as many people as possible to be able to use it. You should be able to:</p>"
        "<ul><li>zoom in up to 400% without the text spilling off the screen</li>"
        "<li>use the whole site with a keyboard only</li>"
        "<li>use the whole site with JavaScript turned off</li>"
        "<li>use the site with a screen reader</li></ul>"
    ),
    _heading("If you find a problem"),
    _text(
        "<p>Tell the council or group that runs this site. We will reply within 5 working "
        "days. If you are not happy with our reply, contact the Equality Advisory and "
        "Support Service (EASS).</p>"
    ),
]

PRIVACY_BODY = [
    _heading("What we keep"),
    _text(
        "<ul><li>your email address, to sign you in and to tell you about replies</li>"
        "<li>your display name, which others see beside what you write</li>"
        "<li>how you are connected to care, if you choose to say</li>"
        "<li>what you write and how you vote</li></ul>"
    ),
    _heading("Why we keep it"),
    _text(
        "<p>So that you can take part in shaping care and support, and so that the people "
        "who decide can see what was said and answer it in public.</p>"
    ),
    _heading("Who sees it"),
    _text(
        "<p>Other people see your display name, what you write and, if you chose to say, "
        "how you are connected to care. Nobody else sees your email address. Reports show "
        "votes only as totals for groups of 5 people or more.</p>"
    ),
]


@transaction.atomic
def ensure_site_tree() -> HomePage:
    """Create the root, home, accessibility and privacy pages if missing; return the home page."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's first migration adds a welcome page; Hearth's home page replaces it.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = HomePage(title="Hearth", slug="home", introduction=HOME_INTRODUCTION)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Hearth"
        site.save()
    today = datetime.date.today()
    singletons: list[Page] = [
        AccessibilityStatementPage(
            title="Accessibility statement",
            slug="accessibility",
            summary="How accessible Hearth is, how we check it, and what to do about a problem.",
            body=ACCESSIBILITY_BODY,
            last_reviewed=today,
        ),
        ProposalIndexPage(
            title="Proposals",
            slug="proposals",
            introduction=(
                "Ideas for changing adult social care, written together by people who draw "
                "on care and support, carers, care workers and staff."
            ),
        ),
        ConsultationIndexPage(
            title="Consultations",
            slug="consultations",
            introduction=(
                "Councils ask what you think before they decide. Each consultation says what "
                "can still change, how long you have, and afterwards what was heard and done."
            ),
        ),
        PrivacyNoticePage(
            title="Privacy notice",
            slug="privacy",
            summary="What Hearth keeps about you, why, and who sees it.",
            body=PRIVACY_BODY,
            last_reviewed=today,
        ),
    ]
    for page in singletons:
        # Each of these page types exists once; add it only if it is missing.
        if not type(page).objects.exists():
            home.add_child(instance=page)
            page.save_revision().publish()
    return home
