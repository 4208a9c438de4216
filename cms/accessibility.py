"""What Hearth's automatic accessibility tests check, as data.

The accessibility statement shows this, and the tests read the same file (the axe rules,
the journeys, the known exceptions), so the statement never claims more than they check.
"""

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

CHECKS_FILE = Path(__file__).with_name("accessibility_checks.json")


@cache
def load_checks() -> dict[str, Any]:
    return json.loads(CHECKS_FILE.read_text("utf-8"))


def statement_context() -> dict[str, Any]:
    """What the accessibility statement shows about testing, in the words of the data file."""
    checks = load_checks()
    modes = checks["journey_modes"]
    return {
        "standard": checks["standard"],
        "checks": checks["checks"],
        "roles": checks["roles"],
        "journeys": [journey["name"] for journey in checks["journeys"]],
        "journey_modes": list(modes.values()),
        "exceptions": checks["exceptions"],
        "fully_compliant": not checks["exceptions"],
        "prepared": datetime.date.fromisoformat(checks["prepared"]),
    }
