"""Shared helpers for the analysis tests (no database needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

POLIS_DATA = Path(__file__).resolve().parent.parent / "data" / "polis"


@pytest.fixture
def polis_data() -> Path:
    """Directory of the Pol.is conversations copied into the repository (CC BY 4.0)."""
    return POLIS_DATA
