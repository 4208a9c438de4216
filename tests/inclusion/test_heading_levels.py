"""The heading check every page rendered in the suite goes through (tests/conftest.py):
it must catch a skipped level, and only that."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse

from tests.support.headings import checking_headings, skipped_levels


def test_a_level_skipped_on_the_way_down_is_found() -> None:
    html = "<h1>Decisions</h1><h2>Fair pay</h2><h4>What we <b>committed</b> to</h4>"
    assert skipped_levels(html) == ["h2 'Fair pay' → h4 'What we committed to'"]


def test_going_back_up_any_number_of_levels_is_not_a_skip() -> None:
    html = "<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h2>E</h2><h2>Support links</h2>"
    assert skipped_levels(html) == []


def test_a_page_that_starts_below_h2_is_a_skip() -> None:
    assert skipped_levels("<p>Intro</p><h3>Details</h3>") == [
        "h1 '(the start of the page)' → h3 'Details'"
    ]


def _answer(html: str, content_type: str = "text/html; charset=utf-8") -> Callable[..., Any]:
    def request(client: object, **environ: object) -> HttpResponse:
        return HttpResponse(html, content_type=content_type)

    return checking_headings(request)


def test_the_suite_fails_a_page_that_skips_a_level_and_names_it() -> None:
    with pytest.raises(AssertionError, match=r"/decisions/ skips a heading level: h2 'B' → h4"):
        _answer("<h1>A</h1><h2>B</h2><h4>C</h4>")(None, PATH_INFO="/decisions/")


def test_json_and_the_content_admin_are_not_pages_of_ours() -> None:
    _answer('{"h4": "<h4>x</h4>"}', "application/json")(None, PATH_INFO="/api/v1/")
    _answer("<h1>A</h1><h4>Wagtail's</h4>")(None, PATH_INFO="/admin/pages/")
