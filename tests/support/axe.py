"""Runs axe-core on a page and fails the test on any WCAG 2.2 A or AA violation."""

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route

from tests.support.accessibility_checks import KNOWN_EXCEPTIONS, WCAG_TAGS

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return list(results.response["violations"])


def _violations_without_javascript(page: Page) -> list[dict]:
    """axe needs timers, which a JavaScript-disabled page lacks: check the same HTML, scripts
    removed, in a second page that may run axe."""
    html = _SCRIPT.sub("", page.content())
    browser = page.context.browser
    assert browser is not None
    checker_context = browser.new_context(viewport=page.viewport_size)
    try:
        checker = checker_context.new_page()

        def serve_snapshot(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        checker.route(page.url, serve_snapshot)
        checker.goto(page.url)
        return axe_violations(checker)
    finally:
        checker_context.close()


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
