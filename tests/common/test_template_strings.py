"""Every word a person reads in a template goes through Django's i18n (issue 19, item 1).

The check reads each template with Django's own lexer. Text outside ``{% translate %}`` and
``{% blocktranslate %}`` may hold markup, variables and punctuation, but no words; the
attributes a person hears or sees (``alt``, ``title``, ``aria-label``, ``placeholder``,
``content`` of a description) follow the same rule, and so do string literals a template
passes on (``with label="Agree"``, ``default:"None yet"``) unless they are wrapped in
``_("…")``. Comments, ``<script>`` and ``<style>`` are not read by people.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

APPS = ("accounts", "cms", "proposals", "deliberation", "analysis")
TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *(Path(settings.BASE_DIR) / app / "templates" for app in APPS),
]

# Names that stay as they are in every language: the service, the design system, formats,
# and each language's own name for itself in the language select.
PROPER_NAMES = {"Hearth", "GOV.UK", "Pol.is", "CSV", "JSON", "Cymraeg", "English"}

WORD = re.compile(r"[^\W\d_]{2,}")
UNREAD = re.compile(r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
READ_ATTRIBUTE = re.compile(
    r"""\b(alt|title|aria-label|placeholder|aria-description)\s*=\s*("[^"]*"|'[^']*')""", re.I
)
ENTITY = re.compile(r"&[#\w]+;")
# A literal a tag or filter passes on: "…" or '…' not inside _( ).
LITERAL = re.compile(r"""(?<!_\()("[^"]*"|'[^']*')""")
FORMAT_ARGUMENT = re.compile(r"""\|(?:date|time|naturaltime):("[^"]*"|'[^']*')""")
# Tags whose literals are names, not words: paths, URL names, CSS, formats, settings.
NAME_TAGS = {
    "extends",
    "load",
    "url",
    "static",
    "block",
    "pageurl",
    "slugurl",
    "image",
    "cycle",
    "firstof",
    "now",
    "if",
    "elif",
    "for",
    "translate",
    "trans",
    "blocktranslate",
    "blocktrans",
    "plural",
    "language",
    "include_block",
    "routablepageurl",
    "querystring",
}


def templates() -> Iterator[Path]:
    for directory in filter(Path.is_dir, TEMPLATE_DIRS):
        yield from sorted(directory.rglob("*.html"))
        yield from sorted(directory.rglob("*.txt"))


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(ENTITY.sub(" ", text)) if w not in PROPER_NAMES]


def literal_words(contents: str) -> list[str]:
    found = []
    # A date or time format is Django's to translate (formats.py), not the template's.
    contents = FORMAT_ARGUMENT.sub("", contents)
    for literal in LITERAL.findall(contents):
        inner = literal[1:-1]
        # Paths, URL names, CSS classes, formats and identifiers are not read by people.
        if not re.search(r"[A-Z]|\s", inner) or re.fullmatch(r"[\w./:%-]+", inner):
            continue
        found.extend(words(inner))
    return found


def unmarked(source: str) -> list[tuple[int, str]]:
    """The words in ``source`` a person would read without a translation, with lines."""
    problems: list[tuple[int, str]] = []
    depth = 0  # inside a blocktranslate, or a comment block
    text_parts: list[tuple[int, str]] = []
    for token in Lexer(source).tokenize():
        line = token.lineno or 0
        if token.token_type == TokenType.BLOCK:
            bits = token.contents.split()
            name = bits[0] if bits else ""
            if name in {"blocktranslate", "blocktrans", "comment"}:
                depth += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                depth -= 1
            elif depth == 0 and name not in NAME_TAGS:
                problems += [(line, w) for w in literal_words(token.contents)]
            text_parts.append((line, "\x00"))
        elif token.token_type == TokenType.VAR:
            if depth == 0:
                problems += [(line, w) for w in literal_words(token.contents)]
            text_parts.append((line, "\x00"))
        elif token.token_type == TokenType.TEXT and depth == 0:
            text_parts.append((line, token.contents))
        elif token.token_type == TokenType.TEXT:
            text_parts.append((line, "\x00"))
    # Join text across tags so an element split by {% if %} is still read whole.
    joined = "".join(part for _, part in text_parts)
    starts = []
    offset = 0
    for lineno, part in text_parts:
        starts.append((offset, lineno, part))
        offset += len(part)

    def line_of(position: int) -> int:
        line = 1
        for start, lineno, part in starts:
            if start > position:
                break
            line = lineno + part[: position - start].count("\n")
        return line

    cleaned = UNREAD.sub(lambda m: " " * len(m.group()), joined)
    for match in READ_ATTRIBUTE.finditer(cleaned):
        problems += [(line_of(match.start()), w) for w in words(match.group(2).strip("\"'"))]
    without_tags = TAG.sub(lambda m: " " * len(m.group()), cleaned)
    for match in WORD.finditer(ENTITY.sub(lambda m: " " * len(m.group()), without_tags)):
        if match.group() not in PROPER_NAMES:
            problems.append((line_of(match.start()), match.group()))
    return sorted(problems)


def test_the_checker_finds_words_in_text_attributes_and_literals() -> None:
    source = (
        '{% load i18n %}<h1 class="govuk-heading-l">Your details</h1>\n'
        '<img src="x.png" alt="A carer">{% translate "Marked" %}\n'
        '{% include "includes/x.html" with label="Agree now" %}'
        '{{ value|default:"Nothing yet" }}'
        "{% blocktranslate %}Also {{ x }} marked{% endblocktranslate %}"
        "<!-- Not read --><script>var Words = 1;</script>"
        '{% include "includes/x.html" with label=_("Agree") %} Hearth'
    )
    found = sorted(w for _, w in unmarked(source))
    assert found == sorted(["Your", "details", "carer", "Agree", "now", "Nothing", "yet"])


@pytest.mark.parametrize(
    "path", list(templates()), ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_no_template_shows_words_that_are_not_marked_for_translation(path: Path) -> None:
    problems = unmarked(path.read_text())
    shown = ", ".join(f"line {line}: {word}" for line, word in problems[:12])
    assert not problems, f"{path.relative_to(settings.BASE_DIR)} has unmarked words: {shown}"
