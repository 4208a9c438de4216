"""The checks every browser test relies on find the faults they are there to find: a crawl
that checked nothing would pass every page. Each is shown a small page with one fault."""

import pytest
from playwright.sync_api import Browser, Page, Route

from harness.server import LiveServer
from tests.support.axe import assert_accessible, axe_violations
from tests.support.reflow import problems_at_320px

pytestmark = pytest.mark.browser

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Check</title></head>
<body><main><h1>Check</h1>{body}</main></body></html>"""


def test_axe_reports_an_image_without_a_text_alternative(page: Page) -> None:
    page.set_content(_PAGE.format(body='<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'))
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}


def test_axe_reports_nothing_on_a_page_without_faults(page: Page) -> None:
    page.set_content(_PAGE.format(body="<p>Nothing wrong here.</p>"))
    assert axe_violations(page) == []


_UNLABELLED_IMAGE = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
# Run by a browser with JavaScript, it mends the fault; a page without JavaScript keeps it.
_MENDING_SCRIPT = "<script>document.querySelector('img').alt = 'A dot'</script>"


@pytest.mark.parametrize(
    ("body", "javascript", "faulty"),
    [
        (_UNLABELLED_IMAGE + _MENDING_SCRIPT, False, True),
        (_UNLABELLED_IMAGE + _MENDING_SCRIPT, True, False),
        ("<p>Nothing wrong here.</p>", False, False),
    ],
    ids=["unmended-without-javascript", "mended-by-javascript", "clean-without-javascript"],
)
def test_axe_sees_the_page_as_a_browser_with_or_without_javascript_shows_it(
    browser: Browser, asgi_server: LiveServer, body: str, javascript: bool, faulty: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    address = f"{asgi_server.url}/a-page-to-check/"

    def serve(route: Route) -> None:
        route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=_PAGE.format(body=body)
        )

    page.route(address, serve)
    try:
        page.goto(address)
        if faulty:
            with pytest.raises(AssertionError, match="image-alt"):
                assert_accessible(page, javascript=javascript)
        else:
            assert_accessible(page, javascript=javascript)
    finally:
        context.close()


def test_the_320px_check_reports_a_page_that_scrolls_sideways(page: Page) -> None:
    page.set_content(_PAGE.format(body='<div style="width: 600px">Too wide</div>'))
    problems = problems_at_320px(page)
    assert len(problems) == 1
    assert "scrolls sideways" in problems[0]


def test_the_320px_check_reports_a_number_broken_over_two_lines(page: Page) -> None:
    page.set_content(
        _PAGE.format(body='<p style="width: 100px; word-break: break-all">Total 12345678</p>')
    )
    assert problems_at_320px(page) == []
    problems = problems_at_320px(page, words=True)
    assert len(problems) == 1
    assert "breaks words" in problems[0]
