"""Errors raised by the analysis core."""

from __future__ import annotations


class AnalysisError(ValueError):
    """Input the analysis cannot work with; the message says what and where."""


class ExportError(AnalysisError):
    """A Pol.is export (or another input file) that cannot be read.

    The message names the file and, where there is one, the line, e.g.
    ``votes.csv line 17: vote must be -1, 0 or 1, got '2'``.

    Parameters
    ----------
    path : str
        The file (or directory) at fault, as the user gave it.
    message : str
        What is wrong.
    line : int, optional
        1-based physical line number in ``path``.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path} line {line}" if line is not None else path
        super().__init__(f"{where}: {message}")
