"""The sections of a proposal: what each is called, how long it may be, in order.

Hearth's co-writing pages edit one section at a time; diffs, conflicts and suggestions
are all per section, so this list is the single description of a proposal's text.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    """One section; ``label`` and ``hint`` are read in the language of the page showing them."""

    name: str
    label: "StrOrPromise"
    hint: "StrOrPromise"
    max_length: int
    required: bool = False
    rows: int = 8


SECTIONS: tuple[Section, ...] = (
    Section("title", _("Title"), _("A short name for the proposal."), 120, required=True, rows=1),
    Section(
        "summary",
        _("Summary"),
        _("Two or three sentences: what you want to change and why."),
        600,
        True,
        4,
    ),
    Section(
        "easy_read_summary",
        _("Easy read summary"),
        _("Short sentences, one idea in each, in everyday words."),
        1200,
        rows=6,
    ),
    Section("problem", _("The problem"), _("What is wrong now, and who it affects."), 6000),
    Section("proposal", _("What we propose"), _("What should change, and how."), 8000),
    Section(
        "goal",
        _("Measurable goal"),
        _("How we will know it has worked: a number, a date."),
        1000,
        rows=4,
    ),
    Section("first_steps", _("First steps"), _("What could start in the next year."), 3000),
    Section(
        "milestone_2_years",
        _("In 2 years"),
        _("What will be different after 2 years."),
        2000,
        rows=4,
    ),
    Section(
        "milestone_5_years",
        _("In 5 years"),
        _("What will be different after 5 years."),
        2000,
        rows=4,
    ),
    Section(
        "milestone_10_years",
        _("In 10 years"),
        _("What will be different after 10 years."),
        2000,
        rows=4,
    ),
    Section(
        "who_acts",
        _("Who needs to act"),
        _("Government, councils, the NHS, providers, communities: who does what."),
        3000,
    ),
    Section(
        "cost",
        _("Cost and how it would be paid for"),
        _("What it would cost, and where the money comes from."),
        3000,
    ),
    Section(
        "evidence",
        _("Evidence and where it already works"),
        _("Research, and places that already do this."),
        6000,
    ),
)

SECTION_NAMES = tuple(section.name for section in SECTIONS)
BY_NAME = {section.name: section for section in SECTIONS}


def get_section(name: str) -> Section:
    try:
        return BY_NAME[name]
    except KeyError:
        raise LookupError(f"No section called {name!r}") from None


def section_label(name: str) -> str:
    """A section's label for people; a name no longer in the list is shown as it is
    rather than failing a page that lists old revisions."""
    section = BY_NAME.get(name)
    return str(section.label) if section else name
