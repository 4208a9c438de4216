"""A breadth-first crawl of the pages one person can reach, with axe and a 320 px reflow check
on each.

Links are followed, not listed, so new pages are checked as soon as something links to
them. To keep the run short, at most ``per_shape`` pages of one URL shape (the same route,
or the same Wagtail page type) are opened per person, and a page whose main content is the
same as one already checked (for another person) is loaded for its links but not checked
again. Each page is loaded once, in the browser (with the person's cookies and the browser's
cache of styles and scripts, which routing a request would turn off), and its links are read
from the HTML the server sent.

A crawl in another language than the default (``language="cy"``) stays in it: it follows
only links under /cy/, counting as a problem any link that leaves the language without
saying so (``hreflang``), and checks that each page says its language and direction
(``<html lang dir>``), and also, at 320 px, that no word is broken that would fit and, right
to left, that nothing is cut off past the right edge. The crawl resolves addresses in that
language (``translation.override``), so URL shapes are those of /cy/ routes.
"""

import hashlib
import html
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import Page
from wagtail.models import Page as WagtailPage

from common.i18n import bcp47
from tests.support.accessibility_checks import KNOWN_EXCEPTIONS
from tests.support.axe import axe_violations
from tests.support.reflow import problems_at_320px

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
_ANCHOR = re.compile(r"<a\b[^>]*>")
_HREF = re.compile(r'\shref="([^"]*)"')
_HREFLANG = re.compile(r"\shreflang=")
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
        # The page's path, without the language prefix (/cy/) that i18n_patterns took off.
        page_path = "/" + match.args[0] if match.args else path
        return f"{_wagtail_page_type(page_path)}?{keys}"
    return f"{match.route}?{keys}"


def allowed(path: str, *, admin: bool) -> bool:
    if path.startswith("/admin/"):
        return admin and bool(_ADMIN_ALLOWED.match(path.partition("?")[0]))
    return True


def _main_digest(body: str) -> str:
    main = _MAIN.search(body)
    return hashlib.sha256(_CSRF.sub("", main.group(1) if main else body).encode()).hexdigest()


def _links(body: str, base: str) -> list[tuple[str, bool]]:
    """Each link's address, and whether it says it leads to another language (hreflang)."""
    links = []
    for anchor in _ANCHOR.findall(body):
        href = _HREF.search(anchor)
        if href:
            links.append(
                (urljoin(base, html.unescape(href.group(1))), bool(_HREFLANG.search(anchor)))
            )
    return links


def _for_people_in_the_default_language(path: str) -> bool:
    """Whether a path outside the crawl's language prefix is a page for people, in the
    default language (unprefixed), rather than an address that is the same in every
    language (the admin, documents, open data): in the crawl's language only the latter
    resolve."""
    try:
        resolve(path.partition("?")[0])
    except Resolver404:
        return True
    return False


@dataclass(frozen=True)
class _Language:
    prefix: str  # "/cy/"
    tag: str  # what <html lang> says: "cy"
    direction: str  # what <html dir> says: "ltr" or "rtl"


def _check_language(page: Page, path: str, language: _Language, result: CrawlResult) -> None:
    if not path.startswith(language.prefix):
        result.findings.append(Finding(path, f"is not under {language.prefix}"))
    said = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    if said != [language.tag, language.direction]:
        result.findings.append(
            Finding(
                path,
                f"<html lang dir> says {said}, not {[language.tag, language.direction]}",
            )
        )


def _check(page: Page, path: str, result: CrawlResult, language: _Language | None) -> None:
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
    if language is not None:
        _check_language(page, path, language, result)
    reflow = problems_at_320px(
        page,
        right_edge=language is not None and language.direction == "rtl",
        words=language is not None,
    )
    result.findings.extend(Finding(path, problem) for problem in reflow)


def crawl(
    page: Page,
    origin: str,
    seeds: list[str],
    *,
    admin: bool = False,
    per_shape: int = 2,
    budget: int = 80,
    checked_digests: set[str],
    language: str | None = None,
) -> CrawlResult:
    """Crawl from ``seeds``; ``language`` (a code of settings.LANGUAGES other than the
    default, like "cy") keeps the crawl to that language's pages and checks they say so."""
    if language is None or language == settings.LANGUAGE_CODE:
        return _crawl(page, origin, seeds, admin, per_shape, budget, checked_digests, None)
    in_language = _Language(
        prefix=f"/{language}/",
        tag=bcp47(language),
        direction="rtl" if translation.get_language_info(language)["bidi"] else "ltr",
    )
    with translation.override(language):
        return _crawl(page, origin, seeds, admin, per_shape, budget, checked_digests, in_language)


def _crawl(
    page: Page,
    origin: str,
    seeds: list[str],
    admin: bool,
    per_shape: int,
    budget: int,
    checked_digests: set[str],
    language: _Language | None,
) -> CrawlResult:
    result = CrawlResult()
    queue = deque(seeds)
    seen = set(seeds)
    left_language: set[str] = set()
    shapes: dict[str, int] = {}
    while queue and len(result.visited) < budget:
        path = queue.popleft()
        shape = url_shape(path)
        if shapes.get(shape, 0) >= per_shape:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = page.goto(origin + path, wait_until="load")
        assert response is not None, f"{path} loaded nothing"
        status = response.status
        result.visited.append(path)
        if status >= 400:
            result.findings.append(Finding(path, f"answered {status}"))
        landed = normalise(page.url, origin) or path
        body = response.text()
        digest = _main_digest(body)
        if digest not in checked_digests:
            checked_digests.add(digest)
            result.checked.append(landed)
            _check(page, landed, result, language)
        for href, other_language in _links(body, page.url):
            link = normalise(href, origin)
            if not link or link in seen or not allowed(link, admin=admin):
                continue
            if language is not None and not link.startswith(language.prefix):
                # Not followed: a link out of the language that does not say so (hreflang)
                # would take a reader to English unawares.
                if (
                    not other_language
                    and link not in left_language
                    and _for_people_in_the_default_language(link)
                ):
                    left_language.add(link)
                    result.findings.append(
                        Finding(landed, f"links to {link}, out of {language.prefix}")
                    )
                continue
            seen.add(link)
            queue.append(link)
    return result
