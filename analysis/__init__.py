"""Hearth's analysis core: opinion groups, consensus, division and themes.

Pure Python (numpy, scipy, scikit-learn); no Django import anywhere in this package.
Votes use agree = +1, disagree = -1, pass = 0 throughout (see :mod:`analysis.matrix`).

The public names below are imported lazily, so ``python -m analysis`` starts fast and
reports bad input before scikit-learn is even loaded.
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
    "AnalysisError": "analysis.exceptions",
    "ExportError": "analysis.exceptions",
    "GroupKMeans": "analysis.clustering",
    "OpinionGroups": "analysis.opinion",
    "SparsityAwarePCA": "analysis.projection",
    "ThemeFinder": "analysis.themes",
    "VoteMatrix": "analysis.matrix",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
