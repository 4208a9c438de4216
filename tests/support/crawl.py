"""A breadth-first crawl of the pages one person can reach, with axe and a 320 px reflow check
on each.

Links are followed, not listed, so new pages are checked as soon as something links to
them. To keep the run short, at most ``per_shape`` pages of one URL shape (the same route,
or the same Wagtail page type) are opened per person, and a page whose main content is the
same as one already checked (for another person) is fetched for its links but not checked
again. Pages are fetched over HTTP with the person's cookies; only the pages to check are
loaded in the browser, where axe and the reflow check run.
"""

import hashlib
import html
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Page
from wagtail.models import Page as WagtailPage

from tests.support.accessibility_checks import KNOWN_EXCEPTIONS
from tests.support.axe import axe_violations

# Never followed: leaving the session, switching language (it would switch the rest of the
# crawl: each language is a crawl of its own), files to download, machine-readable data.
_SKIPPED_PATH = re.compile(
    r"/sign-out/|/logout/|/account/language/|/documents/|/api/"
    r"|\.(csv|json|zip|xlsx|pdf)$|/(csv|json|zip)/$"
)
# Wagtail's admin is Wagtail's; of it, only the views Hearth adds or fills are crawled:
# the page explorer and editor for Hearth's page types, Hearth's snippets, and users.
_ADMIN_ALLOWED = re.compile(
    r"^/admin/$|^/admin/pages/(\d+/)?$|^/admin/pages/\d+/edit/$"
    r"|^/admin/snippets/(accounts|proposals|cms|deliberation|analysis)/[a-z]+/(edit/\d+/)?$"
    r"|^/admin/users/(edit/\d+/)?$"
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)
_LINK = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
_WAGTAIL_SERVE = "wagtail_serve"


@dataclass
class Finding:
    url: str
    problem: str


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def normalise(url: str, origin: str) -> str | None:
    """The same-origin path and sorted query of a link, or None if it is not to be followed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path or "/"
    if _SKIPPED_PATH.search(path):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{path}?{query}" if query else path


def _wagtail_page_type(path: str) -> str:
    """The type of the deepest page on this path, and the rest of the path (a sub-route)."""
    segments = [s for s in path.split("/") if s]
    for n in range(len(segments), -1, -1):
        prefix = "/" + "".join(f"{s}/" for s in segments[:n])
        page = WagtailPage.objects.filter(url_path__endswith=prefix, depth=n + 2).first()
        if page is not None:
            return f"{page.specific_class.__name__}:{'/'.join(segments[n:])}"
    return "unknown-page"


def url_shape(url: str) -> str:
    """Pages of one shape share a template: the route (or page type) and the query's keys."""
    path, _, query = url.partition("?")
    keys = ",".join(sorted({k for k, _ in parse_qsl(query, keep_blank_values=True)}))
    if path.startswith("/admin/pages/") and path.endswith("/edit/"):
        page = WagtailPage.objects.filter(pk=int(path.split("/")[3])).first()
        return f"admin-edit:{page.specific_class.__name__ if page else '?'}"
    try:
        match = resolve(path)
    except Resolver404:
        return f"404:{path}"
    if match.url_name == _WAGTAIL_SERVE:
        return f"{_wagtail_page_type(path)}?{keys}"
    return f"{match.route}?{keys}"


def allowed(path: str, *, admin: bool) -> bool:
    if path.startswith("/admin/"):
        return admin and bool(_ADMIN_ALLOWED.match(path.partition("?")[0]))
    return True


def _main_digest(body: str) -> str:
    main = _MAIN.search(body)
    return hashlib.sha256(_CSRF.sub("", main.group(1) if main else body).encode()).hexdigest()


def _links(body: str, base: str) -> list[str]:
    return [urljoin(base, html.unescape(href)) for href in _LINK.findall(body)]


def _check(page: Page, path: str, result: CrawlResult) -> None:
    for violation in axe_violations(page):
        nodes = [
            " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in violation["nodes"]
        ]
        left = [
            n
            for n in nodes
            if not any(e.covers(violation["id"], path, n) for e in KNOWN_EXCEPTIONS)
        ]
        if left:
            result.findings.append(
                Finding(path, f"axe {violation['id']}: {violation['help']} at {left[:3]}")
            )
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    if overflow > 0:
        widest = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
                .slice(-3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
        )
        result.findings.append(
            Finding(path, f"scrolls sideways by {overflow}px at 320px: {widest}")
        )
    if size:
        page.set_viewport_size(size)


def crawl(
    page: Page,
    origin: str,
    seeds: list[str],
    *,
    admin: bool = False,
    per_shape: int = 2,
    budget: int = 80,
    checked_digests: set[str],
) -> CrawlResult:
    result = CrawlResult()
    queue = deque(seeds)
    seen = set(seeds)
    shapes: dict[str, int] = {}
    while queue and len(result.visited) < budget:
        path = queue.popleft()
        shape = url_shape(path)
        if shapes.get(shape, 0) >= per_shape:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = page.request.get(origin + path)
        status = response.status
        result.visited.append(path)
        if status >= 400:
            result.findings.append(Finding(path, f"answered {status}"))
        landed = normalise(response.url, origin) or path
        body = response.text()
        digest = _main_digest(body)
        if digest not in checked_digests:
            checked_digests.add(digest)
            result.checked.append(landed)
            page.goto(origin + landed, wait_until="load")
            _check(page, landed, result)
        for href in _links(body, response.url):
            link = normalise(href, origin)
            if link and link not in seen and allowed(link, admin=admin):
                seen.add(link)
                queue.append(link)
    return result
