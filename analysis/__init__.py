"""Hearth's analysis core: opinion groups, consensus, division and themes.

Pure Python (numpy, scipy, scikit-learn); no Django import anywhere in this package.
Votes use agree = +1, disagree = -1, pass = 0 throughout (see :mod:`analysis.matrix`).
"""

from analysis.clustering import GroupKMeans
from analysis.exceptions import AnalysisError, ExportError
from analysis.matrix import VoteMatrix
from analysis.opinion import OpinionGroups
from analysis.projection import SparsityAwarePCA

__all__ = [
    "AnalysisError",
    "ExportError",
    "GroupKMeans",
    "OpinionGroups",
    "SparsityAwarePCA",
    "VoteMatrix",
]
