"""The one cleaning of every piece of text a person writes: display names, messages,
statements, poll questions and options, sections, suggestions, comments, reasons, revision
notes and decisions.

Text is refused, never silently changed, when it holds what a page cannot show or what
would mislead a reader: C0 and C1 control characters other than newline and tab (they make
a page invalid HTML), lone surrogates and noncharacters (not text at all), and, in one-line
fields such as display names, the bidirectional override and isolate controls that can
make a name read backwards. Text made only of spaces and invisible characters is empty.
Each refusal says what to change and where, without repeating what was sent.
"""

import unicodedata

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.errors import ServiceError

EMPTY = "empty"
TOO_LONG = "too_long"
INVALID_CHARACTER = "invalid_character"

# Characters that show nothing: text made only of these (and spaces) is empty.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)
# Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\n\t")


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _problem(char: str, *, single_line: bool) -> str | None:
    """What is wrong with one character here, in words, or None."""
    code = ord(char)
    point = f"U+{code:04X}"
    if char in ALLOWED_CONTROLS:
        return None
    if code < 0x20 or 0x7F <= code <= 0x9F:
        # Translators: what is wrong with one character of some text, as in "Your message
        # has a control character (U+0007) at character 12."; U+0007 is the character's code.
        return _("a control character (%(code)s)") % {"code": point}
    if 0xD800 <= code <= 0xDFFF:
        return _("a broken character (%(code)s)") % {"code": point}
    if _is_noncharacter(code):
        return _("a character that is not text (%(code)s)") % {"code": point}
    if single_line and char in BIDI_CONTROLS:
        # The character's Unicode name ("right-to-left override") stays in English: it is
        # the name the standard gives it.
        name = unicodedata.name(char).lower()
        return _("a text direction control (%(name)s, %(code)s)") % {"name": name, "code": point}
    return None


def clean_text(
    value: str,
    *,
    label: str,
    field: str | None = None,
    max_length: int | None = None,
    single_line: bool = False,
    required: bool = True,
) -> str:
    """``value`` with Windows line endings made plain and surrounding spaces removed, or a
    :class:`ServiceError` that names ``label`` (how the form calls the field, such as "your
    message") and says what to change.

    ``single_line`` fields (names, titles, questions, notes) also refuse bidirectional
    controls, and their runs of spaces and line breaks become one space. An empty value
    passes when not ``required``.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    for position, char in enumerate(text, start=1):
        problem = _problem(char, single_line=single_line)
        if problem is not None:
            detail = _(
                # Translators: %(label)s is how the form calls the field, such as "Your
                # message"; %(problem)s is what is wrong, such as "a control character (U+0007)".
                "%(label)s has %(problem)s at character %(position)s. "
                "Remove it and try again: it cannot be shown on a page"
            ) % {"label": _capital(label), "problem": problem, "position": _number(position)}
            raise ServiceError(INVALID_CHARACTER, detail, field=field)
    text = " ".join(text.split()) if single_line else text.strip()
    if not text:
        if not required:
            return ""
        # Translators: %(label)s is how the form calls the field, such as "your message".
        raise ServiceError(EMPTY, _("Enter %(label)s") % {"label": label}, field=field)
    if all(char.isspace() or char in INVISIBLE for char in text):
        if not required:
            return ""
        detail = _(
            # Translators: %(label)s and %(field)s are how the form calls the field, such as
            # "Your message" (starting the sentence) and "your message".
            "%(label)s has only invisible characters, which show nothing on the page. "
            "Enter %(field)s in words"
        ) % {"label": _capital(label), "field": label}
        raise ServiceError(EMPTY, detail, field=field)
    if max_length is not None and len(text) > max_length:
        # Translators: %(label)s is how the form calls the field, such as "Your message".
        detail = _("%(label)s must be %(most)s characters or fewer. It has %(length)s") % {
            "label": _capital(label),
            "most": _number(max_length),
            "length": _number(len(text)),
        }
        raise ServiceError(TOO_LONG, detail, field=field)
    return text


def _capital(label: str) -> str:
    label = str(label)  # a lazy translation, from a caller that marks its labels
    return label[:1].upper() + label[1:]


def _number(value: int) -> str:
    """A count as the language writes it, thousands grouped: "1,234" in English."""
    return number_format(value, force_grouping=True)
