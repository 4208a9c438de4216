"""The sentences of the board report. Each states its numbers, and each rule is said once.

Pure functions of what :func:`analysis.reports.build_report` gathered: no queries. The
rules themselves live in :mod:`opinion_core.findings`; this module only puts them and
their numbers into words. No sentence says "most people": a share is always given as
"X of the N people who voted on it", and when fewer than half of the people counted
voted on a statement, the sentence says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opinion_core.bridging import MAX_FACTOR, MIN_INTERCEPT, MIN_VOTES
from opinion_core.findings import MIN_DIVISIVENESS, MIN_SHARE_VOTED
from opinion_core.stability import WEAK_BELOW

__all__ = [
    "REWEIGHTED",
    "STABILITY_WARNING",
    "Line",
    "Link",
    "bridging_rule",
    "common_ground_line",
    "common_ground_rule",
    "count_line",
    "dissent_rule",
    "dissent_text",
    "divided_line",
    "divided_rule",
    "group_line",
    "no_area_mix",
    "no_common_ground_line",
    "number",
    "quoted",
    "reweighted_cell",
    "reweighted_group",
    "reweighted_statement",
    "reweighting_rule",
    "stability",
    "theme_mix_caption",
    "theme_people",
    "themes_rule",
    "who_is_counted",
    "with_reweighted",
]

VERB = {"agree": "agreed", "disagree": "disagreed"}
STABILITY_WARNING = "These groups are not stable: read them with care"


@dataclass(frozen=True)
class Link:
    """A link from a summary line to what it summarises: a table row or quotes."""

    href: str
    label: str


@dataclass(frozen=True)
class Line:
    """One line of the summary: its sentence and the links to what is behind it."""

    text: str
    links: tuple[Link, ...]


def number(n: int) -> str:
    """A count as the report prints it everywhere: ``2,031``."""
    return f"{n:,}"


def quoted(text: str) -> str:
    """A statement in quotation marks inside a sentence that ends after it: its own full
    stop goes, so the sentence does not end with two."""
    return f"“{text.rstrip().removesuffix('.')}”"


def _voters(item: dict[str, Any], count: dict[str, Any]) -> str:
    """``of the 90 people who voted on it``, and whether that is fewer than half."""
    text = f"of the {number(item['n'])} people who voted on it"
    if not item.get("voted_by_half", False) and count.get("people_counted"):
        text += f" (fewer than half of the {number(count['people_counted'])} people counted)"
    return text


def _votes(counts: dict[str, Any]) -> str:
    return (
        f"{number(counts['agree'])} agreed, {number(counts['disagree'])} disagreed "
        f"and {number(counts['pass'])} passed"
    )


def who_is_counted(count: dict[str, Any]) -> str:
    """The rule for who and what the report counts: said once, in "About this analysis"."""
    text = f"{number(count['people'])} people voted on the {number(count['statements'])} statements"
    if count.get("statements_moderated_out"):
        text += (
            f" (votes on {number(count['statements_moderated_out'])} statements removed by "
            "moderation are left out)"
        )
    text += (
        f". This report counts the {number(count['people_counted'])} of them who voted on at "
        f"least {number(count['min_votes'])} statements (a pass counts as a vote)"
    )
    if count["people_counted"] <= count["min_participants"]:
        text += (
            f", or, while fewer than {number(count['min_participants'])} people had, the most "
            "active others"
        )
    text += (
        " and so were placed in a group of people who voted in a similar way, and their "
        f"{number(count['votes_counted'])} votes. A vote changed after the consultation "
        "closed is not counted. Every number below counts only these people and votes."
    )
    return text


def count_line(count: dict[str, Any], n_groups: int) -> Line:
    return Line(
        f"{number(count['people_counted'])} of the {number(count['people'])} people who voted "
        f"are counted, in {number(n_groups)} groups of people who voted in a similar way; they "
        f"cast {number(count['votes_counted'])} votes on {number(count['statements'])} "
        "statements.",
        (Link("#who-is-counted", "who is counted"), Link("#groups-table", "the groups")),
    )


def common_ground_rule(count: dict[str, Any], n_listed: int, min_group_size: int) -> str:
    share = "half" if MIN_SHARE_VOTED == 0.5 else f"{MIN_SHARE_VOTED:.0%}"
    text = (
        f"A statement is common ground when the groups do not divide on it, at least {share} "
        "of the people counted voted on it, and most of those who voted "
        f"agreed (or most disagreed) in every group of {min_group_size} or more people and "
        "overall, each clearly enough to pass Pol.is's consensus test. "
        f"{number(count['common_ground'])} of the {number(count['statements'])} statements are "
        "common ground"
    )
    if count["common_ground"] > n_listed:
        text += f"; the table shows the {number(n_listed)} clearest"
    return text + "."


def divided_rule(count: dict[str, Any], n_listed: int, min_group_size: int) -> str:
    text = (
        "The groups divide on a statement when, among the groups of "
        f"{min_group_size} or more people, more of one group's voters agreed than disagreed "
        "and more of another's disagreed than agreed, the gap between them is wide (their net "
        f"agreement is at least {2 * MIN_DIVISIVENESS:.1f} apart on a scale from -1 to 1) and "
        "it passes Pol.is's test of a group that differs from the others. A statement the "
        "groups divide on is never common ground. "
        f"The groups divide on {number(count['divisive'])} of the "
        f"{number(count['statements'])} statements"
    )
    if count["divisive"] > n_listed:
        text += f"; the table shows the {number(n_listed)} most divided"
    return text + "."


def dissent_rule() -> str:
    return (
        "A group goes against the common ground when more of its voters voted the other way "
        "than this way; passes are not counted."
    )


def common_ground_line(item: dict[str, Any], count: dict[str, Any]) -> Line:
    direction = item["direction"]
    return Line(
        f"Common ground: {number(item[direction])} {_voters(item, count)} {VERB[direction]} "
        f"that {quoted(item['text'])}.",
        (Link(f"#{item['anchor']}", "row in the common ground table"),),
    )


def no_common_ground_line(count: dict[str, Any]) -> Line:
    return Line(
        f"None of the {number(count['statements'])} statements is common ground.",
        (Link("#consensus-heading", "what counts as common ground"),),
    )


def divided_line(item: dict[str, Any], count: dict[str, Any]) -> Line:
    parts = [f"in {row['name']} {_votes(row)}" for row in item["groups"]]
    voters = _voters(item, count)
    text = f"The groups divide on {quoted(item['text'])}. {voters[0].upper()}{voters[1:]}"
    text += f", {'; '.join(parts)}." if parts else f", {_votes(item)}."
    links = [Link(f"#{item['anchor']}", "row in the table of division")]
    for row in item["groups"]:
        if row["quotes_anchor"]:
            links.append(Link(f"#{row['quotes_anchor']}", f"{row['name']} in their own words"))
    return Line(text, tuple(links))


def group_line(group: dict[str, Any]) -> Line:
    top = group["representative"][0]
    direction = top["direction"]
    text = (
        f"{group['name']} ({number(group['size'])} people) stands out on {quoted(top['text'])}: "
        f"{number(top[direction])} of the {number(top['n'])} of them who voted on it "
        f"{VERB[direction]}."
    )
    links = [Link(f"#{top['anchor']}", f"row in the table of {group['name']}")]
    if group["quotes"]:
        links.append(Link(f"#{group['anchor']}-quotes", f"{group['name']} in their own words"))
    return Line(text, tuple(links))


def dissent_text(dissent: dict[str, Any]) -> str:
    item, counts = dissent["statement"], dissent["counts"]
    return (
        f"{dissent['group']['name']} goes against the common ground on "
        f"{quoted(item['text'])}: {_votes(counts)}."
    )


def stability(measure: dict[str, Any] | None) -> dict[str, Any]:
    """What the report says about how stable the groups are (see
    :mod:`opinion_core.stability`): the figure, said always, and whether to warn first.

    A run made before stability was measured has no measure: the figure says so, and
    there is no warning.
    """
    if not isinstance(measure, dict) or measure.get("mean") is None:
        return {
            "measure": None,
            "weak": False,
            "warning": "",
            "figure": "Stability: not measured for this analysis.",
            "sentence": "",
        }
    mean = float(measure["mean"])
    weak_below = float(measure.get("weak_below", WEAK_BELOW))
    weak = bool(measure.get("weak", mean < weak_below))
    share = round(100 * (1 - float(measure.get("fraction", 0.8))))
    times = int(measure.get("n_resamples", 0))
    sentence = (
        f"We grouped the people again {number(times)} times, each time leaving out a "
        f"random {share}% of them, and the new groups matched these by {mean:.2f} on "
        f"average, where 1 means the same groups every time and 0 no more alike than "
        f"chance; below {weak_below:.2f} we call the groups not stable."
    )
    return {
        "measure": measure,
        "weak": weak,
        "warning": STABILITY_WARNING,
        "figure": f"Stability: {mean:.2f} (1 means the same groups every time).",
        "sentence": sentence,
    }


def bridging_rule() -> str:
    return (
        "A statement bridges the divide when people agree with it whichever side of the "
        "main divide between the groups they are on. Its bridging score is the agreement "
        "left once each person's side and how readily they agree are accounted for, as "
        "Community Notes scores notes; passes are not counted. Listed here: scores of at "
        f"least {MIN_INTERCEPT:.2f} from at least {number(MIN_VOTES)} agree or disagree "
        f"votes, that lean to neither side (side factor below {MAX_FACTOR:.1f}), highest "
        "first. The counts are of the people counted."
    )


REWEIGHTED = "Reweighted to the area's mix"


def _percent_votes(shares: dict[str, Any]) -> str:
    return (
        f"{shares['agree']}% agreed, {shares['disagree']}% disagreed and {shares['pass']}% passed"
    )


def reweighting_rule(participation: dict[str, Any]) -> str:
    """How figures are reweighted to the area's mix, and the limits of it: said once, in
    "Who took part". Empty when the consultation gives no mix."""
    area, weights = participation["area"], participation["weights"]
    if area is None or weights is None:
        return ""
    source = f" (source: {area.source.strip().rstrip('.')})" if area.source.strip() else ""
    text = (
        f"Figures labelled “{REWEIGHTED}” show the votes as if the people who voted matched "
        f"the area's mix of relationships to care{source}. In each figure, each person "
        "counts as their relationship's share of the area divided by its share of the "
        f"people who voted. Only the {number(weights.people)} people counted who said how "
        "they relate to care are reweighted; people who did not say are left out of "
        f"reweighted figures. No one counts for more than {participation['max_weight']:g} "
        "people, so a relationship with very few people here still counts for less than "
        "its share of the area. Reweighted shares are rounded to whole per cent, so they may "
        "not add up to 100."
    )
    missing = participation["missing_labels"]
    if missing:
        names = " or ".join(f"“{label}”" for label in missing)
        which, its = ("that relationship", "its") if len(missing) == 1 else ("these", "their")
        text += (
            f" Nobody counted chose {names}. A relationship with nobody taking part cannot be "
            f"reweighted, so {which} cannot be: {its} share of the area is spread over the "
            "others."
        )
    return text + (
        " Reweighting changes how much each vote counts, not what anyone said: it cannot "
        "tell what people who did not take part would have said."
    )


def no_area_mix() -> str:
    return (
        "The consultation does not give the area's mix of relationships to care, so no "
        "figure is reweighted."
    )


def reweighted_cell(shares: dict[str, Any] | None) -> str:
    """A reweighted statement in a table cell: its agree, disagree and pass per cent."""
    return _percent_votes(shares) if shares else "Not available for this analysis"


def with_reweighted(line: Line, sentence: str) -> Line:
    """A summary line with its reweighted figure after it, linked to how it is made."""
    if not sentence:
        return line
    return Line(f"{line.text} {sentence}", (*line.links, Link("#who-took-part", "who took part")))


def reweighted_statement(item: dict[str, Any], *, divided: bool = False) -> str:
    """``Reweighted to the area's mix: 61% agreed.`` for a summary line, in the line's
    direction; all three figures for a statement the groups divide on."""
    shares = item.get("reweighted")
    if not shares:
        return ""
    direction = item.get("direction")
    if direction in VERB and not divided:
        return f"{REWEIGHTED}: {shares[direction]}% {VERB[direction]}."
    return f"{REWEIGHTED}: {_percent_votes(shares)}."


def reweighted_group(group: dict[str, Any]) -> str:
    share = group.get("share")
    if not share:
        return ""
    return (
        f"{REWEIGHTED}, {group['name']} is {share['reweighted']}% of the people counted "
        f"({share['percent']}% as counted)."
    )


def themes_rule(themes: dict[str, Any] | None) -> str:
    """Where the run found its themes, and who is counted behind each, said once.

    A run made before themes said their source found them in messages."""
    if not themes:
        return ""
    analysed = number(int(themes.get("n_analysed", 0)))
    if themes.get("source") == "statements":
        messages = int(themes.get("n_messages", 0))
        wrote = "nobody wrote one" if messages == 0 else f"{number(messages)} were written"
        return (
            f"Themes were found in the {analysed} statements people voted on, because few "
            f"people wrote messages ({wrote}; themes need at least "
            f"{number(int(themes.get('min_texts', 0)))}). The people behind a theme are "
            "those who agreed with at least one of its statements."
        )
    return (
        f"Themes were found in the {analysed} messages people wrote. The people behind a "
        "theme are those who wrote its messages."
    )


def theme_people(theme: dict[str, Any], source: str) -> str:
    """``12 people agreed with at least one of its 30 statements.``"""
    n = int(theme["people"])
    people = "1 person" if n == 1 else f"{number(n)} people"
    if source == "statements":
        statements = len(theme.get("statements", []))
        if statements == 1:
            return f"{people} agreed with its statement."
        return f"{people} agreed with at least one of its {number(statements)} statements."
    return f"{people} wrote about this."


def theme_mix_caption(theme: dict[str, Any], source: str) -> str:
    """The caption of a theme's mix of relationships to care, naming who is counted."""
    if source == "statements":
        return f"How the people who agreed with statements on {theme['label']} describe themselves"
    return f"How the people who wrote about {theme['label']} describe themselves"
