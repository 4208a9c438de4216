"""Every page each kind of person can reach from the home page and their own pages, with the
demo's data, passes axe (WCAG 2.2 A and AA) and reflows at 320 px without sideways scrolling.

Pages are found by following links, so whatever the demo or a new feature adds is crawled
without this test changing. The Wagtail admin is crawled for staff only, and only the parts
Hearth adds or fills (see tests/support/crawl.py).

In Welsh and in Urdu (right to left) a shorter crawl, one page of each shape, checks the same
and that each page stays in the language and says so (tests/support/crawl.py).
"""

import time

import pytest
from django.utils import translation
from playwright.sync_api import Browser
from wagtail.models import Page as WagtailPage

from accounts.models import User
from cms.demo import CONSULTATION_SLUG
from cms.models import ConsultationPage
from common.page_language import default_locale_id
from deliberation.models import Role, Thread
from deliberation.services import member_add
from harness.server import LiveServer
from tests.support.aio import run_in_thread
from tests.support.browser import signed_in_context
from tests.support.crawl import crawl, url_shape

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.accessibility_check("crawl-axe"),
    pytest.mark.accessibility_check("crawl-reflow-320"),
]

ACCOUNT_PAGES = ["/you/", "/account/details/", "/account/notifications/"]
# What each person's crawl must have reached, so that a broken link cannot shrink the crawl
# unnoticed: (role, a fragment of a URL shape).
MUST_REACH = {
    "anonymous": [
        "ProposalPage:",
        "ConsultationPage:report",
        "AccessibilityStatementPage:",
        "threads/<int:thread_id>/",
        "decisions/",
    ],
    "participant": ["suggest/<slug:section>/", "<int:thread_id>/"],
    "co-author": ["section/<slug:section>/", "history/"],
    "facilitator": ["moderation/"],
    "council officer": ["ConsultationPage:"],
    "board member": ["ConsultationPage:report"],
    "staff": [
        "admin-edit:ConsultationPage",
        "admin-edit:ProposalPage",
        "admin-edit:HomePage",
        "admin/snippets/",
        "admin/users/",
    ],
}
ADMIN_SEEDS = [
    "/admin/",
    "/admin/pages/",
    "/admin/users/",
    "/admin/snippets/accounts/organisation/",
    "/admin/snippets/accounts/membership/",
    "/admin/snippets/proposals/theme/",
]


def _people() -> dict[str, tuple[User | None, list[str]]]:
    """Each role, as the demo's people, and the pages that are theirs to start from."""
    demo = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@hearth.example")
    }
    facilitator = User.objects.create_user(
        "facilitator@hearth.example", "not-used-here", display_name="Fran (facilitator)"
    )
    thread = Thread.objects.order_by("pk").first()
    assert thread is not None, "the demo has no discussion thread"
    member_add(thread=thread, user=facilitator, role=Role.FACILITATOR)
    staff = User.objects.create_superuser(
        "staff@hearth.example", "not-used-here", display_name="Alex (site staff)"
    )
    # The editor of one page of each type in the tree: those are Hearth's page types.
    first_of_each_type = {
        page.content_type_id: page.pk
        for page in WagtailPage.objects.filter(depth__gt=1).order_by("-pk")
    }
    page_editors = [f"/admin/pages/{pk}/edit/" for pk in sorted(first_of_each_type.values())]
    return {
        "anonymous": (None, ["/"]),
        "participant": (demo["careworker"], ["/", *ACCOUNT_PAGES]),
        "co-author": (demo["carer"], ["/", *ACCOUNT_PAGES]),
        "facilitator": (facilitator, ["/", *ACCOUNT_PAGES, f"/threads/{thread.pk}/"]),
        "council officer": (demo["officer"], ["/", *ACCOUNT_PAGES]),
        "board member": (demo["board"], ["/", *ACCOUNT_PAGES]),
        # Staff see the public site as the officer does (both may edit content): their
        # crawl starts in the admin.
        "staff": (staff, [*ADMIN_SEEDS, *page_editors, *ACCOUNT_PAGES]),
    }


@pytest.fixture(scope="session")
def checked_digests() -> set[str]:
    """Pages (by content) already checked in this process: the demo is the same for every
    role, and a page that looks the same to two people need not be checked twice."""
    return set()


@pytest.mark.parametrize("role", list(MUST_REACH))
def test_every_page_a_role_reaches_passes_axe_and_reflows(
    role: str,
    demo_database: None,
    checked_digests: set[str],
    browser: Browser,
    asgi_server: LiveServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    person, seeds = run_in_thread(_people)[role]
    context = signed_in_context(browser, asgi_server, person)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        result = crawl(
            page,
            asgi_server.url,
            seeds,
            admin=role == "staff",
            per_shape=2 if person is None else 1,
            budget=40,
            checked_digests=checked_digests,
        )
    finally:
        context.close()

    with capsys.disabled():
        print(
            f"\nAccessibility crawl, {role}: {len(result.visited)} pages opened,"
            f" {len(result.checked)} checked, {time.monotonic() - started:.0f} s"
        )
    problems = [f"{role}: {finding.url}: {finding.problem}" for finding in result.findings]
    assert not problems, "\n".join(problems)
    shapes = {url_shape(url) for url in result.visited}
    for fragment in MUST_REACH[role]:
        assert any(fragment in shape for shape in shapes), (
            f"the {role} crawl never reached a page like {fragment!r}; it saw {sorted(shapes)}"
        )


# The pages a reader of each language starts from, besides those links lead to; each crawl
# opens about ten pages, one of each shape.
LANGUAGES = ["cy", "ur"]
LANGUAGE_BUDGET = {"anonymous": 7, "participant": 3}
# What each crawl in another language must have checked: (role, a fragment of a URL shape).
MUST_CHECK_IN_LANGUAGE = {
    "anonymous": [
        "account/sign-in/",
        "account/sign-up/",
        "search/",
        "ConsultationPage:",
        "threads/<int:thread_id>/",
    ],
    "participant": ["you/"],
}


def _people_in(language: str) -> dict[str, tuple[User | None, list[str]]]:
    """The anonymous visitor and a participant of the demo, each with the pages they start
    from, at their addresses in the language (Hearth's pages link the rest)."""
    consultation = ConsultationPage.objects.get(
        slug=CONSULTATION_SLUG, locale_id=default_locale_id()
    )
    thread = Thread.objects.order_by("pk").first()
    assert thread is not None, "the demo has no discussion thread"
    thread_id = consultation.discussion_thread_id or thread.pk
    with translation.override(language):
        consultation_url = consultation.get_url()
        thread_url = Thread(pk=thread_id).get_absolute_url()
    assert consultation_url, "the demo's consultation has no address"
    home = f"/{language}/"
    return {
        "anonymous": (
            None,
            [
                home,
                f"{home}account/sign-in/",
                f"{home}account/sign-up/",
                f"{home}search/",
                consultation_url,
                thread_url,
            ],
        ),
        "participant": (
            User.objects.get(email="careworker@hearth.example"),
            [f"{home}you/", thread_url, f"{home}account/details/"],
        ),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_in_welsh_and_urdu_pass_axe_reflow_and_stay_in_the_language(
    language: str,
    demo_database: None,
    browser: Browser,
    asgi_server: LiveServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As the anonymous visitor and as a participant: axe, 320 px (no sideways scrolling, no
    word broken that would fit, nothing past the right edge right to left), every page
    under /{language}/ with <html lang> the language's and dir rtl for Urdu, and no link out
    of the language that does not say so."""
    started = time.monotonic()
    people = run_in_thread(_people_in, language)
    checked_digests: set[str] = set()
    problems: list[str] = []
    for role, (person, seeds) in people.items():
        context = signed_in_context(browser, asgi_server, person)
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            result = crawl(
                page,
                asgi_server.url,
                seeds,
                per_shape=1,
                budget=LANGUAGE_BUDGET[role],
                checked_digests=checked_digests,
                language=language,
            )
        finally:
            context.close()
        with capsys.disabled():
            print(
                f"\nAccessibility crawl in {language}, {role}: {len(result.visited)} pages"
                f" opened, {len(result.checked)} checked: {result.checked}"
            )
        problems += [f"{language} {role}: {f.url}: {f.problem}" for f in result.findings]
        outside = [
            url for url in result.visited + result.checked if not url.startswith(f"/{language}/")
        ]
        assert not outside, f"the {language} crawl left the language for {outside}"
        with translation.override(language):
            shapes = {url_shape(url) for url in result.checked}
        for fragment in MUST_CHECK_IN_LANGUAGE[role]:
            assert any(fragment in shape for shape in shapes), (
                f"the {language} {role} crawl never checked a page like {fragment!r};"
                f" it checked {sorted(shapes)}"
            )
    with capsys.disabled():
        print(f"Accessibility crawl in {language}: {time.monotonic() - started:.0f} s")
    assert not problems, "\n".join(problems)
