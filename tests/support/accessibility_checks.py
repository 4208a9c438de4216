"""What the accessibility statement says the tests check, read from the file the statement
itself is built from (cms/accessibility_checks.json), so tests and statement cannot drift.

A test that carries out a check declares it with the ``accessibility_check`` marker, e.g.
``@pytest.mark.accessibility_check("journey:read-proposal", "keyboard")`` or
``@pytest.mark.accessibility_check("crawl-axe")``; tests/cms/test_accessibility_checks.py
holds every declared check against the file, both ways.
"""

import re
from dataclasses import dataclass

from cms.accessibility import load_checks

CHECKS = load_checks()
WCAG_TAGS: list[str] = list(CHECKS["standard"]["axe_tags"])


@dataclass(frozen=True)
class KnownException:
    """One axe rule failing on one element of one kind of page, for a reason Hearth cannot fix."""

    rule: str
    url: re.Pattern[str]
    targets: tuple[str, ...]
    reason: str

    def covers(self, rule: str, path: str, target: str) -> bool:
        return (
            rule == self.rule
            and bool(self.url.search(path))
            and any(fragment in target for fragment in self.targets)
        )


KNOWN_EXCEPTIONS = [
    KnownException(
        rule=item["rule"],
        url=re.compile(item["url"]),
        targets=tuple(item["targets"]),
        reason=item["reason"],
    )
    for item in CHECKS["exceptions"]
]
