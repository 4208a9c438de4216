"""Heading levels of an HTML page, and where they skip a level (WCAG 1.3.1, 2.4.6).

A page's outline goes down one level at a time: an ``h2`` may follow an ``h4`` (a new
section), but an ``h4`` may not follow an ``h2``, and the first heading is an ``h1`` or the
site header's ``h2``. Screen reader users move by headings and take a missing level
for missing content.
"""

import re
from collections.abc import Callable
from functools import wraps
from html import unescape
from typing import Any

from django.http import HttpResponse

# Headings never nest; their text may hold other tags. A pattern, not a parser: the check
# runs on every page the suite renders, and HTMLParser made the in-process tier slower.
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def headings(html: str) -> list[tuple[int, str]]:
    """Each heading of the page in document order: (level, text)."""
    return [
        (int(level), " ".join(unescape(TAG.sub("", inner)).split()))
        for level, inner in HEADING.findall(html)
    ]


def skipped_levels(html: str) -> list[str]:
    """Each place the outline skips a level, as "h2 'Before' → h4 'After'"; empty if none.

    The site's header and footer carry a visually hidden ``h2`` ("Support links") after
    the content, which is a new section and never a skip."""
    skips = []
    previous = (1, "(the start of the page)")
    for level, text in headings(html):
        if level > previous[0] + 1:
            skips.append(f"h{previous[0]} {previous[1]!r} → h{level} {text!r}")
        previous = (level, text)
    return skips


def _html(response: HttpResponse) -> str | None:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode(response.charset or "utf-8", errors="replace")


def checking_headings(request: Callable[..., Any]) -> Callable[..., Any]:
    """The test client's ``request``, failing the test that renders a page whose outline
    skips a level. The content admin (``/admin/``) is Wagtail's own and not checked."""

    @wraps(request)
    def checked(client: Any, **environ: Any) -> Any:
        response = request(client, **environ)
        path = environ.get("PATH_INFO", "")
        html = None if path.startswith("/admin/") else _html(response)
        if html is not None:
            skips = skipped_levels(html)
            assert not skips, f"{path} skips a heading level: {'; '.join(skips)}"
        return response

    return checked
