"""``python -m opinion_core``, the same command line as ``python -m analysis``."""

import sys

from opinion_core.cli import main

if __name__ == "__main__":
    sys.exit(main())
