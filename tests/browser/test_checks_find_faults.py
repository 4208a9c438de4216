"""The checks every browser test relies on find the faults they are there to find: a crawl
that checked nothing would pass every page. Each is shown a small page with one fault."""

import pytest
from playwright.sync_api import Page

from tests.support.axe import axe_violations
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
