"""Themes in free text."""

from __future__ import annotations

import numpy as np
import pytest

from opinion_core.exceptions import AnalysisError
from opinion_core.themes import ThemeFinder

PAY = [
    "Pay care workers a proper wage",
    "Care workers need better pay and conditions",
    "Fair pay for care staff would stop people leaving",
    "Raise the wage of home care workers",
    "Care staff pay is too low to keep good workers",
    "Better wages for care workers",
]
CARERS = [
    "Unpaid carers need regular respite breaks",
    "Respite for family carers who look after someone",
    "Carers need breaks and someone to talk to",
    "Give unpaid carers more respite",
    "Family carers get no break from caring",
    "Respite care for carers should be easy to book",
]


def test_two_clear_themes_are_found_with_terms_quotes_and_sizes() -> None:
    texts = PAY + CARERS
    finder = ThemeFinder(random_state=0).fit(texts)
    assert finder.n_themes_ == 2
    labels = finder.labels_
    assert len(set(labels[:6])) == 1
    assert len(set(labels[6:])) == 1
    assert labels[0] != labels[6]
    for theme in finder.themes_:
        assert theme["size"] == 6
        assert len(theme["quotes"]) == 3
        assert theme["label"]
        members = np.flatnonzero(labels == theme["id"])
        assert {q["index"] for q in theme["quotes"]} <= set(members.tolist())
    pay_theme = finder.themes_[int(labels[0])]
    assert any("pay" in t or "wage" in t or "workers" in t for t in pay_theme["terms"][:3])


def test_group_shares() -> None:
    texts = PAY + CARERS
    groups = ["a"] * 6 + ["b"] * 3 + ["a"] * 3
    finder = ThemeFinder(random_state=0).fit(texts)
    shares = finder.group_shares(groups)
    assert set(shares) == {"a", "b"}
    for values in shares.values():
        assert sum(values) == pytest.approx(1.0)
    pay = int(finder.labels_[0])
    assert shares["a"][pay] == pytest.approx(6 / 9)
    assert shares["b"][pay] == 0.0
    report = finder.report(groups)
    assert report["groups"] == ["a", "b"]
    assert all(len(t["by_group"]) == 2 for t in report["themes"])


def test_blank_texts_are_left_out_and_empty_input_is_valid() -> None:
    finder = ThemeFinder().fit(["", "  ", *PAY])
    assert finder.labels_[:2].tolist() == [-1, -1]
    assert sum(t["size"] for t in finder.themes_) == 6
    empty = ThemeFinder().fit([])
    assert empty.n_themes_ == 0
    assert empty.themes_ == []


def test_tiny_inputs_make_one_theme() -> None:
    finder = ThemeFinder().fit(["the the the", "and of to"])  # only stop words
    assert finder.n_themes_ == 1
    assert finder.themes_[0]["size"] == 2


def test_max_themes_caps_the_number() -> None:
    assert ThemeFinder(max_themes=2, random_state=0).fit(PAY + CARERS + PAY).n_themes_ <= 2


def test_refuses_a_single_string_and_mismatched_groups() -> None:
    with pytest.raises(AnalysisError):
        ThemeFinder().fit("not a list")
    finder = ThemeFinder().fit(PAY)
    with pytest.raises(AnalysisError, match="one per text"):
        finder.group_shares(["a"])
