"""Contributions in any language, live in Chromium: a message that arrives over the socket
is marked with its language exactly as the page marks it after a reload."""

import pytest
from playwright.sync_api import Browser, Page, expect

from deliberation.models import Message
from harness.server import LiveServer
from tests.deliberation.test_browser import signed_in, wait_until_live
from tests.factories import ThreadFactory, UserFactory
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.server]


def marks(page: Page, text: str) -> tuple[str | None, list[str]]:
    """The ``lang`` of a message's text and the outer HTML of its language tags."""
    item = page.locator(".hearth-message", has_text=text)
    expect(item).to_have_count(1)
    lang = item.locator(".hearth-message__body").get_attribute("lang")
    tags = item.locator(".hearth-written-in").evaluate_all("tags => tags.map(t => t.outerHTML)")
    return lang, tags


def test_a_welsh_message_arrives_live_marked_as_the_page_marks_it(
    browser: Browser, asgi_server: LiveServer
) -> None:
    thread = ThreadFactory.create(title="Seibiant")
    welsh_context = signed_in(browser, asgi_server, UserFactory.create(display_name="Nia"))
    reader_context = signed_in(browser, asgi_server, UserFactory.create(display_name="Bob"))
    try:
        reader = reader_context.new_page()
        reader.goto(f"/threads/{thread.pk}/")
        wait_until_live(reader)
        writer = welsh_context.new_page()
        writer.goto(f"/cy/threads/{thread.pk}/")
        wait_until_live(writer)
        box = writer.locator("textarea[name=body]")
        box.fill("Mae angen seibiant ar ofalwyr")
        writer.locator("[data-post-form] button[type=submit]").click()
        expect(box).to_have_value("")  # sent over the socket, not the plain form
        box.fill("Breaks for carers, in English")
        writer.locator("select[name=language]").select_option("en-gb")
        writer.locator("[data-post-form] button[type=submit]").click()
        expect(box).to_have_value("")

        live_welsh = marks(reader, "Mae angen seibiant ar ofalwyr")
        live_english = marks(reader, "Breaks for carers, in English")
        assert live_welsh == (
            "cy",
            ['<span class="govuk-tag govuk-tag--grey hearth-written-in" lang="cy" dir="auto">'
             "Cymraeg</span>"],
        )  # fmt: skip
        assert live_english == ("en-GB", [])
        # On the Welsh page its links are in Welsh, from the catalogue at /cy/jsi18n/.
        own = writer.locator(".hearth-message", has_text="Mae angen seibiant ar ofalwyr")
        expect(own.get_by_role("link", name="Ymateb i Nia")).to_be_visible()
        assert_accessible(reader)
        assert sorted(Message.objects.values_list("language", flat=True)) == ["cy", "en-gb"]

        reader.reload()
        assert marks(reader, "Mae angen seibiant ar ofalwyr") == live_welsh
        assert marks(reader, "Breaks for carers, in English") == live_english
        # On the Welsh page it is the English message that carries a tag.
        assert marks(writer, "Breaks for carers, in English")[1] == [
            '<span class="govuk-tag govuk-tag--grey hearth-written-in" lang="en-GB" dir="auto">'
            "English</span>"
        ]
        assert marks(writer, "Mae angen seibiant ar ofalwyr") == ("cy", [])
    finally:
        welsh_context.close()
        reader_context.close()
