"""The sentences of the board report. Each states its numbers, and each rule is said once.

Pure functions of what :func:`analysis.reports.build_report` gathered: no queries. The
rules themselves live in :mod:`opinion_core.findings`; this module only puts them and
their numbers into words, in the language of the request. No sentence says "most
people": a share is always given as "X of the N people who voted on it", and when fewer
than half of the people counted voted on a statement, the sentence says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

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
    "themes_languages_rule",
    "themes_rule",
    "who_is_counted",
    "with_reweighted",
]

VERB = {"agree": "agreed", "disagree": "disagreed"}
# Both in English here, as tests and the browser read them; each is said through gettext.
STABILITY_WARNING = gettext_noop("These groups are not stable: read them with care")
# Translators: the label of figures weighed as if the people who voted matched the area's
# mix of relationships to care; the report's sentences quote it.
REWEIGHTED = gettext_noop("Reweighted to the area's mix")


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


def _voters(item: dict[str, Any], count: dict[str, Any], *, start: bool = False) -> str:
    """``of the 90 people who voted on it``, and whether that is fewer than half;
    ``Of the …`` to ``start`` a sentence."""
    values = {"n": number(item["n"])}
    if not item.get("voted_by_half", False) and count.get("people_counted"):
        values["counted"] = number(count["people_counted"])
        if start:
            return (
                _(
                    "Of the %(n)s people who voted on it (fewer than half of the %(counted)s "
                    "people counted)"
                )
                % values
            )
        return (
            _(
                "of the %(n)s people who voted on it (fewer than half of the %(counted)s "
                "people counted)"
            )
            % values
        )
    if start:
        return _("Of the %(n)s people who voted on it") % values
    return _("of the %(n)s people who voted on it") % values


def _votes(counts: dict[str, Any]) -> str:
    return _("%(agree)s agreed, %(disagree)s disagreed and %(pass)s passed") % {
        "agree": number(counts["agree"]),
        "disagree": number(counts["disagree"]),
        "pass": number(counts["pass"]),
    }


def who_is_counted(count: dict[str, Any]) -> str:
    """The rule for who and what the report counts: said once, in "About this analysis"."""
    values = {
        "people": number(count["people"]),
        "statements": number(count["statements"]),
        "counted": number(count["people_counted"]),
        "min_votes": number(count["min_votes"]),
        "votes": number(count["votes_counted"]),
    }
    if count.get("statements_moderated_out"):
        values["moderated_out"] = number(count["statements_moderated_out"])
        voted = (
            _(
                "%(people)s people voted on the %(statements)s statements (votes on "
                "%(moderated_out)s statements removed by moderation are left out)."
            )
            % values
        )
    else:
        voted = _("%(people)s people voted on the %(statements)s statements.") % values
    if count["people_counted"] <= count["min_participants"]:
        values["min_participants"] = number(count["min_participants"])
        counted = (
            _(
                "This report counts the %(counted)s of them who voted on at least "
                "%(min_votes)s statements (a pass counts as a vote), or, while fewer than "
                "%(min_participants)s people had, the most active others and so were placed "
                "in a group of people who voted in a similar way, and their %(votes)s votes."
            )
            % values
        )
    else:
        counted = (
            _(
                "This report counts the %(counted)s of them who voted on at least "
                "%(min_votes)s statements (a pass counts as a vote) and so were placed in a "
                "group of people who voted in a similar way, and their %(votes)s votes."
            )
            % values
        )
    rest = _(
        "A vote changed after the consultation closed is not counted. Every number below "
        "counts only these people and votes."
    )
    return f"{voted} {counted} {rest}"


def count_line(count: dict[str, Any], n_groups: int) -> Line:
    return Line(
        _(
            "%(counted)s of the %(people)s people who voted are counted, in %(groups)s groups "
            "of people who voted in a similar way; they cast %(votes)s votes on "
            "%(statements)s statements."
        )
        % {
            "counted": number(count["people_counted"]),
            "people": number(count["people"]),
            "groups": number(n_groups),
            "votes": number(count["votes_counted"]),
            "statements": number(count["statements"]),
        },
        (Link("#who-is-counted", _("who is counted")), Link("#groups-table", _("the groups"))),
    )


def common_ground_rule(count: dict[str, Any], n_listed: int, min_group_size: int) -> str:
    # Translators: "at least half of the people counted voted on it".
    share = _("half") if MIN_SHARE_VOTED == 0.5 else f"{MIN_SHARE_VOTED:.0%}"
    rule = _(
        # Translators: %(share)s is "half", or a share such as "60%".
        "A statement is common ground when the groups do not divide on it, at least "
        "%(share)s of the people counted voted on it, and most of those who voted agreed "
        "(or most disagreed) in every group of %(size)s or more people and overall, each "
        "clearly enough to pass Pol.is's consensus test."
    ) % {"share": share, "size": min_group_size}
    values = {
        "common_ground": number(count["common_ground"]),
        "statements": number(count["statements"]),
        "listed": number(n_listed),
    }
    if count["common_ground"] > n_listed:
        found = (
            _(
                "%(common_ground)s of the %(statements)s statements are common ground; the "
                "table shows the %(listed)s clearest."
            )
            % values
        )
    else:
        found = _("%(common_ground)s of the %(statements)s statements are common ground.") % values
    return f"{rule} {found}"


def divided_rule(count: dict[str, Any], n_listed: int, min_group_size: int) -> str:
    rule = _(
        "The groups divide on a statement when, among the groups of %(size)s or more "
        "people, more of one group's voters agreed than disagreed and more of another's "
        "disagreed than agreed, the gap between them is wide (their net agreement is at "
        "least %(gap)s apart on a scale from -1 to 1) and it passes Pol.is's test of a "
        "group that differs from the others. A statement the groups divide on is never "
        "common ground."
    ) % {"size": min_group_size, "gap": f"{2 * MIN_DIVISIVENESS:.1f}"}
    values = {
        "divisive": number(count["divisive"]),
        "statements": number(count["statements"]),
        "listed": number(n_listed),
    }
    if count["divisive"] > n_listed:
        found = (
            _(
                "The groups divide on %(divisive)s of the %(statements)s statements; the "
                "table shows the %(listed)s most divided."
            )
            % values
        )
    else:
        found = _("The groups divide on %(divisive)s of the %(statements)s statements.") % values
    return f"{rule} {found}"


def dissent_rule() -> str:
    return _(
        "A group goes against the common ground when more of its voters voted the other way "
        "than this way; passes are not counted."
    )


def common_ground_line(item: dict[str, Any], count: dict[str, Any]) -> Line:
    direction = item["direction"]
    values = {
        "count": number(item[direction]),
        "voters": _voters(item, count),
        "statement": quoted(item["text"]),
    }
    if direction == "agree":
        # Translators: %(voters)s is "of the 90 people who voted on it", perhaps followed by
        # "(fewer than half of the 200 people counted)".
        text = _("Common ground: %(count)s %(voters)s agreed that %(statement)s.") % values
    else:
        text = _("Common ground: %(count)s %(voters)s disagreed that %(statement)s.") % values
    return Line(text, (Link(f"#{item['anchor']}", _("row in the common ground table")),))


def no_common_ground_line(count: dict[str, Any]) -> Line:
    return Line(
        _("None of the %(statements)s statements is common ground.")
        % {"statements": number(count["statements"])},
        (Link("#consensus-heading", _("what counts as common ground")),),
    )


def divided_line(item: dict[str, Any], count: dict[str, Any]) -> Line:
    parts = [
        _(
            # Translators: one group's votes on a statement, as in "in Group A 3 agreed, 9
            # disagreed and 1 passed".
            "in %(group)s %(votes)s"
        )
        % {"group": row["name"], "votes": _votes(row)}
        for row in item["groups"]
    ]
    # Translators: %(voters)s is "Of the 90 people who voted on it", perhaps followed by
    # "(fewer than half of the 200 people counted)"; %(votes)s is how each group voted.
    text = _("The groups divide on %(statement)s. %(voters)s, %(votes)s.") % {
        "statement": quoted(item["text"]),
        "voters": _voters(item, count, start=True),
        "votes": "; ".join(parts) if parts else _votes(item),
    }
    links = [Link(f"#{item['anchor']}", _("row in the table of division"))]
    for row in item["groups"]:
        if row["quotes_anchor"]:
            links.append(
                Link(
                    f"#{row['quotes_anchor']}",
                    _("%(group)s in their own words") % {"group": row["name"]},
                )
            )
    return Line(text, tuple(links))


def group_line(group: dict[str, Any]) -> Line:
    top = group["representative"][0]
    direction = top["direction"]
    values = {
        "group": group["name"],
        "size": number(group["size"]),
        "statement": quoted(top["text"]),
        "count": number(top[direction]),
        "n": number(top["n"]),
    }
    if direction == "agree":
        text = (
            _(
                "%(group)s (%(size)s people) stands out on %(statement)s: %(count)s of the "
                "%(n)s of them who voted on it agreed."
            )
            % values
        )
    else:
        text = (
            _(
                "%(group)s (%(size)s people) stands out on %(statement)s: %(count)s of the "
                "%(n)s of them who voted on it disagreed."
            )
            % values
        )
    links = [
        Link(
            f"#{top['anchor']}",
            _("row in the table of %(group)s") % {"group": group["name"]},
        )
    ]
    if group["quotes"]:
        links.append(
            Link(
                f"#{group['anchor']}-quotes",
                _("%(group)s in their own words") % {"group": group["name"]},
            )
        )
    return Line(text, tuple(links))


def dissent_text(dissent: dict[str, Any]) -> str:
    item, counts = dissent["statement"], dissent["counts"]
    return _("%(group)s goes against the common ground on %(statement)s: %(votes)s.") % {
        "group": dissent["group"]["name"],
        "statement": quoted(item["text"]),
        "votes": _votes(counts),
    }


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
            "figure": _("Stability: not measured for this analysis."),
            "sentence": "",
        }
    mean = float(measure["mean"])
    weak_below = float(measure.get("weak_below", WEAK_BELOW))
    weak = bool(measure.get("weak", mean < weak_below))
    share = round(100 * (1 - float(measure.get("fraction", 0.8))))
    times = int(measure.get("n_resamples", 0))
    sentence = _(
        "We grouped the people again %(times)s times, each time leaving out a random "
        "%(share)s%% of them, and the new groups matched these by %(mean)s on average, where "
        "1 means the same groups every time and 0 no more alike than chance; below "
        "%(weak_below)s we call the groups not stable."
    ) % {
        "times": number(times),
        "share": share,
        "mean": f"{mean:.2f}",
        "weak_below": f"{weak_below:.2f}",
    }
    return {
        "measure": measure,
        "weak": weak,
        "warning": _(STABILITY_WARNING),
        "figure": _("Stability: %(mean)s (1 means the same groups every time).")
        % {"mean": f"{mean:.2f}"},
        "sentence": sentence,
    }


def bridging_rule() -> str:
    return _(
        "A statement bridges the divide when people agree with it whichever side of the "
        "main divide between the groups they are on. Its bridging score is the agreement "
        "left once each person's side and how readily they agree are accounted for, as "
        "Community Notes scores notes; passes are not counted. Listed here: scores of at "
        "least %(score)s from at least %(votes)s agree or disagree votes, that lean to "
        "neither side (side factor below %(factor)s), highest first. The counts are of the "
        "people counted."
    ) % {
        "score": f"{MIN_INTERCEPT:.2f}",
        "votes": number(MIN_VOTES),
        "factor": f"{MAX_FACTOR:.1f}",
    }


def _percent_votes(shares: dict[str, Any]) -> str:
    return _("%(agree)s%% agreed, %(disagree)s%% disagreed and %(pass)s%% passed") % {
        "agree": shares["agree"],
        "disagree": shares["disagree"],
        "pass": shares["pass"],
    }


def reweighting_rule(participation: dict[str, Any]) -> str:
    """How figures are reweighted to the area's mix, and the limits of it: said once, in
    "Who took part". Empty when the consultation gives no mix."""
    area, weights = participation["area"], participation["weights"]
    if area is None or weights is None:
        return ""
    label = _(REWEIGHTED)
    source = area.source.strip().rstrip(".")
    if area.source.strip():
        labelled = _(
            # Translators: %(label)s is "Reweighted to the area's mix"; %(source)s is where
            # the consultation's officer says the area's figures come from.
            "Figures labelled “%(label)s” show the votes as if the people who voted "
            "matched the area's mix of relationships to care (source: %(source)s)."
        ) % {"label": label, "source": source}
    else:
        labelled = _(
            "Figures labelled “%(label)s” show the votes as if the people who voted "
            "matched the area's mix of relationships to care."
        ) % {"label": label}
    how = _(
        "In each figure, each person counts as their relationship's share of the area "
        "divided by its share of the people who voted. Only the %(people)s people counted "
        "who said how they relate to care are reweighted; people who did not say are left "
        "out of reweighted figures. No one counts for more than %(max_weight)s people, so a "
        "relationship with very few people here still counts for less than its share of the "
        "area. Reweighted shares are rounded to whole per cent, so they may not add up to 100."
    ) % {"people": number(weights.people), "max_weight": f"{participation['max_weight']:g}"}
    text = f"{labelled} {how}"
    missing = participation["missing_labels"]
    if missing:
        names = f"“{missing[0]}”"
        for other in missing[1:]:
            # Translators: joins the relationships to care nobody chose: “Care workers” or
            # “Unpaid carers”.
            names = _("%(names)s or %(name)s") % {"names": names, "name": f"“{other}”"}
        text += " " + ngettext(
            "Nobody counted chose %(names)s. A relationship with nobody taking part cannot be "
            "reweighted, so that relationship cannot be: its share of the area is spread over "
            "the others.",
            "Nobody counted chose %(names)s. A relationship with nobody taking part cannot be "
            "reweighted, so these cannot be: their share of the area is spread over the "
            "others.",
            len(missing),
        ) % {"names": names}
    return (
        text
        + " "
        + _(
            "Reweighting changes how much each vote counts, not what anyone said: it cannot "
            "tell what people who did not take part would have said."
        )
    )


def no_area_mix() -> str:
    return _(
        "The consultation does not give the area's mix of relationships to care, so no "
        "figure is reweighted."
    )


def reweighted_cell(shares: dict[str, Any] | None) -> str:
    """A reweighted statement in a table cell: its agree, disagree and pass per cent."""
    return _percent_votes(shares) if shares else _("Not available for this analysis")


def with_reweighted(line: Line, sentence: str) -> Line:
    """A summary line with its reweighted figure after it, linked to how it is made."""
    if not sentence:
        return line
    return Line(
        f"{line.text} {sentence}", (*line.links, Link("#who-took-part", _("who took part")))
    )


def reweighted_statement(item: dict[str, Any], *, divided: bool = False) -> str:
    """``Reweighted to the area's mix: 61% agreed.`` for a summary line, in the line's
    direction; all three figures for a statement the groups divide on."""
    shares = item.get("reweighted")
    if not shares:
        return ""
    direction = item.get("direction")
    label = _(REWEIGHTED)
    if direction in VERB and not divided:
        values = {"label": label, "percent": shares[direction]}
        if direction == "agree":
            # Translators: %(label)s is "Reweighted to the area's mix".
            return _("%(label)s: %(percent)s%% agreed.") % values
        return _("%(label)s: %(percent)s%% disagreed.") % values
    # Translators: %(label)s is "Reweighted to the area's mix"; %(votes)s is "61% agreed,
    # 30% disagreed and 9% passed".
    return _("%(label)s: %(votes)s.") % {"label": label, "votes": _percent_votes(shares)}


def reweighted_group(group: dict[str, Any]) -> str:
    share = group.get("share")
    if not share:
        return ""
    return _(
        # Translators: %(label)s is "Reweighted to the area's mix".
        "%(label)s, %(group)s is %(reweighted)s%% of the people counted (%(percent)s%% as counted)."
    ) % {
        "label": _(REWEIGHTED),
        "group": group["name"],
        "reweighted": share["reweighted"],
        "percent": share["percent"],
    }


def themes_rule(themes: dict[str, Any] | None) -> str:
    """Where the run found its themes, and who is counted behind each, said once.

    A run made before themes said their source found them in messages."""
    if not themes:
        return ""
    analysed = number(int(themes.get("n_analysed", 0)))
    if themes.get("source") == "statements":
        messages = int(themes.get("n_messages", 0))
        values = {
            "analysed": analysed,
            "messages": number(messages),
            "min_texts": number(int(themes.get("min_texts", 0))),
        }
        if messages == 0:
            return (
                _(
                    "Themes were found in the %(analysed)s statements people voted on, because "
                    "few people wrote messages (nobody wrote one; themes need at least "
                    "%(min_texts)s). The people behind a theme are those who agreed with at "
                    "least one of its statements."
                )
                % values
            )
        return (
            _(
                "Themes were found in the %(analysed)s statements people voted on, because few "
                "people wrote messages (%(messages)s were written; themes need at least "
                "%(min_texts)s). The people behind a theme are those who agreed with at least "
                "one of its statements."
            )
            % values
        )
    return _(
        "Themes were found in the %(analysed)s messages people wrote. The people behind a "
        "theme are those who wrote its messages."
    ) % {"analysed": analysed}


def language_name(code: str) -> str:
    """A language's name in the reader's language, for a sentence: "Welsh", "Cymraeg"."""
    try:
        return str(translation.get_language_info(code.split("-")[0])["name_translated"])
    except KeyError:
        return code


def themes_languages_rule(themes: dict[str, Any] | None, source: str | None) -> list[str]:
    """Where people wrote in more than one language: that themes were found in each
    language apart, and which languages had too few texts to find themes in. Nothing
    where they wrote in one, or for a run made before themes were found that way."""
    if not themes or len({*themes.get("languages", []), *themes.get("left_out", {})}) < 2:
        return []
    lines = [
        _(
            "Themes were found in each language on its own, so that no theme mixes "
            "languages: a language needs at least %(min_texts)s texts for its themes."
        )
        % {"min_texts": number(int(themes.get("min_texts", 0)))}
    ]
    for code, n in themes.get("left_out", {}).items():
        values = {"count": number(int(n)), "language": language_name(code)}
        if source == "statements":
            lines.append(
                ngettext(
                    "%(count)s statement was written in %(language)s: too few to find themes in.",
                    "%(count)s statements were written in %(language)s: too few to find themes in.",
                    int(n),
                )
                % values
            )
        else:
            lines.append(
                ngettext(
                    "%(count)s message was written in %(language)s: too few to find themes in.",
                    "%(count)s messages were written in %(language)s: too few to find themes in.",
                    int(n),
                )
                % values
            )
    return lines


def theme_people(theme: dict[str, Any], source: str) -> str:
    """``12 people agreed with at least one of its 30 statements.``"""
    n = int(theme["people"])
    if source == "statements":
        statements = len(theme.get("statements", []))
        if statements == 1:
            return ngettext(
                "%(people)s person agreed with its statement.",
                "%(people)s people agreed with its statement.",
                n,
            ) % {"people": number(n)}
        return ngettext(
            "%(people)s person agreed with at least one of its %(statements)s statements.",
            "%(people)s people agreed with at least one of its %(statements)s statements.",
            n,
        ) % {"people": number(n), "statements": number(statements)}
    return ngettext(
        "%(people)s person wrote about this.", "%(people)s people wrote about this.", n
    ) % {"people": number(n)}


def theme_mix_caption(theme: dict[str, Any], source: str) -> str:
    """The caption of a theme's mix of relationships to care, naming who is counted."""
    if source == "statements":
        return _("How the people who agreed with statements on %(theme)s describe themselves") % {
            "theme": theme["label"]
        }
    return _("How the people who wrote about %(theme)s describe themselves") % {
        "theme": theme["label"]
    }
