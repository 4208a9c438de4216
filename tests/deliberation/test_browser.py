"""Thread journeys in real Chromium, axe on every page: live with JavaScript, plain
forms without it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accounts.models import SupportScope, User
from accounts.support import support_accept, support_invite
from deliberation.models import Message, PollResponse, Role, Vote
from deliberation.services import member_add, message_flag, message_post, statement_submit
from harness.server import LiveServer
from tests.factories import PollFactory, StatementFactory, ThreadFactory, UserFactory
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.server]


def signed_in(
    browser: Browser, server: LiveServer, user: User, *, javascript: bool = True
) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(java_script_enabled=javascript, base_url=server.url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": server.url,
            }
        ]
    )
    return context


def wait_until_live(page: Page) -> None:
    expect(page.locator("[data-messages]")).to_have_attribute("data-live", "true")


def test_two_people_in_two_browsers_see_each_others_messages_live(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Home first")
    alice = UserFactory.create(display_name="Alice")
    bob = UserFactory.create(display_name="Bob")
    alice_context = signed_in(browser, asgi_server, alice)
    bob_context = signed_in(browser, asgi_server, bob)
    try:
        alice_page = alice_context.new_page()
        bob_page = bob_context.new_page()
        for page in (alice_page, bob_page):
            page.goto(f"/threads/{thread.pk}/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Home first")
            wait_until_live(page)
        assert_accessible(alice_page)

        # Bob is in the middle of typing when Alice's message arrives.
        bob_box = bob_page.get_by_label("Your message")
        bob_box.fill("Half a thought")
        alice_page.get_by_label("Your message").fill("Care at home **first**, please")
        alice_page.get_by_role("button", name="Post message").click()

        arrived = bob_page.locator(".hearth-message", has_text="Care at home first, please")
        expect(arrived).to_be_visible()
        expect(arrived.locator("strong", has_text="first")).to_be_visible()
        expect(bob_page.locator("[data-announcer]")).to_contain_text("New message from Alice")
        expect(bob_box).to_be_focused()
        expect(bob_box).to_have_value("Half a thought")
        # The poster's own copy comes back once, and the box empties only then.
        expect(alice_page.locator(".hearth-message", has_text="Care at home")).to_have_count(1)
        expect(alice_page.get_by_label("Your message")).to_have_value("")

        bob_box.fill("Agreed, and near family")
        bob_page.get_by_role("button", name="Post message").click()
        expect(
            alice_page.locator(".hearth-message", has_text="Agreed, and near family")
        ).to_be_visible()
        expect(alice_page.locator("[data-presence]")).to_have_text("2 people are here now.")
        assert_accessible(bob_page)

        # An empty message gets a clear error beside the form, nothing is written.
        alice_page.get_by_label("Your message").fill("   ")
        alice_page.get_by_role("button", name="Post message").click()
        expect(alice_page.locator("[data-post-error]")).to_contain_text("Enter your message")
        assert Message.objects.count() == 2

        # After a reload both messages are there, exactly once each.
        bob_page.reload()
        expect(bob_page.locator(".hearth-message")).to_have_count(2)
        assert_accessible(bob_page)
    finally:
        alice_context.close()
        bob_context.close()


def test_a_message_written_with_a_supporter_arrives_live_naming_them(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Day services")
    sam = UserFactory.create(display_name="Sam")
    jo = UserFactory.create(display_name="Jo")
    consent = support_invite(
        person=sam, supporter="Jo", role="advocate", scope=SupportScope.EVERYTHING
    )
    support_accept(supporter=jo, consent=consent)
    reader_context = signed_in(browser, asgi_server, UserFactory.create(display_name="Bob"))
    helper_context = signed_in(browser, asgi_server, jo, javascript=False)
    try:
        reader = reader_context.new_page()
        reader.goto(f"/threads/{thread.pk}/")
        wait_until_live(reader)
        helper = helper_context.new_page()
        helper.goto(f"/threads/{thread.pk}/")
        helper.get_by_label("Post as Sam, with my support").check()
        helper.get_by_label("Your message").fill("Sam would like Sunday opening.")
        helper.get_by_role("button", name="Post message").click()
        expect(helper.get_by_text("Your message has been posted.")).to_be_visible()

        # Live, the message names its supporter as the page does after a reload.
        arrived = reader.locator(".hearth-message", has_text="Sam would like Sunday opening.")
        expect(arrived.locator(".hearth-message__meta strong")).to_have_text("Sam")
        supported = arrived.locator(".hearth-supported-by")
        expect(supported).to_have_text("written with support from Jo")
        assert_accessible(reader)
        reader.reload()
        expect(arrived.locator(".hearth-message__meta strong")).to_have_text("Sam")
        expect(supported).to_have_text("written with support from Jo")
    finally:
        reader_context.close()
        helper_context.close()


def test_posting_voting_and_answering_a_poll_without_javascript(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Unpaid carers")
    statement = StatementFactory.create(thread=thread, text="Carers should get a break every month")
    poll = PollFactory.create(thread=thread, question="What should come first?")
    closed = PollFactory.create(
        thread=thread,
        question="An old question",
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() - timedelta(days=1),
    )
    sam = UserFactory.create(display_name="Sam")
    context = signed_in(browser, asgi_server, sam, javascript=False)
    try:
        page = context.new_page()
        page.goto(f"/threads/{thread.pk}/")
        assert_accessible(page, javascript=False)

        # An empty message: an error summary linked to the field, nothing written.
        page.get_by_role("button", name="Post message").click()
        expect(page).to_have_title("Error: Unpaid carers – Hearth")
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter your message")
        assert_accessible(page, javascript=False)
        assert not Message.objects.exists()

        # Too long: the same, and what was typed is still in the box.
        page.get_by_label("Your message").fill("x" * 4001)
        page.get_by_role("button", name="Post message").click()
        expect(summary).to_contain_text("Your message must be 4,000 characters or fewer")
        expect(page.get_by_label("Your message")).to_have_value("x" * 4001)
        assert not Message.objects.exists()

        page.get_by_label("Your message").fill("A break is not a luxury")
        page.get_by_role("button", name="Post message").click()
        expect(page.get_by_text("Your message has been posted.")).to_be_visible()
        expect(page.locator(".hearth-message", has_text="A break is not a luxury")).to_be_visible()
        assert_accessible(page, javascript=False)

        # One statement at a time, then every statement to change a vote.
        page.get_by_role("link", name="Vote on statements").click()
        expect(
            page.get_by_text("You have voted on 0 of 1. You can stop at any time.")
        ).to_be_visible()
        voting = page.get_by_role("group", name=f"Statement: {statement.text}")
        assert_accessible(page, javascript=False)
        voting.get_by_role("button", name="Agree", exact=True).click()
        expect(page.get_by_text("Your vote has been counted.")).to_be_visible()
        expect(page.get_by_text("You have voted on every statement. Thank you.")).to_be_visible()
        page.get_by_role("link", name="See every statement and how people voted").click()
        listed = page.locator(f"#statement-{statement.pk}")
        expect(listed).to_contain_text("You voted: agree")
        listed.get_by_role("button", name="Disagree", exact=True).click()
        expect(listed).to_contain_text("You voted: disagree")
        assert Vote.objects.get().value == -1
        assert_accessible(page, javascript=False)

        page.goto(f"/threads/{thread.pk}/")
        page.get_by_role("link", name="What should come first?").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("What should come first?")
        page.get_by_role("button", name="Save my answer").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Choose one option.")
        assert_accessible(page, javascript=False)
        page.get_by_label("Training").check()
        page.get_by_role("button", name="Save my answer").click()
        expect(page.get_by_text("Your answer has been saved.")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Training")
        expect(page.get_by_text("1 person has answered.")).to_be_visible()
        assert_accessible(page, javascript=False)
        assert PollResponse.objects.filter(poll=poll).count() == 1

        page.goto(f"/threads/{thread.pk}/polls/{closed.pk}/")
        expect(page.get_by_text("This poll closed on")).to_be_visible()
        expect(page.get_by_role("button", name="Save my answer")).to_have_count(0)
        assert_accessible(page, javascript=False)
    finally:
        context.close()


def test_a_facilitator_hides_a_message_and_a_live_reader_sees_it_go(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Information and advice")
    fran = UserFactory.create(display_name="Fran")
    member_add(thread=thread, user=fran, role=Role.FACILITATOR)
    alice = UserFactory.create(display_name="Alice")
    rude = message_post(user=UserFactory.create(), thread=thread, body="Something unkind")
    message_flag(user=alice, message=rude, reason="Unkind")
    fran_context = signed_in(browser, asgi_server, fran, javascript=False)
    alice_context = signed_in(browser, asgi_server, alice)
    try:
        reader = alice_context.new_page()
        reader.goto(f"/threads/{thread.pk}/")
        wait_until_live(reader)
        page = fran_context.new_page()
        page.goto(f"/threads/{thread.pk}/moderation/")
        assert_accessible(page, javascript=False)
        page.get_by_label("Reason people will see if you hide it").fill("Not kind to others")
        page.get_by_role("button", name="Hide message").click()
        expect(page.get_by_text("The message is hidden.")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Hid a message")
        assert_accessible(page, javascript=False)
        # Live, the reason in the message's place, as the page shows it after a reload.
        hid = "A facilitator hid this message. Reason: Not kind to others"
        expect(reader.get_by_text("Something unkind")).to_have_count(0)
        expect(reader.get_by_text(hid)).to_be_visible()
        reader.reload()
        expect(reader.get_by_text(hid)).to_be_visible()
        assert_accessible(reader)
    finally:
        fran_context.close()
        alice_context.close()


def test_live_means_live_statements_polls_and_message_actions(
    browser: Browser, asgi_server: LiveServer
) -> None:
    """What a facilitator accepts or starts, and what others write, arrives without a
    reload, with the same actions the page gives it after one. Every write goes through
    the server (plain forms, no JavaScript), as people make them."""
    thread = ThreadFactory.create(title="Day services")
    fran = UserFactory.create(display_name="Fran")
    member_add(thread=thread, user=fran, role=Role.FACILITATOR)
    alice = UserFactory.create(display_name="Alice")
    bob = UserFactory.create(display_name="Bob")
    weekends = "Day centres should open at weekends"
    suggested = statement_submit(user=bob, thread=thread, text=weekends)
    alice_context = signed_in(browser, asgi_server, alice)
    fran_context = signed_in(browser, asgi_server, fran, javascript=False)
    bob_context = signed_in(browser, asgi_server, bob, javascript=False)
    try:
        page = alice_context.new_page()
        page.goto(f"/threads/{thread.pk}/")
        wait_until_live(page)
        expect(page.get_by_text("There are no statements to vote on yet.")).to_be_visible()

        moderation = fran_context.new_page()
        moderation.goto(f"/threads/{thread.pk}/moderation/")
        moderation.locator("button[value=accept]").click()
        expect(page.get_by_text("There is 1 statement to vote on.")).to_be_visible()
        expect(page.get_by_text("There are no statements to vote on yet.")).to_have_count(0)
        voting = alice_context.new_page()
        voting.goto(f"/threads/{thread.pk}/")
        voting.get_by_role("link", name="Vote on statements").click()
        group = voting.get_by_role("group", name=f"Statement: {weekends}")
        group.get_by_role("button", name="Agree", exact=True).click()
        expect(voting.get_by_text("You have voted on 1 of 1.")).to_be_visible()
        assert Vote.objects.filter(voter=alice, statement=suggested, value=1).exists()
        voting.close()

        moderation.goto(f"/threads/{thread.pk}/moderation/")
        moderation.get_by_label("Question").fill("Which day suits you best?")
        moderation.get_by_label("Choose one").check()
        moderation.get_by_label("Options").fill("Saturday\nSunday")
        moderation.get_by_role("button", name="Start poll").click()
        expect(page.get_by_role("link", name="Which day suits you best?")).to_be_visible()
        expect(page.get_by_text("There are no polls in this thread yet.")).to_have_count(0)

        writer = bob_context.new_page()
        writer.goto(f"/threads/{thread.pk}/")
        writer.get_by_label("Your message").fill("Weekends matter to carers")
        writer.get_by_role("button", name="Post message").click()
        theirs = page.locator(".hearth-message", has_text="Weekends matter to carers")
        expect(theirs.get_by_role("link", name="Reply to Bob")).to_be_visible()
        expect(theirs.get_by_role("link", name="Report message from Bob")).to_be_visible()
        expect(theirs.get_by_role("link", name="Change your message")).to_have_count(0)

        page.get_by_label("Your message").fill("Saturdays for me")
        page.get_by_role("button", name="Post message").click()
        mine = page.locator(".hearth-message", has_text="Saturdays for me")
        expect(mine.get_by_role("link", name="Change your message")).to_be_visible()
        expect(mine.get_by_role("link", name="Delete your message")).to_be_visible()
        expect(mine.get_by_role("link", name="Report message from Alice")).to_have_count(0)
        live = [theirs.locator("a").all_inner_texts(), mine.locator("a").all_inner_texts()]
        assert_accessible(page)

        page.reload()  # the page as rendered gives the same links
        theirs = page.locator(".hearth-message", has_text="Weekends matter to carers")
        mine = page.locator(".hearth-message", has_text="Saturdays for me")
        assert [theirs.locator("a").all_inner_texts(), mine.locator("a").all_inner_texts()] == live
    finally:
        alice_context.close()
        fran_context.close()
        bob_context.close()


def test_poll_results_shown_to_everyone_update_live(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Transport")
    poll = PollFactory.create(thread=thread, question="Which bus times suit you?")
    alice_context = signed_in(browser, asgi_server, UserFactory.create(display_name="Alice"))
    bob_context = signed_in(
        browser, asgi_server, UserFactory.create(display_name="Bob"), javascript=False
    )
    try:
        reader = alice_context.new_page()
        reader.goto(f"/threads/{thread.pk}/polls/{poll.pk}/")
        expect(reader.get_by_text("0 people have answered.")).to_be_visible()
        answering = bob_context.new_page()
        answering.goto(f"/threads/{thread.pk}/polls/{poll.pk}/")
        answering.locator("input[name=choice]").first.check()
        answering.get_by_role("button", name="Save my answer").click()
        # The reader's page changes without a reload, to what a reload would show.
        expect(reader.get_by_text("1 person has answered.")).to_be_visible()
        assert_accessible(reader)
        live = reader.locator("[data-poll-results]").inner_text()
        reader.reload()
        assert reader.locator("[data-poll-results]").inner_text() == live
    finally:
        alice_context.close()
        bob_context.close()
