"""Interface text in Hearth's templates stays at plain-English level.

The text people read on every page comes from these templates (what people write comes
from template variables and is left out). Each sentence is short, each page scores at
least 60 for Flesch reading ease, and no template uses words the GOV.UK style guide asks
us to avoid, such as "service user" or "utilise".
"""

from pathlib import Path

import pytest

from tests.support.readability import (
    flesch_reading_ease,
    jargon_in,
    sentences,
    visible_text,
    words,
)

ROOT = Path(__file__).resolve().parents[2]
# Hearth's own templates; Wagtail admin overrides are admin chrome, not Hearth's words.
EXCLUDED = ("wagtailusers",)
MAX_WORDS_PER_SENTENCE = 25
MIN_FLESCH = 60
# Below this a page's score swings on one long word, so only sentence length counts.
MIN_WORDS_FOR_FLESCH = 40


def _templates() -> list[Path]:
    found = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts
    )
    return [p for p in found if not any(part in EXCLUDED for part in p.parts)]


TEMPLATES = _templates()


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_templates_are_found() -> None:
    names = {_name(p) for p in TEMPLATES}
    assert "templates/base.html" in names
    assert "templates/cms/consultation_page.html" in names
    assert not any("wagtailusers" in n for n in names)


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_sentences_are_short(path: Path) -> None:
    long = [
        f"  {len(words(s))} words: {s}"
        for s in sentences(visible_text(path.read_text()))
        if len(words(s)) > MAX_WORDS_PER_SENTENCE
    ]
    assert not long, (
        f"{_name(path)} has sentences over {MAX_WORDS_PER_SENTENCE} words. "
        "Split them, or cut words that do not help:\n" + "\n".join(long)
    )


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_pages_read_as_plain_english(path: Path) -> None:
    parts = sentences(visible_text(path.read_text()))
    if sum(len(words(s)) for s in parts) < MIN_WORDS_FOR_FLESCH:
        return
    score = flesch_reading_ease(parts)
    assert score >= MIN_FLESCH, (
        f"{_name(path)} scores {score:.0f} for Flesch reading ease (at least {MIN_FLESCH} is "
        "plain English). Use shorter sentences and everyday words."
    )


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_no_jargon(path: Path) -> None:
    text = " ".join(visible_text(path.read_text()))
    found = jargon_in(text)
    assert not found, f"{_name(path)} uses words to avoid. Say instead:\n" + "\n".join(
        f"  ‘{phrase}’: {instead}" for phrase, instead in found
    )
