"""Builds the pages every Hearth site needs, once: used by seed_demo and by tests."""

import datetime
from collections.abc import Callable

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


def _retention() -> str:
    days = settings.ACCOUNT_RETENTION_DAYS
    return f"{days // 365} years" if days % 365 == 0 else f"{days} days"


def privacy_body() -> list[tuple[str, object]]:
    """The privacy notice a new site starts with; the retention period is the configured one."""
    grace = settings.ACCOUNT_RETENTION_GRACE_DAYS
    return [
        _heading("What we keep"),
        _text(
            "<ul><li>your email address, to sign you in and to tell you about replies</li>"
            "<li>your display name, which others see beside what you write</li>"
            "<li>how you are connected to care, if you choose to say</li>"
            "<li>what you write: messages, statements, comments, suggestions and proposal "
            "text</li>"
            "<li>how you vote on statements and answer polls</li>"
            "<li>your roles, if you work for a council or sit on a reform board</li>"
            "<li>when you joined and when you last signed in</li></ul>"
        ),
        _heading("Why we keep it, and our lawful basis"),
        _text(
            "<p>So that you can take part in shaping care and support, and so that the people "
            "who decide can see what was said and answer it in public. Councils and boards "
            "consult as part of their public task (UK GDPR article 6(1)(e)); a charity running "
            "this site relies on its legitimate interest in hearing from the people reform "
            "affects (article 6(1)(f)).</p>"
            "<p>How you are connected to care can say something about your health or disability. "
            "We keep it only if you choose to tell us, with your explicit consent (article "
            "9(2)(a)). You can remove it at any time on your details page.</p>"
        ),
        _heading("Who sees it"),
        _text(
            "<p>Other people see your display name, what you write and, if you chose to say, "
            "how you are connected to care. Nobody else sees your email address. Facilitators "
            "see reports made about messages. Reports show votes only as totals for groups of "
            "5 people or more; nobody is shown how you voted.</p>"
        ),
        _heading("How long we keep it"),
        _text(
            "<ul><li>Your account: while you use it. If nobody signs in to it for "
            f"{_retention()}, we email you, and erase it {grace} days later unless you sign "
            "in.</li>"
            "<li>What you wrote in public: as long as the site runs, because other people "
            "replied to it and decisions rely on it. After your account is erased it shows "
            "\u201cFormer participant\u201d instead of your name.</li>"
            "<li>Your votes and poll answers: after your account is erased, only inside the "
            "totals and the analysis, moved to an anonymous placeholder that leads neither to "
            "you nor to what you wrote.</li>"
            "<li>How you are connected to care: until you remove it or your account is erased. "
            "An analysis made before that keeps it only as one in a count of how the people in "
            "each opinion group are connected to care.</li>"
            "<li>Notifications, roles and text you saved but never merged: until your account "
            "is erased.</li></ul>"
        ),
        _heading("Your rights: download and erase"),
        _text(
            "<p>Signed in, you can "
            '<a href="/account/your-data/">download your data</a>: everything we keep that is '
            "linked to you, in one zip file of spreadsheets (CSV) and JSON.</p>"
            '<p>You can <a href="/account/erase/">erase your account</a> at any time. Your '
            "email address, display name, password, how you are connected to care, your roles "
            "and your notifications go at once. What you wrote stays as \u201cFormer "
            "participant\u201d, for the reason above: if you want something taken down, delete "
            "it or ask a facilitator first.</p>"
            "<p>You can also ask the council or group that runs this site to correct your data, "
            "and complain to the Information Commissioner\u2019s Office (ICO).</p>"
        ),
    ]


@transaction.atomic
def _accessibility_statement() -> Page:
    return AccessibilityStatementPage(
        title="Accessibility statement",
        slug="accessibility",
        summary="How accessible Hearth is, how we check it, and what to do about a problem.",
        body=ACCESSIBILITY_BODY,
        last_reviewed=datetime.date.today(),
    )


def _proposal_index() -> Page:
    return ProposalIndexPage(
        title="Proposals",
        slug="proposals",
        introduction=(
            "Ideas for changing adult social care, written together by people who draw "
            "on care and support, carers, care workers and staff."
        ),
    )


def _consultation_index() -> Page:
    return ConsultationIndexPage(
        title="Consultations",
        slug="consultations",
        introduction=(
            "Councils ask what you think before they decide. Each consultation says what "
            "can still change, how long you have, and afterwards what was heard and done."
        ),
    )


def _privacy_notice() -> Page:
    return PrivacyNoticePage(
        title="Privacy notice",
        slug="privacy",
        summary="What Hearth keeps about you, why, and who sees it.",
        body=privacy_body(),
        last_reviewed=datetime.date.today(),
    )


# The pages every site has once, in the order they are added under the home page.
_SINGLETONS: list[tuple[type[Page], Callable[[], Page]]] = [
    (AccessibilityStatementPage, _accessibility_statement),
    (ProposalIndexPage, _proposal_index),
    (ConsultationIndexPage, _consultation_index),
    (PrivacyNoticePage, _privacy_notice),
]


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
    for page_type, make in _SINGLETONS:
        # Each of these page types exists once; made (its body built) only if it is missing.
        if not page_type.objects.exists():
            page = make()
            home.add_child(instance=page)
            page.save_revision().publish()
    return home
