"""Themes in free text (messages, comments, suggestions).

Texts are turned into TF-IDF features of English words and word pairs (stop words
removed) together with character 3-5-grams (which tie together spelling variants and
word forms: "carer", "carers", "caring"). Latent semantic analysis (truncated SVD)
reduces them, and k-means on the unit-length LSA vectors groups the texts; the number
of themes is the k with the best cosine silhouette, at most ``max_themes`` and
``sqrt(n_texts / 2)``. Each theme gets its most
distinctive words, a short label made of them, its size, and the texts closest to
its centre as quotes; :meth:`ThemeFinder.people_behind` says who is behind each theme
(the authors of messages, or those who agreed with statements).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from opinion_core.exceptions import AnalysisError

__all__ = ["ThemeFinder"]

# Words: at least two letters, no digits or underscores.
_WORD = r"(?u)\b[^\W\d_][^\W\d_]+\b"


class ThemeFinder(ClusterMixin, BaseEstimator):
    """Find themes in a list of texts; the number of themes is chosen from the data.

    Parameters
    ----------
    max_themes : int, default=8
        Most themes tried.
    min_themes : int, default=2
        Fewest themes tried (when there are enough texts).
    n_terms : int, default=8
        Top terms kept per theme.
    n_quotes : int, default=3
        Representative quotes per theme.
    n_components : int, default=100
        Dimensions of the LSA space (capped by the data).
    random_state : int, RandomState instance or None, default=0
        Seeds the SVD and k-means.

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_texts,)
        Theme of each text; -1 for blank texts. Theme 0 is the largest.
    n_themes_ : int
    themes_ : list of dict
        ``id``, ``label``, ``terms``, ``size`` and ``quotes`` (``index`` into the
        input and ``text``) of each theme.
    silhouette_scores_ : dict of int to float
        Cosine silhouette of each number of themes tried.

    Examples
    --------
    >>> texts = ["pay care workers more", "care workers need better pay",
    ...          "fair pay for care staff", "carers need respite breaks",
    ...          "respite for unpaid carers", "more breaks for family carers"]
    >>> ThemeFinder(random_state=0).fit(texts).n_themes_
    2
    """

    def __init__(
        self,
        max_themes: int = 8,
        min_themes: int = 2,
        n_terms: int = 8,
        n_quotes: int = 3,
        n_components: int = 100,
        random_state: Any = 0,
    ) -> None:
        self.max_themes = max_themes
        self.min_themes = min_themes
        self.n_terms = n_terms
        self.n_quotes = n_quotes
        self.n_components = n_components
        self.random_state = random_state

    def _check_params(self) -> None:
        for name in ("max_themes", "min_themes", "n_terms", "n_quotes", "n_components"):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if self.min_themes > self.max_themes:
            raise ValueError("min_themes must not exceed max_themes")

    @staticmethod
    def _features(texts: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix, list[str]]:
        """TF-IDF of words+pairs and of character n-grams; returns (all, words, vocab)."""
        words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            stop_words="english",
            token_pattern=_WORD,
            sublinear_tf=True,
        )
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        try:
            w = words.fit_transform(texts)
            vocab = words.get_feature_names_out().tolist()
        except ValueError:  # nothing but stop words, digits or punctuation
            w = sparse.csr_matrix((len(texts), 0))
            vocab = []
        try:
            c = chars.fit_transform(texts)
        except ValueError:
            c = sparse.csr_matrix((len(texts), 0))
        return sparse.hstack([w, c], format="csr"), sparse.csr_matrix(w), vocab

    def fit(self, X: Sequence[str], y: Any = None) -> ThemeFinder:
        """Find the themes.

        Parameters
        ----------
        X : sequence of str
            The texts; blank ones are ignored (label -1).
        y : None
            Ignored.

        Returns
        -------
        self : ThemeFinder
        """
        self._check_params()
        if isinstance(X, str):
            raise AnalysisError("expected a list of texts, got a single string")
        texts = ["" if t is None else str(t) for t in X]
        self.texts_ = texts
        keep = np.flatnonzero([bool(t.strip()) for t in texts])
        labels = np.full(len(texts), -1, dtype=np.intp)
        self.silhouette_scores_: dict[int, float] = {}
        self.themes_: list[dict[str, Any]] = []
        self.labels_ = labels
        self.n_themes_ = 0
        if len(keep) == 0:
            return self
        docs = [texts[i] for i in keep]
        feats, words, vocab = self._features(docs)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        n_docs = len(docs)
        n_comp = min(int(self.n_components), n_docs - 1, feats.shape[1] - 1)
        if n_comp >= 2:
            Z = TruncatedSVD(n_components=n_comp, random_state=seed).fit_transform(feats)
        else:
            Z = feats.toarray()
        Z = normalize(Z)

        local = np.zeros(n_docs, dtype=np.intp)
        n_distinct = len(np.unique(np.round(Z, 12), axis=0))
        best = -np.inf
        # Silhouette tends to keep rising with k on short texts, so k is also capped by
        # the rule of thumb sqrt(n / 2) (a handful of themes for a few dozen texts), and
        # a k that leaves a theme with fewer texts than quotes to show is rejected.
        rule = max(2, int(np.sqrt(n_docs / 2)))
        upper = min(int(self.max_themes), n_docs - 1, n_distinct, rule)
        for k in range(max(int(self.min_themes), 2), upper + 1):
            km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(Z)
            sizes = np.bincount(km.labels_, minlength=k)
            if sizes.min() < min(int(self.n_quotes), n_docs // k):
                continue  # a theme too small to show its quotes is noise, not a theme
            score = float(silhouette_score(Z, km.labels_, metric="cosine"))
            self.silhouette_scores_[k] = score
            if score > best:
                best, local = score, km.labels_.astype(np.intp)

        # number themes by size, largest first (ties: first text)
        uniq, first, counts = np.unique(local, return_index=True, return_counts=True)
        order = uniq[np.lexsort((first, -counts))]
        remap = np.empty(int(uniq.max()) + 1, dtype=np.intp)
        remap[order] = np.arange(len(order))
        local = remap[local]
        labels[keep] = local
        self.labels_ = labels
        self.n_themes_ = len(order)
        self.themes_ = [
            self._describe(t, local, Z, words, vocab, keep) for t in range(self.n_themes_)
        ]
        return self

    def _describe(
        self,
        t: int,
        local: npt.NDArray[np.intp],
        Z: npt.NDArray[np.float64],
        words: sparse.csr_matrix,
        vocab: list[str],
        keep: npt.NDArray[np.intp],
    ) -> dict[str, Any]:
        inside = local == t
        terms: list[str] = []
        if vocab:
            mean_in = np.asarray(words[inside].mean(axis=0)).ravel()
            mean_out = np.asarray(words[~inside].mean(axis=0)).ravel() if (~inside).any() else 0.0
            lift = mean_in - mean_out
            for j in np.argsort(-lift, kind="stable"):
                if lift[j] <= 0 or len(terms) >= int(self.n_terms):
                    break
                terms.append(vocab[j])
        centre = Z[inside].mean(axis=0)
        members = np.flatnonzero(inside)
        closeness = Z[members] @ centre
        picked = members[np.argsort(-closeness, kind="stable")][: int(self.n_quotes)]
        return {
            "id": t,
            "label": _short_label(terms) or f"theme {t + 1}",
            "terms": terms,
            "size": int(inside.sum()),
            "quotes": [{"index": int(keep[i]), "text": self.texts_[int(keep[i])]} for i in picked],
        }

    def group_shares(self, groups: Sequence[Any]) -> dict[str, list[float]]:
        """Share of each group's texts that falls in each theme.

        Parameters
        ----------
        groups : sequence, one entry per text given to ``fit``
            Group of each text (e.g. its author's opinion group); ``None`` or ``""``
            means no group.

        Returns
        -------
        dict of str to list of float
            For each group, ``n_themes_`` shares summing to 1 (blank texts excluded).
        """
        check_is_fitted(self, "labels_")
        if len(groups) != len(self.labels_):
            raise AnalysisError(
                f"got {len(groups)} groups for {len(self.labels_)} texts; need one per text"
            )
        out: dict[str, list[float]] = {}
        keys = [None if g is None or str(g) == "" else str(g) for g in groups]
        for g in sorted({k for k in keys if k is not None}):
            mine = np.asarray([k == g for k in keys]) & (self.labels_ >= 0)
            total = int(mine.sum())
            counts = np.bincount(self.labels_[mine], minlength=self.n_themes_)
            out[g] = [float(c / total) if total else 0.0 for c in counts]
        return out

    def people_behind(self, people: Sequence[Iterable[Any]]) -> list[list[Any]]:
        """For each theme, the people behind its texts, each once and in sorted order.

        Parameters
        ----------
        people : sequence, one entry per text given to ``fit``
            The people behind each text: its author, or, for a statement people voted
            on, those who agreed with it. Blank texts (label -1) belong to no theme.

        Returns
        -------
        list of list
            ``n_themes_`` sorted lists of people; a person behind texts in two themes
            is behind both.
        """
        check_is_fitted(self, "labels_")
        if isinstance(people, str) or len(people) != len(self.labels_):
            raise AnalysisError(
                f"got {len(people)} entries of people for {len(self.labels_)} texts; "
                "need one per text"
            )
        behind: list[set[Any]] = [set() for _ in range(self.n_themes_)]
        for label, who in zip(self.labels_.tolist(), people, strict=True):
            if label >= 0:
                behind[label].update(who)
        return [sorted(members) for members in behind]

    def report(self, groups: Sequence[Any] | None = None) -> dict[str, Any]:
        """JSON-ready summary; with ``groups``, each theme carries per-group shares."""
        check_is_fitted(self, "labels_")
        themes = [dict(theme) for theme in self.themes_]
        payload: dict[str, Any] = {
            "n_texts": len(self.labels_),
            "n_analysed": int(np.count_nonzero(self.labels_ >= 0)),
            "n_themes": self.n_themes_,
            "themes": themes,
        }
        if groups is not None:
            shares = self.group_shares(groups)
            for theme in themes:
                theme["by_group"] = [
                    {"group": g, "share": round(s[theme["id"]], 6)} for g, s in shares.items()
                ]
            payload["groups"] = sorted(shares)
        return payload


def _short_label(terms: list[str], max_terms: int = 3) -> str:
    """Up to three top terms, skipping words already inside a chosen phrase."""
    chosen: list[str] = []
    for term in terms:
        if any(term in c.split() or c in term.split() for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == max_terms:
            break
    return ", ".join(chosen)
