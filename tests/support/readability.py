"""Plain-English checks for interface text: visible text out of Django templates, a
Flesch reading ease score, sentence length, and words to avoid.

Hand-written rather than a library: the measure is a one-line formula, and what matters
here is how text is cut out of templates (template syntax, tags, user content), which no
readability library does. Syllables are counted by vowel groups, the usual heuristic;
it is close enough for a floor on whole pages.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# GOV.UK style guide's words to avoid, and others common in social care, with what to say.
JARGON: dict[str, str] = {
    "service user": "people who draw on care and support",
    "service users": "people who draw on care and support",
    "utilise": "use",
    "utilize": "use",
    "facilitate": "help, run or lead (facilitator is fine as a role)",
    "stakeholder": "say who: people, carers, councils, providers",
    "stakeholders": "say who: people, carers, councils, providers",
    "leverage": "use",
    "in order to": "to",
    "commence": "start",
    "deliverable": "what we will do",
    "deliverables": "what we will do",
    "going forward": "from now on, or leave it out",
    "prior to": "before",
    "in relation to": "about",
    "with regard to": "about",
    "with respect to": "about",
    "regarding": "about",
    "in respect of": "about",
    "thereof": "of it",
    "whereby": "by which, or rewrite",
    "aforementioned": "this, or name it",
    "endeavour": "try",
    "ascertain": "find out",
    "in the event that": "if",
    "subsequently": "later",
    "terminate": "end",
    "key": "important, or leave it out",
    "robust": "strong, or say how",
    "empower": "help, or say how",
    "empowering": "helping, or say how",
    "co-located": "in the same place",
    "capacity building": "training, or say how",
    "signpost": "point to, or tell people about",
    "signposting": "pointing people to",
    "holistic": "whole, or say what",
    "cohort": "group",
    "deep dive": "look closely",
    "drive": "make, or say how (not about cars)",
    "impactful": "it works, or say what it does",
    "overarching": "main",
    "streamline": "simplify",
}

BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "td", "th", "tr", "table", "caption", "section", "article", "aside", "header",
    "footer", "nav", "main", "form", "fieldset", "legend", "label", "button", "option",
    "select", "textarea", "blockquote", "details", "summary", "br", "hr", "title",
    "figcaption", "figure", "input",
}  # fmt: skip
READ_ALOUD_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")

TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)
TEMPLATE_TAG = re.compile(r"{%.*?%}", re.DOTALL)
TEMPLATE_VARIABLE = re.compile(r"{{.*?}}", re.DOTALL)
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\s+[·–—]\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d[\d,.]*")
BOUNDARY = "\ue000"  # stands for a template tag; ends a fragment in text, ignored in tags


@dataclass
class _TextCollector(HTMLParser):
    fragments: list[str] = field(default_factory=list)
    _skip: int = 0
    _current: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.fragments.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "pre", "code"):
            self._skip += 1
        for name, value in attrs:
            value = (value or "").replace(BOUNDARY, " ")
            if name in READ_ALOUD_ATTRIBUTES and value.strip():
                self.fragments.append(" ".join(value.split()))
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "pre", "code"):
            self._skip = max(0, self._skip - 1)
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        first, *rest = data.split(BOUNDARY)
        self._current.append(first)
        for piece in rest:
            self._flush()
            self._current.append(piece)

    def close(self) -> None:
        super().close()
        self._flush()


def visible_text(template_source: str) -> list[str]:
    """The text a person sees or hears from a template, one fragment per block of text.

    Template tags end a fragment (they usually wrap a separate piece of the page);
    template variables are what people wrote or data, not interface text, and are left out.
    """
    source = TEMPLATE_COMMENT.sub(" ", template_source)
    source = TEMPLATE_TAG.sub(BOUNDARY, source)
    source = TEMPLATE_VARIABLE.sub(" ", source)
    collector = _TextCollector()
    collector.feed(source)
    collector.close()
    return [f for f in collector.fragments if WORD.search(f)]


def sentences(fragments: list[str]) -> list[str]:
    out: list[str] = []
    for fragment in fragments:
        out.extend(s.strip() for s in SENTENCE_END.split(fragment) if WORD.search(s))
    return out


def words(text: str) -> list[str]:
    return WORD.findall(text)


def syllables(word: str) -> int:
    word = word.lower().strip("’'-")
    if not word or word[0].isdigit():
        return 1
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if (
        word.endswith(("ed", "es"))
        and count > 1
        and not word.endswith(("ted", "ded", "ses", "ces", "zes", "ges", "xes"))
    ):
        count -= 1
    return max(1, count)


def flesch_reading_ease(parts: list[str]) -> float:
    """Flesch reading ease over sentences: 60 to 70 is plain English, higher is easier."""
    all_words = [w for s in parts for w in words(s)]
    if not all_words:
        return 100.0
    per_sentence = len(all_words) / len(parts)
    per_word = sum(syllables(w) for w in all_words) / len(all_words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word


def jargon_in(text: str) -> list[tuple[str, str]]:
    found = []
    lowered = text.lower()
    for phrase, instead in JARGON.items():
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered):
            found.append((phrase, instead))
    return found
