"""The main journeys done with a keyboard only (Tab, Shift+Tab, Enter, Space; no clicks),
each with JavaScript on and with it off: focus always visible, in reading order, never
trapped (tests/support/keyboard.py), and axe on every page on the way. The journey to where
you stand is done in Welsh and in Urdu (right to left) too, finding what it acts on by the
words of the language's catalogue."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from cms.models import ConsultationPage, ProposalIndexPage
from common.i18n import bcp47
from deliberation.models import Message, PollResponse, Vote
from deliberation.services import message_post
from harness.server import LiveServer
from proposals import services
from proposals.models import ProposalPage
from tests.factories import (
    PollFactory,
    StatementFactory,
    ThreadFactory,
    UserFactory,
    make_consultation,
)
from tests.support.aio import run_in_thread
from tests.support.analysed import imported_and_analysed
from tests.support.axe import assert_accessible
from tests.support.browser import signed_in_context
from tests.support.keyboard import KeyboardUser
from tests.support.snapshot import Snapshots

pytestmark = [pytest.mark.browser, pytest.mark.server]
BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
# English, unprefixed; Welsh under /cy/; Urdu, right to left, under /ur/.
LANGUAGES = pytest.mark.parametrize("language", [settings.LANGUAGE_CODE, "cy", "ur"])
ANALYSED = "analysed consultation"


def _analysed() -> ConsultationPage:
    consultation = make_consultation(title="Paying for care in Northshire")
    imported_and_analysed(consultation)
    return consultation


@pytest.fixture
def analysed_consultation(
    asgi_server: LiveServer, _snapshots: Snapshots | None
) -> ConsultationPage:
    """The analysed consultation, made once per process (an import and an analysis take
    seconds) and restored from its snapshot for each later test, as the demo is."""
    if _snapshots is not None and _snapshots.has(ANALYSED):
        _snapshots.restore(ANALYSED)
    else:
        run_in_thread(_analysed)
        if _snapshots is not None:
            _snapshots.take(ANALYSED)
    return ConsultationPage.objects.get(title="Paying for care in Northshire")


def _checked(page: Page, javascript: bool, language: str = settings.LANGUAGE_CODE) -> None:
    """axe, on a page still in the language: at its address, saying so in <html lang dir>."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if language != settings.LANGUAGE_CODE:
        path = urlsplit(page.url).path
        assert path.startswith(f"/{language}/"), f"{page.url} is not in {language}"
    root = page.locator("html")
    expect(root).to_have_attribute("lang", bcp47(language))
    bidi = translation.get_language_info(language)["bidi"]
    expect(root).to_have_attribute("dir", "rtl" if bidi else "ltr")
    assert_accessible(page, javascript=javascript)


def _said(message: str, **values: object) -> re.Pattern[str]:
    """What a page says for a message of the active language's catalogue: its translation,
    without its tags, each placeholder the value given, or any words if none is."""
    pattern = re.escape(html.unescape(re.sub(r"<[^>]+>", "", translation.gettext(message))))
    for name in re.findall(r"%\((\w+)\)s", message):
        value = re.escape(str(values[name])) if name in values else ".+?"
        pattern = pattern.replace(re.escape(f"%({name})s"), value)
    return re.compile(pattern)


@BOTH
@pytest.mark.accessibility_check("journey:post-and-reply", "keyboard", "no-javascript")
@pytest.mark.accessibility_check("journey:vote-on-statements", "keyboard", "no-javascript")
@pytest.mark.accessibility_check("journey:answer-poll", "keyboard", "no-javascript")
def test_post_reply_vote_and_answer_a_poll_by_keyboard(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    thread = ThreadFactory.create(title="Unpaid carers")
    statement = StatementFactory.create(thread=thread, text="Carers should get a break every month")
    PollFactory.create(thread=thread, question="What should come first?")
    bob = UserFactory.create(display_name="Bob")
    run_in_thread(message_post, user=bob, thread=thread, body="Breaks get cancelled too often")
    sam = UserFactory.create(display_name="Sam")
    context = signed_in_context(browser, asgi_server, sam, javascript=javascript)
    page = context.new_page()
    keys = KeyboardUser(page)
    try:
        page.goto(f"/threads/{thread.pk}/")
        _checked(page, javascript)
        keys.assert_no_trap()

        keys.start_at_top()
        keys.activate(page.get_by_role("link", name="Reply to Bob"))
        expect(page.get_by_role("heading", name="Reply to Bob")).to_be_visible()
        keys.type_into(page.get_by_label("Your message"), "Yes, and nobody rebooks them")
        keys.activate(page.get_by_role("button", name="Post message"))
        reply = page.locator(".hearth-message", has_text="nobody rebooks them")
        expect(reply).to_be_visible()
        # Live (with JavaScript) as after a reload (without): the reply names who it answers.
        expect(reply.locator(".hearth-message__reply")).to_have_text("In reply to Bob")

        page.goto(f"/threads/{thread.pk}/statements/")
        listed = page.locator(f"#statement-{statement.pk}")
        keys.activate(listed.get_by_role("button", name="Agree", exact=True), "Space")
        expect(page.get_by_text("Your vote has been counted.")).to_be_visible()
        expect(listed).to_contain_text("You voted: agree")
        _checked(page, javascript)

        page.goto(f"/threads/{thread.pk}/")
        keys.start_at_top()
        keys.activate(page.get_by_role("link", name="What should come first?"))
        expect(page.get_by_role("heading", level=1)).to_have_text("What should come first?")
        _checked(page, javascript)
        keys.assert_no_trap()
        keys.start_at_top()
        keys.choose(page.get_by_label("Training"))
        keys.activate(page.get_by_role("button", name="Save my answer"))
        expect(page.get_by_text("Your answer has been saved.")).to_be_visible()
        expect(page.get_by_text("1 person has answered.")).to_be_visible()
        _checked(page, javascript)
    finally:
        context.close()
    reply_to = Message.objects.get(body="Yes, and nobody rebooks them").reply_to
    assert reply_to is not None
    assert reply_to.author == bob
    assert Vote.objects.get(statement=statement, voter=sam).value == 1
    answer = PollResponse.objects.get(respondent=sam)
    assert [choice.option.text for choice in answer.choices.all()] == ["Training"]


@BOTH
@pytest.mark.accessibility_check("journey:read-proposal", "keyboard", "no-javascript")
@pytest.mark.accessibility_check(
    "journey:co-write-and-resolve-conflict", "keyboard", "no-javascript"
)
@pytest.mark.accessibility_check("journey:suggest-and-accept", "keyboard", "no-javascript")
def test_read_co_write_resolve_a_conflict_suggest_and_accept_by_keyboard(
    browser: Browser, asgi_server: LiveServer, javascript: bool
) -> None:
    lead = UserFactory.create(display_name="Ana")
    co_author = UserFactory.create(display_name="Ben")
    participant = UserFactory.create(display_name="Cat")

    def build() -> ProposalPage:
        proposal = services.proposal_create(
            index=ProposalIndexPage.objects.get(),
            author=lead,
            title="Fair pay for care workers",
            summary="Pay care workers at least the real living wage.",
        )
        services.coauthor_add(proposal=proposal, by=lead, user=co_author)
        return services.proposal_open(proposal=proposal, by=lead)

    proposal = run_in_thread(build)
    contexts = [
        signed_in_context(browser, asgi_server, person, javascript=javascript)
        for person in (lead, co_author, participant)
    ]
    ana, ben, cat = (context.new_page() for context in contexts)
    ana_keys, ben_keys, cat_keys = KeyboardUser(ana), KeyboardUser(ben), KeyboardUser(cat)
    try:
        # Reading: from the home page to the proposal, by the menu.
        cat.goto("/")
        cat_keys.activate(cat.get_by_role("link", name="Proposals", exact=True))
        cat_keys.activate(cat.get_by_role("link", name="Fair pay for care workers"))
        expect(cat.get_by_role("heading", level=1)).to_have_text("Fair pay for care workers")
        _checked(cat, javascript)
        cat_keys.assert_no_trap()

        # Co-writing: both open the same section; Ana saves first, Ben meets the conflict.
        for page, keys in ((ana, ana_keys), (ben, ben_keys)):
            page.goto(f"/write/{proposal.pk}/")
            keys.activate(page.get_by_role("link", name="Change the problem"))
            expect(page.get_by_role("heading", level=1)).to_have_text("Change ‘The problem’")
        _checked(ana, javascript)
        ana_keys.assert_no_trap()
        ana_keys.start_at_top()
        ana_keys.type_into(ana.get_by_label("The problem"), "Care workers earn too little.")
        ana_keys.activate(ana.get_by_role("button", name="Save this section"))
        expect(ana.get_by_text("‘The problem’ is saved.")).to_be_visible()

        ben_keys.start_at_top()
        ben_keys.type_into(ben.get_by_label("The problem"), "Many care workers leave.")
        ben_keys.activate(ben.get_by_role("button", name="Save this section"))
        expect(ben.get_by_role("heading", level=1)).to_have_text(
            "Someone else changed ‘The problem’ while you were writing"
        )
        _checked(ben, javascript)
        ben_keys.assert_no_trap()
        ben_keys.start_at_top()
        ben_keys.type_into(
            ben.get_by_label("The problem"),
            "Care workers earn too little. Many care workers leave.",
        )
        ben_keys.activate(ben.get_by_role("button", name="Save merged text"))
        expect(ben.get_by_text("‘The problem’ is saved.")).to_be_visible()

        # Suggesting: Cat suggests a change to the goal; Ana accepts it.
        cat.goto(f"/write/{proposal.pk}/")
        cat_keys.activate(cat.get_by_role("link", name="Suggest a change to measurable goal"))
        _checked(cat, javascript)
        cat_keys.type_into(
            cat.get_by_label("Your suggested text for ‘Measurable goal’"),
            "Every care worker paid the real living wage by April 2028.",
        )
        cat_keys.type_into(cat.get_by_label("Why do you suggest this?"), "A date we can check.")
        cat_keys.activate(cat.get_by_role("button", name="Send suggestion"))
        expect(
            cat.get_by_text("Thank you. The authors will look at your suggestion")
        ).to_be_visible()

        ana.goto(f"/write/{proposal.pk}/")
        ana_keys.activate(ana.get_by_role("link", name="Cat suggests a change"))
        _checked(ana, javascript)
        ana_keys.assert_no_trap()
        ana_keys.start_at_top()
        ana_keys.activate(ana.get_by_role("button", name="Accept this suggestion"))
        expect(ana.get_by_text("Suggestion accepted. Cat has been told.")).to_be_visible()
    finally:
        for context in contexts:
            context.close()
    proposal = ProposalPage.objects.get(pk=proposal.pk)
    assert proposal.problem == "Care workers earn too little. Many care workers leave."
    assert proposal.goal.endswith("April 2028.")


@BOTH
@pytest.mark.accessibility_check("journey:read-board-report", "keyboard", "no-javascript")
def test_read_the_board_report_by_keyboard(
    browser: Browser,
    asgi_server: LiveServer,
    analysed_consultation: ConsultationPage,
    javascript: bool,
) -> None:
    consultation = analysed_consultation
    context = signed_in_context(browser, asgi_server, None, javascript=javascript)
    page = context.new_page()
    keys = KeyboardUser(page)
    try:
        page.goto(consultation.url or "")
        keys.activate(page.get_by_role("link", name="What people said: report for the board"))
        expect(page.get_by_role("heading", name="Common ground", exact=True)).to_be_visible()
        _checked(page, javascript)
        keys.assert_no_trap()
        # Back up the page with Shift+Tab, in reverse order, to the way back.
        keys.activate(page.get_by_role("link", name="Back to the consultation"), backwards=True)
        expect(page).to_have_url(f"{asgi_server.url}{consultation.url}")
    finally:
        context.close()


@BOTH
@LANGUAGES
@pytest.mark.accessibility_check(
    "journey:vote-and-see-where-you-stand", "keyboard", "no-javascript"
)
def test_from_the_home_page_to_where_you_stand_by_keyboard(
    browser: Browser,
    asgi_server: LiveServer,
    analysed_consultation: ConsultationPage,
    javascript: bool,
    language: str,
) -> None:
    """Home → an open consultation → its discussion → seven statements, one at a time →
    where you stand in the latest analysis; in English, Welsh or Urdu, from that language's
    home page, staying in it all the way."""
    consultation = analysed_consultation
    sam = UserFactory.create(display_name="Sam")
    context = signed_in_context(browser, asgi_server, sam, javascript=javascript)
    page = context.new_page()
    keys = KeyboardUser(page)
    with translation.override(language):
        home = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
        discussion = (consultation.get_url() or "") + consultation.reverse_subpage("discussion")
        agree, disagree = translation.gettext("Agree"), translation.gettext("Disagree")
        vote_on_statements = translation.gettext("Vote on statements")
        see_where_you_stand = translation.gettext("See where you stand")
        where_you_stand = translation.gettext("Where you stand")
        progress = "You have voted on %(voted)s of %(total)s. You can stop at any time."
        voted = {done: _said(progress, voted=done) for done in range(8)}
        closest = _said(
            "Your votes are closest to <strong>%(name)s</strong>, a group of %(size)s "
            "people who voted in a similar way to each other."
        )
    try:
        page.goto(home)
        _checked(page, javascript, language)
        keys.start_at_top()
        keys.activate(page.get_by_role("link", name=consultation.title).first)
        expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
        _checked(page, javascript, language)
        # Its words are a sentence of the catalogue's, with the link inside: found by address.
        keys.activate(page.locator(f'main a[href="{discussion}"]').first)
        _checked(page, javascript, language)
        keys.activate(page.get_by_role("link", name=vote_on_statements, exact=True))
        expect(page.locator("[data-progress]")).to_have_text(voted[0])
        _checked(page, javascript, language)
        keys.assert_no_trap()
        for done in range(1, 8):
            choice = agree if done % 2 else disagree
            keys.activate(page.get_by_role("button", name=choice, exact=True))
            expect(page.locator("[data-progress]")).to_have_text(voted[done])
        _checked(page, javascript, language)
        keys.activate(page.get_by_role("link", name=see_where_you_stand))
        expect(page.get_by_role("heading", level=1)).to_have_text(where_you_stand)
        expect(page.locator("#closest-group")).to_have_text(closest)
        _checked(page, javascript, language)
        keys.assert_no_trap()
    finally:
        context.close()
    assert Vote.objects.filter(voter=sam).count() == 7
