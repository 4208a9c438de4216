"""A page on a screen 320 px wide (WCAG 1.4.10 Reflow): nothing makes you scroll sideways,
nothing is cut off past the right edge (right to left, where no scrollbar would show it),
and no word is broken that would fit on a line.

Used by the accessibility crawl (tests/support/crawl.py) and by the right-to-left test
(tests/browser/test_right_to_left.py).
"""

from playwright.sync_api import Page, ViewportSize

NARROW: ViewportSize = {"width": 320, "height": 800}

# How far the page scrolls sideways, and the last elements that stick out on the right.
_SIDEWAYS = """() => {
    const scroller = document.scrollingElement;
    const overflow = scroller.scrollWidth - scroller.clientWidth;
    const widest = overflow > 0
        ? [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(-3)
            .map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."))
        : [];
    return {overflow, widest};
}"""

# Right to left, the page scrolls sideways only to the left: whatever is pushed past the right
# edge is cut off without a scrollbar, so the scroll check alone would not see it.
_PAST_THE_RIGHT_EDGE = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
        .filter(e => {
            const box = e.getBoundingClientRect();
            return box.width > 1 && box.right > width + 1;
        })
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."));
}"""

# Words laid out over two lines although they would fit on one: a word is broken only when it
# is wider than its block (main's overflow-wrap: anywhere), never to make room beside it.
_BROKEN_WORDS = """() => {
    const blockOf = node => {
        let element = node.parentElement;
        while (["inline", "contents"].includes(getComputedStyle(element).display)) {
            element = element.parentElement;
        }
        const style = getComputedStyle(element);
        return element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    };
    const broken = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement || node.parentElement.closest("script, style, noscript")) {
            continue;
        }
        for (const match of node.data.matchAll(/[^\\s\\-\\u2010/]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            const lines = new Set(rects.map(r => Math.round(r.top)));
            const width = rects.reduce((sum, r) => sum + r.width, 0);
            if (lines.size > 1 && width < blockOf(node) - 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


def sideways_scroll(page: Page) -> tuple[int, list[str]]:
    """How far the page, as laid out now, scrolls sideways (0 if not), and the last elements
    that stick out on the right."""
    found = page.evaluate(_SIDEWAYS)
    return int(found["overflow"]), list(found["widest"])


def past_the_right_edge(page: Page) -> list[str]:
    """Elements laid out (in part) past the right edge of the page, as it is laid out now."""
    cut_off: list[str] = page.evaluate(_PAST_THE_RIGHT_EDGE)
    return cut_off


def broken_words(page: Page) -> list[str]:
    """Words the page, as laid out now, breaks over two lines although they would fit."""
    broken: list[str] = page.evaluate(_BROKEN_WORDS)
    return broken


def problems_at_320px(page: Page, *, right_edge: bool = False, words: bool = False) -> list[str]:
    """What goes wrong when the page is laid out 320 px wide: scrolling sideways, and (when
    asked) anything cut off past the right edge and words broken that would fit. The page
    goes back to its own size afterwards."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    problems = []
    try:
        overflow, widest = sideways_scroll(page)
        if overflow > 0:
            problems.append(f"scrolls sideways by {overflow}px at 320px: {widest}")
        if right_edge and (cut_off := past_the_right_edge(page)):
            problems.append(f"pushes these past the right edge at 320px: {cut_off}")
        if words and (broken := broken_words(page)):
            problems.append(f"breaks words that fit on a line at 320px: {broken[:5]}")
    finally:
        if size:
            page.set_viewport_size(size)
    return problems
