"""Bridging: what people agree on across the main divide, as Community Notes scores notes.

Community Notes (X) rates a note helpful when raters on both sides of the main divide
find it helpful. It fits one matrix factorisation to all ratings,

    vote(u, s) ≈ μ + b_u + b_s + f_u · f_s,

with a one-dimensional factor: ``f_u · f_s`` soaks up the agreement that the divide
explains (people on one side agreeing with statements on their side), ``b_u`` how
readily a person agrees with anything, and the statement intercept ``b_s`` the
agreement left over, which comes from across the divide. ``b_s`` is the statement's
**bridging score**.

What we fit, and why:

* **Votes**: agree = 1, disagree = 0, as Community Notes codes helpful = 1, not
  helpful = 0, so that its constants and thresholds below keep their meaning.
  **Passes are ignored** (as not voted): a pass says neither yes nor no. Statements
  moderated out are left out (their score is ``NaN``), and so are people with no agree
  or disagree vote. Everyone who voted counts, clustered or not.
* **Loss**: the squared error summed over the votes, plus
  ``λ_i (μ² + Σ b_u² + Σ b_s²) + λ_f (Σ f_u² + Σ f_s²)`` with ``λ_f = 0.03`` and
  ``λ_i = 5 λ_f = 0.15``: the values Community Notes publishes (``l2_lambda = 0.03``,
  ``l2_intercept_multiplier = 5`` in its ``constants.py``). Regularising the
  intercepts harder makes the model explain votes by the factor first; only what the
  divide cannot explain is credited to the statement.
* **Solver**: alternating least squares, not Community Notes' Adam (gradient descent):
  with the other side fixed each person's ``(b_u, f_u)`` and each statement's
  ``(b_s, f_s)`` is a 2 x 2 ridge regression with a closed form, so each round is a few
  passes over the votes. Factors start from a normal draw seeded by ``random_state``;
  it stops when no intercept moves by more than ``tol`` in a round, or after
  ``max_iter`` rounds. The same votes and seed give the same numbers.
* **Sign**: the factor's sign is arbitrary; as in Community Notes it is flipped so that
  most people have a negative factor.
* **Bridging statements**: intercept at least :data:`MIN_INTERCEPT` (0.15) with a
  factor of size below :data:`MAX_FACTOR` (0.5) and at least :data:`MIN_VOTES` (5) agree
  or disagree votes, ranked by intercept. The factor and vote limits are Community
  Notes' (its rule for "currently rated helpful", and its fewest raters per note). Its
  intercept limit, 0.40, cannot carry over: an intercept is agreement above ``μ``, and
  people agree with most Pol.is statements (``μ`` = 0.71 on the Bowling Green
  conversation), which leaves at most 0.29; the highest there is 0.26. 0.15 is about
  the top fifth of Bowling Green's statements: someone on neither side (``f_u = 0``)
  and of average readiness (``b_u = 0``) is expected to agree with such a statement
  at least 0.15 more often than with the average one, whatever the divide.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.utils import check_random_state

from opinion_core.matrix import VoteMatrix

__all__ = [
    "LAMBDA_FACTOR",
    "LAMBDA_INTERCEPT",
    "MAX_FACTOR",
    "MIN_INTERCEPT",
    "MIN_VOTES",
    "BridgingFit",
    "bridging_items",
    "fit_bridging",
]

LAMBDA_FACTOR = 0.03
LAMBDA_INTERCEPT = 5 * LAMBDA_FACTOR
MIN_INTERCEPT = 0.15
MAX_FACTOR = 0.5
MIN_VOTES = 5
#: Most people the model is fitted on. A national conversation is fitted on a seeded
#: sample of this many: each statement still has hundreds of votes, so its intercept
#: moves by about a hundredth, well inside the margin of :data:`MIN_INTERCEPT`, and the
#: fit costs what a large local conversation's does. People outside the sample have no
#: fitted intercept or factor (``NaN``).
MAX_PEOPLE = 20_000

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class BridgingFit:
    """The fitted model. Arrays per statement hold ``NaN`` where nothing was fitted."""

    mu: float
    statement_intercept: FloatArray
    statement_factor: FloatArray
    participant_intercept: FloatArray
    participant_factor: FloatArray
    votes: npt.NDArray[np.int64]
    """Agree and disagree votes each statement was fitted on."""
    n_iter: int


def _ridge_2x2(
    n: FloatArray,
    sx: FloatArray,
    sxx: FloatArray,
    sy: FloatArray,
    sxy: FloatArray,
    lam_b: float,
    lam_f: float,
) -> tuple[FloatArray, FloatArray]:
    """Solve ``[[n + lam_b, sx], [sx, sxx + lam_f]] @ [b, f] = [sy, sxy]`` per row."""
    a, c, d = n + lam_b, sx, sxx + lam_f
    det = a * d - c * c
    return (d * sy - c * sxy) / det, (a * sxy - c * sy) / det


def _regauge(
    mu: float,
    b_u: FloatArray,
    f_u: FloatArray,
    b_s: FloatArray,
    f_s: FloatArray,
    seen_u: npt.NDArray[np.bool_],
    seen_s: npt.NDArray[np.bool_],
    lam_b: float,
    lam_f: float,
) -> tuple[float, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Move along the directions that leave every prediction unchanged to where the
    penalty is least, in closed form.

    The model has such directions: a constant can pass between ``μ``, the ``b_u`` and
    the ``b_s``; a constant added to every ``f_u`` is absorbed by ``b_s -= c f_s`` (and
    the other way round); and ``f_u`` can be scaled by ``k`` and ``f_s`` by ``1/k``.
    Only the small penalties pin them down, so plain alternating least squares crawls
    along them for thousands of rounds; solving them exactly each round converges in
    tens.
    """
    n_u, n_s = float(seen_u.sum()), float(seen_s.sum())
    # constants: mu + a + c, b_u - a, b_s - c
    big_u, big_s = float(b_u[seen_u].sum()), float(b_s[seen_s].sum())
    m = np.array([[1.0 + n_u, 1.0], [1.0, 1.0 + n_s]])
    a, c = np.linalg.solve(m, [big_u - mu, big_s - mu])
    mu = mu + a + c
    b_u = np.where(seen_u, b_u - a, b_u)
    b_s = np.where(seen_s, b_s - c, b_s)
    # f_u + c, b_s - c f_s
    den = lam_f * n_u + lam_b * float((f_s[seen_s] ** 2).sum())
    if den > 0:
        c = (lam_b * float((f_s * b_s)[seen_s].sum()) - lam_f * float(f_u[seen_u].sum())) / den
        f_u = np.where(seen_u, f_u + c, f_u)
        b_s = np.where(seen_s, b_s - c * f_s, b_s)
    # f_s + d, b_u - d f_u
    den = lam_f * n_s + lam_b * float((f_u[seen_u] ** 2).sum())
    if den > 0:
        d = (lam_b * float((f_u * b_u)[seen_u].sum()) - lam_f * float(f_s[seen_s].sum())) / den
        f_s = np.where(seen_s, f_s + d, f_s)
        b_u = np.where(seen_u, b_u - d * f_u, b_u)
    # scale: k^2 sum f_u^2 + sum f_s^2 / k^2 is least at k^4 = sum f_s^2 / sum f_u^2
    su, ss = float((f_u**2).sum()), float((f_s**2).sum())
    if su > 0 and ss > 0:
        k = (ss / su) ** 0.25
        f_u, f_s = f_u * k, f_s / k
    return mu, b_u, f_u, b_s, f_s


def fit_bridging(
    matrix: VoteMatrix,
    *,
    lambda_factor: float = LAMBDA_FACTOR,
    lambda_intercept: float = LAMBDA_INTERCEPT,
    max_iter: int = 200,
    tol: float = 1e-4,
    random_state: Any = 0,
    max_people: int = MAX_PEOPLE,
) -> BridgingFit:
    """Fit ``vote ≈ μ + b_u + b_s + f_u f_s`` to the agree and disagree votes.

    Parameters
    ----------
    matrix : VoteMatrix
    lambda_factor, lambda_intercept : float
        L2 penalties of the factors and of the intercepts (``μ`` included).
    max_iter : int, default=200
        Most rounds of alternating least squares.
    tol : float, default=1e-4
        Stop when no intercept changes by more than this in a round (scores are read to
        two decimals).
    random_state : int, RandomState instance or None, default=0
        Seeds the sample of people (see :data:`MAX_PEOPLE`) and the starting factors.
    max_people : int, default=MAX_PEOPLE
        Fit on a seeded sample of at most this many of the people who voted.

    Returns
    -------
    BridgingFit
    """
    if not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    n_ptpt, n_stmt = matrix.n_participants, matrix.n_statements
    votes = matrix.votes.tocoo()
    keep = (votes.data != 0) & ~matrix.moderated_out[votes.col]
    u = votes.row[keep]
    s = votes.col[keep]
    y = (votes.data[keep] > 0).astype(np.float64)
    rng = check_random_state(random_state)
    voters = np.unique(u)
    if len(voters) > max_people:
        sample = np.zeros(n_ptpt, dtype=bool)
        sample[rng.choice(voters, size=max_people, replace=False)] = True
        u, s, y = u[sample[u]], s[sample[u]], y[sample[u]]
    # Every sum a round needs over the votes is a sparse product: ``seen`` has a 1 where
    # a person gave an agree or disagree vote, ``agreed`` the vote itself (1 or 0).
    seen = sparse.csr_array((np.ones(len(y)), (u, s)), shape=(n_ptpt, n_stmt))
    agreed = sparse.csr_array((y, (u, s)), shape=(n_ptpt, n_stmt))
    seen_t, agreed_t = seen.T.tocsr(), agreed.T.tocsr()
    n_u = seen @ np.ones(n_stmt)
    n_s = seen_t @ np.ones(n_ptpt)
    y_u = agreed @ np.ones(n_stmt)
    y_s = agreed_t @ np.ones(n_ptpt)
    total = float(y.sum())

    f_u = np.zeros(n_ptpt)
    f_s = rng.normal(0.0, 0.1, size=n_stmt)
    b_u = np.zeros(n_ptpt)
    b_s = np.zeros(n_stmt)
    mu = total / (len(y) + lambda_intercept) if len(y) else 0.0
    n_iter = 0
    rounds = int(max_iter) if len(y) else 0  # no agree or disagree vote: nothing to fit
    for n_iter in range(1, rounds + 1):  # noqa: B007 (n_iter is reported)
        old_b_s, old_b_u = b_s, b_u
        # people, statements fixed: per person, sums of g = f_s and r = y - mu - b_s,
        # each matrix read once a half-round (several columns per pass)
        sum_g, sum_gg, sum_b, sum_bg = (seen @ np.column_stack((f_s, f_s * f_s, b_s, b_s * f_s))).T
        b_u, f_u = _ridge_2x2(
            n_u,
            sum_g,
            sum_gg,
            y_u - mu * n_u - sum_b,
            agreed @ f_s - mu * sum_g - sum_bg,
            lambda_intercept,
            lambda_factor,
        )
        # statements, people fixed: per statement, sums of g = f_u and r = y - mu - b_u
        sum_g, sum_gg, sum_b, sum_bg = (
            seen_t @ np.column_stack((f_u, f_u * f_u, b_u, b_u * f_u))
        ).T
        b_s, f_s = _ridge_2x2(
            n_s,
            sum_g,
            sum_gg,
            y_s - mu * n_s - sum_b,
            agreed_t @ f_u - mu * sum_g - sum_bg,
            lambda_intercept,
            lambda_factor,
        )
        # global intercept: the residual summed over the votes (sum_g is per statement,
        # over the people who voted on it, of the new f_u)
        if len(y):
            residual = total - n_u @ b_u - n_s @ b_s - f_s @ sum_g
            mu = float(residual / (len(y) + lambda_intercept))
        mu, b_u, f_u, b_s, f_s = _regauge(
            mu, b_u, f_u, b_s, f_s, n_u > 0, n_s > 0, lambda_intercept, lambda_factor
        )
        moved = max(
            float(np.abs(b_s - old_b_s).max(initial=0.0)),
            float(np.abs(b_u - old_b_u).max(initial=0.0)),
        )
        if moved <= tol:
            break

    seen_u = n_u > 0
    if np.count_nonzero(f_u[seen_u] < 0) * 2 < np.count_nonzero(f_u[seen_u] != 0):
        f_u, f_s = -f_u, -f_s
    fitted_s = n_s > 0
    return BridgingFit(
        mu=mu,
        statement_intercept=np.where(fitted_s, b_s, np.nan),
        statement_factor=np.where(fitted_s, f_s, np.nan),
        participant_intercept=np.where(seen_u, b_u, np.nan),
        participant_factor=np.where(seen_u, f_u, np.nan),
        votes=n_s.astype(np.int64),
        n_iter=int(n_iter),
    )


def bridging_items(
    fit: BridgingFit,
    *,
    min_intercept: float = MIN_INTERCEPT,
    max_factor: float = MAX_FACTOR,
    min_votes: int = MIN_VOTES,
    pick_max: int | None = None,
) -> list[dict[str, Any]]:
    """The bridging statements, highest intercept first (ties by statement order).

    Returns
    -------
    list of dict
        ``{"index", "score" (intercept), "factor", "votes"}``, at most ``pick_max``.
    """
    b, f = fit.statement_intercept, fit.statement_factor
    ok = (fit.votes >= min_votes) & ~np.isnan(b)
    ok[ok] &= (b[ok] >= min_intercept) & (np.abs(f[ok]) < max_factor)
    chosen = np.flatnonzero(ok)
    chosen = chosen[np.argsort(-b[chosen], kind="stable")]
    if pick_max is not None:
        chosen = chosen[:pick_max]
    return [
        {
            "index": int(j),
            "score": round(float(b[j]), 6),
            "factor": round(float(f[j]), 6),
            "votes": int(fit.votes[j]),
        }
        for j in chosen
    ]
