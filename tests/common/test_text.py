"""The one cleaning of text people write: what it refuses, and what it says."""

import pytest

from common.errors import ServiceError
from common.text import EMPTY, INVALID_CHARACTER, TOO_LONG, clean_text

REFUSED = {
    "a bell (C0 control)": ("Hello\x07there", INVALID_CHARACTER, "U+0007"),
    "an escape (C0 control)": ("\x1b[31mred", INVALID_CHARACTER, "U+001B"),
    "a C1 control": ("Hello\x85there", INVALID_CHARACTER, "U+0085"),
    "a lone surrogate": ("Hello \ud800", INVALID_CHARACTER, "U+D800"),
    "a noncharacter": ("Hello \ufdd0", INVALID_CHARACTER, "U+FDD0"),
    "a plane-end noncharacter": ("Hello \U0001fffe", INVALID_CHARACTER, "U+1FFFE"),
    "only zero-width spaces": ("\u200b\u200b", EMPTY, "only invisible characters"),
    "only a word joiner and spaces": (" \u2060 \ufeff ", EMPTY, "only invisible characters"),
    "only spaces and line breaks": (" \n\t ", EMPTY, "Enter your message"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_each_refusal_says_what_to_change(case: str) -> None:
    value, code, hint = REFUSED[case]
    with pytest.raises(ServiceError) as refused:
        clean_text(value, label="your message", field="body")
    assert refused.value.code == code
    assert refused.value.field == "body"
    assert hint in refused.value.detail


@pytest.mark.parametrize(
    "control",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_direction_controls_are_refused_in_one_line_fields_only(control: str) -> None:
    with pytest.raises(ServiceError) as refused:
        clean_text(f"Ann{control}evil", label="your display name", single_line=True)
    assert f"U+{ord(control):04X}" in refused.value.detail
    assert "character 4" in refused.value.detail
    assert clean_text(f"Ann{control}text", label="your message") == f"Ann{control}text"


def test_text_people_write_in_any_script_passes_unchanged() -> None:
    for text in ("Gofal cartref ŵ ŷ", "دیکھ بھال", "Opieka 👩‍🦽 domowa", "Line one\n\tLine two"):
        assert clean_text(text, label="your message") == text


def test_windows_line_endings_are_made_plain_and_spaces_trimmed() -> None:
    assert clean_text("  one\r\ntwo\r ", label="your message") == "one\ntwo"


def test_a_one_line_field_keeps_one_line() -> None:
    assert clean_text(" Ann\n\t Smith ", label="your display name", single_line=True) == "Ann Smith"


def test_too_long_counts_and_does_not_echo_the_text() -> None:
    long = "carers " * 200
    with pytest.raises(ServiceError) as refused:
        clean_text(long, label="your message", max_length=500)
    assert refused.value.code == TOO_LONG
    assert "1,399" in refused.value.detail
    assert "carers carers" not in refused.value.detail


def test_an_empty_optional_field_passes_as_empty() -> None:
    assert clean_text("\u200b ", label="the note", required=False) == ""
