"""Which statement to show a participant next (Pol.is comment priority).

``importance = (1 - (P + 1) / (S + 2)) * (E + 1) * (A + 1) / (S + 2)`` and
``priority = (importance * (1 + 8 * 2 ** (-S / 5))) ** 2`` with A agrees, P passes and
S votes of the clustered participants and E the statement's extremity. New statements
(small S) get a boost, statements most people pass on sink. Meta statements get a
fixed 49; statements moderated out for other reasons get 0 (never shown).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["META_PRIORITY", "statement_priority"]

#: Fixed priority of meta statements (Pol.is: ``7 ** 2``).
META_PRIORITY = 49.0

FloatArray = npt.NDArray[np.float64]


def statement_priority(
    agree: FloatArray,
    passes: FloatArray,
    seen: FloatArray,
    extremity: FloatArray,
    *,
    is_meta: npt.NDArray[np.bool_] | None = None,
    moderated_out: npt.NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Routing weight of each statement.

    Parameters
    ----------
    agree, passes, seen : ndarray of shape (n_statements,)
        Vote counts over the clustered participants.
    extremity : ndarray of shape (n_statements,)
        Statement extremity (see :class:`opinion_core.projection.SparsityAwarePCA`).
    is_meta, moderated_out : ndarray of bool, optional
        Meta statements get :data:`META_PRIORITY`; other moderated-out ones get 0.

    Returns
    -------
    ndarray of shape (n_statements,)
        The next statement is drawn with probability proportional to this.
    """
    agree, passes, seen = (np.asarray(a, dtype=np.float64) for a in (agree, passes, seen))
    importance = (
        (1.0 - (passes + 1.0) / (seen + 2.0))
        * (np.asarray(extremity, dtype=np.float64) + 1.0)
        * (agree + 1.0)
        / (seen + 2.0)
    )
    priority = (importance * (1.0 + 8.0 * np.power(2.0, -seen / 5.0))) ** 2
    if moderated_out is not None:
        priority = np.where(moderated_out, 0.0, priority)
    if is_meta is not None:
        priority = np.where(is_meta, META_PRIORITY, priority)
    return priority
