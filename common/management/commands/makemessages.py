"""``makemessages`` that reads only Hearth's own code and templates.

Django's walks every folder under the current one, the virtual environment and the test
suite included; Hearth's catalogues hold what people read, so those are always left out.
Run ``manage.py makemessages -l cy -l ur --no-obsolete`` from the repository's root.
"""

from typing import Any

from django.core.management.commands import makemessages

NOT_READ_BY_PEOPLE = [
    ".venv/*",
    "tests/*",
    "benchmarks/*",
    "media/*",
    "staticfiles/*",
    "*.egg-info/*",
    # The numeric core is Django-free: its words are for developers (python -m analysis).
    "opinion_core/*",
]


class Command(makemessages.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *NOT_READ_BY_PEOPLE]
        super().handle(*args, **options)
