"""Runs axe-core on a page and fails the test on any WCAG 2.2 A or AA violation."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
_axe = Axe()


def _violations(page: Page) -> list[dict]:
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
        return _violations(checker)
    finally:
        checker_context.close()


@dataclass(frozen=True)
class KnownIssue:
    """One rule set aside on the elements whose HTML contains ``node_html``, and why.

    Only for markup of a library Hearth cannot change; the test names the upstream issue.
    """

    rule: str
    node_html: str
    reason: str


def _without_known(violations: list[dict], known: Sequence[KnownIssue]) -> list[dict]:
    kept = []
    for violation in violations:
        skip = [k.node_html for k in known if k.rule == violation["id"]]
        nodes = [n for n in violation["nodes"] if not any(part in n["html"] for part in skip)]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def assert_accessible(
    page: Page, *, javascript: bool = True, known: Sequence[KnownIssue] = ()
) -> None:
    violations = _violations(page) if javascript else _violations_without_javascript(page)
    violations = _without_known(violations, known)
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
