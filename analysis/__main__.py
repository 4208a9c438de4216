"""``python -m analysis``: the Django-free core's command line (:mod:`opinion_core.cli`).
Nothing here or in ``analysis/__init__.py`` imports Django, so the command loads none."""

import sys

from opinion_core.cli import main

if __name__ == "__main__":
    sys.exit(main())
