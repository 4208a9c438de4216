"""The numeric core of the analysis: opinion groups, consensus, division and themes.

Pure Python (numpy, scipy, scikit-learn); no Django import anywhere in this package.
Votes use agree = +1, disagree = -1, pass = 0 throughout (see :mod:`opinion_core.matrix`).

The public names below are imported lazily, so ``python -m analysis`` (and
``python -m opinion_core``) starts fast and reports bad input before scikit-learn is even
loaded.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AnalysisError",
    "ExportError",
    "GroupKMeans",
    "OpinionGroups",
    "SparsityAwarePCA",
    "ThemeFinder",
    "VoteMatrix",
]

_WHERE = {
    "AnalysisError": "opinion_core.exceptions",
    "ExportError": "opinion_core.exceptions",
    "GroupKMeans": "opinion_core.clustering",
    "OpinionGroups": "opinion_core.opinion",
    "SparsityAwarePCA": "opinion_core.projection",
    "ThemeFinder": "opinion_core.themes",
    "VoteMatrix": "opinion_core.matrix",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'opinion_core' has no attribute {name!r}")
