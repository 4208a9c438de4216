"""Runs axe-core on a page and fails the test on any WCAG 2.2 A or AA violation."""

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.support.accessibility_checks import KNOWN_EXCEPTIONS, WCAG_TAGS

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
_axe = Axe()


# Only violations come back in full: axe skips building the node lists of the rules a page
# passes, most of its work on a large page (the Wagtail editor), and of the results sent back.
_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_violations(page: Page) -> list[dict]:
    results = _axe.run(page, options=_OPTIONS)
    return list(results.response["violations"])


# One page per browser that may run scripts, kept for every check of a page without
# JavaScript: a new context for each check would cost a renderer each time.
_checkers: dict[int, Page] = {}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _checker(page: Page) -> Page:
    """The browser's checker page, at the checked page's origin (so the snapshot's styles and
    images load from the same server, through the browser's cache)."""
    browser = page.context.browser
    assert browser is not None
    checker = _checkers.get(id(browser))
    if checker is None or checker.is_closed():
        checker = _checkers[id(browser)] = browser.new_context().new_page()
    origin = _origin(page.url)
    if _origin(checker.url) != origin:
        checker.goto(origin + "/")
    return checker


def _violations_without_javascript(page: Page) -> list[dict]:
    """axe needs timers, which a JavaScript-disabled page lacks: check the same HTML, scripts
    removed, in a page that may run axe, at the same size. The snapshot is written into the
    checker page rather than served to it by routing its request, which would turn off the
    browser's cache for everything the snapshot loads."""
    html = _SCRIPT.sub("", page.content())
    checker = _checker(page)
    if page.viewport_size:
        checker.set_viewport_size(page.viewport_size)
    checker.set_content(html)
    return axe_violations(checker)


def node_target(node: dict) -> str:
    target = node["target"]
    return " ".join(target) if isinstance(target, list) else str(target)


def _without_known_exceptions(violations: list[dict], path: str) -> list[dict]:
    """Set aside only the nodes that the accessibility statement's exceptions name
    (cms/accessibility_checks.json): one rule, on one kind of page, on named elements."""
    kept = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if not any(e.covers(violation["id"], path, node_target(node)) for e in KNOWN_EXCEPTIONS)
        ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def assert_accessible(page: Page, *, javascript: bool = True) -> None:
    # A click on a link waits for the next page to start loading, not to finish: checked
    # before its load, a page is an empty document, or half of one.
    page.wait_for_load_state("load")
    violations = axe_violations(page) if javascript else _violations_without_javascript(page)
    violations = _without_known_exceptions(violations, urlsplit(page.url).path)
    if violations:
        lines = [f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {node['target']}" for node in violation["nodes"][:5])
        raise AssertionError("\n".join(lines))


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at this width"
