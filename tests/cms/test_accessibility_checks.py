"""The accessibility statement claims exactly what the tests check: every check and journey
named in cms/accessibility_checks.json is declared by a test (the ``accessibility_check``
marker), every declared check is named there, and the statement page shows them all."""

import importlib
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

from cms.accessibility import load_checks
from cms.models import HomePage

TESTS = Path(__file__).resolve().parents[1]


def _declared() -> set[tuple[str, str | None]]:
    """(check id, mode) for every accessibility_check marker on a test function or module."""
    declared: set[tuple[str, str | None]] = set()
    for path in sorted(TESTS.rglob("test_*.py")):
        if "mark.accessibility_check(" not in path.read_text("utf-8"):
            continue
        module = importlib.import_module(
            ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        )
        module_marks = getattr(module, "pytestmark", [])
        for name, item in vars(module).items():
            if not name.startswith("test_") or not callable(item):
                continue
            for mark in [*module_marks, *getattr(item, "pytestmark", [])]:
                if mark.name != "accessibility_check":
                    continue
                check, *modes = mark.args
                declared.update((check, mode) for mode in modes or [None])
    return declared


def _claimed() -> set[tuple[str, str | None]]:
    checks = load_checks()
    claimed: set[tuple[str, str | None]] = {(check["id"], None) for check in checks["checks"]}
    claimed.update(
        (f"journey:{journey['id']}", mode)
        for journey in checks["journeys"]
        for mode in checks["journey_modes"]
    )
    return claimed


def test_every_check_the_statement_names_is_done_by_a_test_and_no_other() -> None:
    declared, claimed = _declared(), _claimed()
    assert claimed - declared == set(), "the statement names checks no test declares"
    assert declared - claimed == set(), "tests declare checks the statement does not name"


def test_known_exceptions_are_narrow_and_only_in_the_content_admin() -> None:
    for exception in load_checks()["exceptions"]:
        assert exception["url"].startswith("^/admin/"), exception
        assert exception["targets"], exception
        assert all(target.strip() for target in exception["targets"]), exception
        assert exception["reason"], exception
        assert exception["criterion"], exception


@pytest.mark.django_db
def test_the_statement_shows_what_is_tested_and_the_known_exceptions(
    site_tree: HomePage,
) -> None:
    html = unescape(Client().get("/accessibility/").content.decode())
    checks = load_checks()
    for heading in (
        "Compliance status",
        "Content that is not accessible",
        "How we tested this website",
        "Enforcement procedure",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h2>" in html
    assert "WCAG) 2.2 at levels A and AA" in html
    assert "320 pixels wide" in html
    for journey in checks["journeys"]:
        assert journey["name"] in html
    for role in checks["roles"]:
        assert role in html
    for exception in checks["exceptions"]:
        assert exception["criterion"] in html
    if checks["exceptions"]:
        assert "partially compliant" in html
    assert "This statement was prepared on 22 November 2026" in html
