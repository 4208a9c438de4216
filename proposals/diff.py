"""A readable word-level diff of one section between two revisions."""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    kind: Literal["same", "inserted", "deleted"]
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces of text in reading order, each unchanged, inserted or deleted."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("deleted", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("inserted", "".join(b[j1:j2])))
    return pieces
