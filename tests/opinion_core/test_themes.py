"""Themes in free text."""

from __future__ import annotations

import json

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


# Statements as a Pol.is conversation has them: short, one point each, voted on; 18 of
# them, so that three themes are allowed (at most sqrt(n / 2)).
STATEMENTS = {
    "transport": [
        "Buses to the day centre should run every hour",
        "Free buses to day services for older people",
        "Community transport buses should reach every village",
        "Rural buses are too rare to get to the day centre",
        "Transport to day centres is the biggest barrier",
        "Cheaper transport and buses for disabled people",
    ],
    "housing": [
        "More supported housing so people can stay in their town",
        "Adapt housing so people can live at home for longer",
        "Extra housing with a warden in every district",
        "Housing with support on site should be cheaper to rent",
        "Housing adaptations take far too long to arrive",
        "Sheltered housing should have a warden again",
    ],
    "money": [
        "Council tax should rise to pay for better care",
        "Pay for care through national tax like the NHS",
        "Nobody should sell their house to pay for care",
        "A cap on what any family must pay for care",
        "Care costs should be paid from general tax",
        "Families should not pay more tax for care than they can afford",
    ],
}


def test_planted_statements_fall_into_their_themes() -> None:
    texts = [text for group in STATEMENTS.values() for text in group]
    finder = ThemeFinder(random_state=0).fit(texts)
    assert finder.n_themes_ == 3
    planted = [name for name, group in STATEMENTS.items() for _ in group]
    found = {name: {int(finder.labels_[i]) for i, p in enumerate(planted) if p == name}
             for name in STATEMENTS}  # fmt: skip
    assert all(len(labels) == 1 for labels in found.values())
    assert len(set.union(*found.values())) == 3


def test_the_people_behind_a_theme_are_those_behind_any_of_its_texts() -> None:
    texts = PAY + CARERS
    # Who agreed with each statement: 1-3 with the first pay statements, 4 with one of
    # each, 5-7 with the carers' statements, nobody with the last.
    agreed = [[1, 2], [2, 3], [1], [], [4], [3], [5, 6], [6], [7, 4], [], [5], []]
    finder = ThemeFinder(random_state=0).fit(texts)
    behind = finder.people_behind(agreed)
    pay, carers = int(finder.labels_[0]), int(finder.labels_[6])
    assert behind[pay] == [1, 2, 3, 4]
    assert behind[carers] == [4, 5, 6, 7]


def test_blank_texts_have_nobody_behind_a_theme() -> None:
    finder = ThemeFinder(random_state=0).fit(["", *PAY])
    behind = finder.people_behind([[99], *([i] for i in range(6))])
    assert 99 not in {person for people in behind for person in people}
    assert sorted(person for people in behind for person in people) == list(range(6))


def test_people_behind_needs_one_entry_per_text() -> None:
    finder = ThemeFinder().fit(PAY)
    with pytest.raises(AnalysisError, match="one per text"):
        finder.people_behind([[1]])


def test_the_same_statements_give_byte_identical_themes() -> None:
    texts = [text for group in STATEMENTS.values() for text in group]
    agreed = [[i % 7, i % 5] for i in range(len(texts))]

    def run() -> bytes:
        finder = ThemeFinder(random_state=0).fit(texts)
        payload = finder.report()
        payload["behind"] = finder.people_behind(agreed)
        return json.dumps(payload, sort_keys=False).encode()

    assert run() == run()
