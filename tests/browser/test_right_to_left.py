"""Urdu, written right to left, proves the mirrored layout (cms/static/hearth/css/hearth-rtl.css):
under /ur/ the page is dir="rtl" and what a reader sees is mirrored, measured from the boxes
the browser lays out: the Hearth name at the right of the header, a radio's circle to the
right of its words, the red bar of a field with an error on its right, a list's text starting
from the right. Each page passes axe and reflows at 320 px without scrolling sideways, cutting
anything off at the right or breaking a word. English pages stay dir="ltr", without the
right-to-left stylesheet."""

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from harness.server import LiveServer
from tests.support.axe import assert_accessible
from tests.support.browser import signed_in_context
from tests.support.reflow import problems_at_320px

pytestmark = [pytest.mark.browser, pytest.mark.server]

RTL_CSS = "hearth-rtl.css"
WIDE: ViewportSize = {"width": 1024, "height": 800}
# Subpixel rounding between boxes measured separately.
SLACK = 2

# The box of an element's own text (its first line, or all of it), not of the element: a
# block is as wide as its column whichever side its words start from.
_TEXT_BOX = """(element, firstLine) => {
    const rects = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest(".govuk-visually-hidden")) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        rects.push(...[...range.getClientRects()].filter(r => r.width > 0));
    }
    const top = Math.min(...rects.map(r => r.top));
    const line = firstLine ? rects.filter(r => r.top - top < 2) : rects;
    return {
        left: Math.min(...line.map(r => r.left)),
        right: Math.max(...line.map(r => r.right)),
    };
}"""


def _box(locator: Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not laid out"
    return {"x": box["x"], "right": box["x"] + box["width"]}


def _text_box(locator: Locator, *, first_line: bool = False) -> dict[str, float]:
    box: dict[str, float] = locator.evaluate(_TEXT_BOX, first_line)
    return box


def _checked(page: Page) -> None:
    """axe, then 320 px wide: no sideways scrolling, nothing cut off at the right, and no word
    broken that would fit (tests/support/reflow.py)."""
    assert_accessible(page)
    problems = problems_at_320px(page, right_edge=True, words=True)
    assert not problems, f"{page.url}: " + "; ".join(problems)


def _rtl_stylesheet_loaded(page: Page) -> bool:
    """Whether the right-to-left stylesheet is linked and was served with its rules."""
    return bool(
        page.evaluate(
            """name => [...document.styleSheets].some(
                sheet => (sheet.href || "").includes(name) && sheet.cssRules.length > 0)""",
            RTL_CSS,
        )
    )


def _english_stays_left_to_right(page: Page) -> float:
    """English: dir="ltr", no right-to-left stylesheet; the Hearth name's left edge."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(f"link[href*='{RTL_CSS}']")).to_have_count(0)
    assert not _rtl_stylesheet_loaded(page)
    name = _box(page.locator(".hearth-header__name"))
    assert name["right"] < WIDE["width"] / 2, "the Hearth name should be at the left in English"
    return name["x"]


def _home_page(page: Page, english_name_left: float) -> None:
    """The header's Hearth name at the right, as far from the edge as it is at the left in
    English; the heading's words from the right; the start button's arrow after its words."""
    page.goto("/ur/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    assert _rtl_stylesheet_loaded(page), f"{RTL_CSS} is not served on {page.url}"

    width = page.evaluate("document.documentElement.clientWidth")
    name = _box(page.locator(".hearth-header__name"))
    assert name["x"] > width / 2, f"the Hearth name should be at the right: {name}"
    assert abs((width - name["right"]) - english_name_left) <= SLACK, (
        "the Hearth name should sit as far from the right edge as it does from the left "
        f"in English: {width - name['right']} against {english_name_left}"
    )
    # The logo comes first, so at the far right, before the word.
    logo = _box(page.locator(".hearth-header__logo"))
    assert logo["x"] >= _text_box(page.locator(".hearth-header__name"))["right"] - SLACK

    column = _box(page.locator("main .govuk-grid-column-two-thirds").first)
    main = _box(page.locator("main"))
    assert abs(column["right"] - main["right"] - 15) <= SLACK, (
        f"the two-thirds column should be at the right of the page: {column} in {main}"
    )
    heading = page.get_by_role("heading", level=1)
    assert abs(_text_box(heading)["right"] - _box(heading)["right"]) <= SLACK

    start = page.locator(".govuk-button--start")
    arrow = _box(start.locator(".govuk-button__start-icon"))
    words = _text_box(start)
    assert arrow["right"] <= words["left"] + SLACK, (
        f"the start button's arrow should follow its words, on their left: {arrow}, {words}"
    )
    turned = start.locator(".govuk-button__start-icon").evaluate(
        "icon => getComputedStyle(icon).transform"
    )
    assert turned == "matrix(-1, 0, 0, 1, 0, 0)", f"the arrow should point left: {turned}"
    _checked(page)


def _sign_in_with_errors(page: Page) -> None:
    """The empty sign-in form: the error summary's title from its right, each field's red
    bar on its right with the label and message to its left."""
    page.goto("/ur/account/sign-in/")
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    summary_box = _box(summary)
    column = _box(page.locator("main .govuk-grid-column-two-thirds"))
    assert abs(summary_box["right"] - (column["right"] - 15)) <= SLACK
    title = _text_box(summary.locator(".govuk-error-summary__title"))
    # 5px border and 20px padding at this width.
    assert abs(summary_box["right"] - 25 - title["right"]) <= SLACK, (
        f"the error summary's title should start at its right: {title} in {summary_box}"
    )
    first_error = _text_box(summary.locator("li").first, first_line=True)
    assert abs(summary_box["right"] - 25 - first_error["right"]) <= SLACK, (
        f"the first error should start at the summary's right: {first_error} in {summary_box}"
    )

    groups = page.locator(".govuk-form-group--error")
    assert groups.count() >= 1
    for index in range(groups.count()):
        group = groups.nth(index)
        bar = group.evaluate(
            """g => ({right: getComputedStyle(g).borderRightWidth,
                      left: getComputedStyle(g).borderLeftWidth,
                      colour: getComputedStyle(g).borderRightColor})"""
        )
        assert bar == {"right": "5px", "left": "0px", "colour": "rgb(202, 53, 53)"}, (
            f"the red bar of a field with an error should be on its right: {bar}"
        )
        box = _box(group)
        for part in (".govuk-label", ".govuk-error-message"):
            text = _text_box(group.locator(part))
            # The bar (5px) and the gap beside it (15px) lie to the right of the words.
            assert abs(box["right"] - 20 - text["right"]) <= SLACK, (
                f"{part} should start just left of the red bar: {text} in {box}"
            )
    _checked(page)


def _sign_up_radios(page: Page) -> None:
    """Each radio's circle to the right of its words, and the chosen one's dot inside it."""
    page.goto("/ur/account/sign-up/")
    items = page.locator(".govuk-radios__item")
    assert items.count() >= 2
    for index in range(items.count()):
        item = items.nth(index)
        # The circle is drawn by the label's ::before, placed against the item's box.
        circle = item.evaluate(
            """item => {
                const box = item.getBoundingClientRect();
                const style = getComputedStyle(item.querySelector("label"), "::before");
                const right = box.right - parseFloat(style.right);
                return {left: right - parseFloat(style.width), right};
            }"""
        )
        words = _text_box(item.locator("label"), first_line=True)
        assert circle["left"] >= words["right"], (
            f"a radio's circle should be to the right of its words: {circle}, {words}"
        )
        assert abs(circle["right"] - _box(item)["right"]) <= SLACK
        # Clicking the circle (the input beneath it) chooses the option.
        control = _box(item.locator("input"))
        assert control["x"] >= words["right"] - SLACK
    first = items.first
    first.locator("label").click()
    expect(first.locator("input")).to_be_checked()
    _checked(page)


def _content_page_lists(page: Page) -> None:
    """The accessibility statement: each bullet list's words start from the right, with the
    bullets in the padding on the right; the body's own list (rich text) likewise."""
    page.goto("/ur/accessibility/")
    lists = page.locator("main ul.govuk-list--bullet")
    assert lists.count() >= 1
    for index in range(lists.count()):
        ul = lists.nth(index)
        padding = ul.evaluate(
            "u => [getComputedStyle(u).paddingRight, getComputedStyle(u).paddingLeft]"
        )
        assert padding == ["20px", "0px"], f"bullets belong in the right-hand padding: {padding}"
        ul_box = _box(ul)
        for li in ul.locator("li").all():
            first_line = _text_box(li, first_line=True)
            assert abs(ul_box["right"] - 20 - first_line["right"]) <= SLACK, (
                f"a bullet's words should start from the right: {first_line} in {ul_box}"
            )
    # The browser's own list indent (40px) is on the right too.
    rich_list = page.locator("main .hearth-rich-text ul").first
    rich_item = rich_list.locator("li").first
    assert abs(_box(rich_list)["right"] - 40 - _box(rich_item)["right"]) <= SLACK
    rich_words = _text_box(rich_item, first_line=True)
    assert abs(_box(rich_item)["right"] - rich_words["right"]) <= SLACK
    _checked(page)


def test_urdu_pages_are_laid_out_right_to_left(browser: Browser, asgi_server: LiveServer) -> None:
    context = signed_in_context(browser, asgi_server, None)
    page = context.new_page()
    page.set_viewport_size(WIDE)
    try:
        english_name_left = _english_stays_left_to_right(page)
        _home_page(page, english_name_left)
        _sign_in_with_errors(page)
        _sign_up_radios(page)
        _content_page_lists(page)
        # Back in English, nothing of the mirroring is left behind.
        page.goto("/account/sign-in/")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
        assert not _rtl_stylesheet_loaded(page)
    finally:
        context.close()
