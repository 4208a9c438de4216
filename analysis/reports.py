"""The board report of a consultation, built from its latest good analysis run.

One place turns a stored run into what the page, the CSV and the JSON show, so the
three always carry the same numbers. Groups and themes of fewer than
:data:`SMALL_NUMBER` people are suppressed for the public (small numbers can
identify someone) and shown to the consultation's officers and board.

What the report says about statements (common ground, division, groups that go against
the common ground) is decided by the numeric core's one rule set
(:mod:`opinion_core.findings`) and counted over the people it counts (the run's
``count``); :mod:`analysis.report_text` words it. A run made before runs kept that count
(an *outdated* run) still shows its groups, map and themes, but no finding about
statements, which it made by older rules.
"""

from __future__ import annotations

import csv
import io
import re
import string
from typing import Any

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from accounts.models import RelationshipToCare
from analysis import report_text as say
from analysis.models import AnalysisRun
from analysis.opinion_map import map_sample
from analysis.participation import (
    AreaMix,
    reweighted_group_shares,
    reweighted_votes,
    who_took_part,
)
from analysis.selectors import contributions_by_language, run_details
from common.spreadsheets import safe_cell
from deliberation.languages import written_in
from deliberation.models import Message, Statement, StatementStatus
from opinion_core.findings import MIN_GROUP_SIZE, goes_against

SMALL_NUMBER = 5
# In English here (tests compare with it); said through gettext wherever it is shown.
SMALL_GROUP_TEXT = gettext_noop("a small group of fewer than 5 people")
QUOTES_PER_GROUP = 3
MAP_SIZE = 400
MAP_MARGIN = 20

# Each group is told apart by shape as well as colour (WCAG 1.4.1, use of colour).
# Colours from the GOV.UK palette, each at least 3:1 against white.
STYLES = [
    ("circle", "#1d70b8"),
    ("square", "#d4351c"),
    ("triangle", "#00703c"),
    ("diamond", "#4c2c92"),
    ("cross", "#b58840"),
    ("star", "#5694ca"),
]
# Translators: how someone describes their relationship to care when they did not say.
NOT_STATED = gettext_noop("Not stated")
# Corners of each polygon shape around (0, 0), for a point of radius 1.
UNIT_SHAPES: dict[str, list[tuple[float, float]]] = {
    "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
    "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
    "cross": [
        (-1, -0.35), (-0.35, -0.35), (-0.35, -1), (0.35, -1), (0.35, -0.35), (1, -0.35),
        (1, 0.35), (0.35, 0.35), (0.35, 1), (-0.35, 1), (-0.35, 0.35), (-1, 0.35),
    ],
    "star": [
        (0, -1.3), (0.4, -0.4), (1.3, 0), (0.4, 0.4), (0, 1.3), (-0.4, 0.4), (-1.3, 0),
        (-0.4, -0.4),
    ],
}  # fmt: skip


def group_letter(index: int) -> str:
    """The letter that tells a run's group apart: "A" for group 0."""
    return string.ascii_uppercase[index % 26]


def group_name(index: int) -> str:
    """A group's name everywhere a person reads it: "Group A" for the run's group 0."""
    # Translators: the name of an opinion group; %(letter)s is A, B, C and so on.
    return _("Group %(letter)s") % {"letter": group_letter(index)}


def shape_names(shape: str) -> tuple[str, str]:
    """A shape of the opinion map's marks in words, one and many: ("circle", "circles")."""
    names = {
        "circle": (
            pgettext("shape on the opinion map", "circle"),
            pgettext("shape on the opinion map", "circles"),
        ),
        "square": (
            pgettext("shape on the opinion map", "square"),
            pgettext("shape on the opinion map", "squares"),
        ),
        "triangle": (
            pgettext("shape on the opinion map", "triangle"),
            pgettext("shape on the opinion map", "triangles"),
        ),
        "diamond": (
            pgettext("shape on the opinion map", "diamond"),
            pgettext("shape on the opinion map", "diamonds"),
        ),
        "cross": (
            pgettext("shape on the opinion map", "cross"),
            pgettext("shape on the opinion map", "crosses"),
        ),
        "star": (
            pgettext("shape on the opinion map", "star"),
            pgettext("shape on the opinion map", "stars"),
        ),
    }
    return names.get(shape, (shape, f"{shape}s"))


def _mark(shape: str, x: float, y: float, r: float = 4.0) -> tuple[str, str]:
    """One person's mark on the map: the SVG element's name and its geometry attributes
    (numbers formatted here, so the attributes are plain text)."""
    if shape == "circle":
        return "circle", f'cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"'
    if shape == "square":
        side = f"{2 * r:.1f}"
        return "rect", f'x="{x - r:.1f}" y="{y - r:.1f}" width="{side}" height="{side}"'
    corners = " ".join(f"{x + r * dx:.1f},{y + r * dy:.1f}" for dx, dy in UNIT_SHAPES[shape])
    return "polygon", f'points="{corners}"'


def _anchor(*parts: object) -> str:
    """An id for an element of the page, from a section and (say) a statement id."""
    return "-".join(re.sub(r"[^a-z0-9_]+", "-", str(part).lower()) for part in parts)


def _statement_texts(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The text of each statement the run lists, with the language it is written in."""
    ids: set[str] = set()
    for group in result.get("groups", []):
        ids.update(item["statement"] for item in group["representative"])
    ids.update(item["statement"] for item in result.get("consensus", []))
    ids.update(item["statement"] for item in result.get("divisive", []))
    ids.update(item["statement"] for item in result.get("bridging") or [])
    numeric = [int(i) for i in ids if str(i).isdigit()]
    rows = Statement.objects.filter(pk__in=numeric).values_list("pk", "text", "language")
    return {str(pk): (text, language) for pk, text, language in rows}


def _statement(
    item: dict[str, Any], texts: dict[str, tuple[str, str]], anchor: str
) -> dict[str, Any]:
    """A statement item of the run with its text (and the language it is written in), its
    row's id and all its counts."""
    agree, disagree = int(item.get("agree", 0)), int(item.get("disagree", 0))
    passes = int(item.get("pass", 0))
    text, language = texts.get(str(item["statement"]), (None, settings.LANGUAGE_CODE))
    return {
        **item,
        "agree": agree,
        "disagree": disagree,
        "pass": passes,
        "n": int(item.get("n", agree + disagree + passes)),
        "text": text if text is not None else _("Statement %(id)s") % {"id": item["statement"]},
        "language": language,
        "anchor": _anchor(anchor, item["statement"]),
    }


def _count(result: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The run's one count, and whether the run kept it (is current). An outdated run's
    totals stand in for the header and summary, so those two still agree."""
    count = result.get("count")
    if isinstance(count, dict):
        return count, True
    return {
        "people": result.get("n_participants", 0),
        "people_counted": result.get("n_clustered", 0),
        "statements": result.get("n_statements", 0),
        "votes": result.get("n_votes", 0),
    }, False


def _by_group_rows(item: dict[str, Any], shown: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The statement's counts in each group shown to this reader, in group order."""
    rows = []
    for counts in item.get("by_group", []):
        group = shown.get(counts["group"])
        if group is not None:
            rows.append(
                {
                    "name": group["name"],
                    "agree": counts.get("agree", 0),
                    "disagree": counts.get("disagree", 0),
                    "pass": counts.get("pass", 0),
                    "quotes_anchor": f"{group['anchor']}-quotes" if group["quotes"] else "",
                }
            )
    return rows


def build_report(
    run: AnalysisRun, *, see_small: bool, area: AreaMix | None = None
) -> dict[str, Any]:
    """What the report shows of ``run``: count, who took part, groups, map, common ground,
    division, dissent, themes, and a summary whose every line gives its numbers and links.
    With the ``area``'s mix of relationships to care, each headline and group figure is
    given reweighted to it too (:mod:`analysis.participation`).

    Three queries: statement texts, group quotes, and which theme quotes are still
    visible; one more, for who is in which group (the run's details), where there are
    messages to quote, and two for a run made before runs counted contributions by language.
    How each group's people describe their relationship to care was counted when the run
    was made (:func:`analysis.selectors.relationship_mix`).
    """
    result: dict[str, Any] = run.result or {}
    count, current = _count(result)
    texts = _statement_texts(result)
    mixes: dict[str, dict[str, int]] = result.get("relationships", {})
    quotes = _group_quotes(run, [group["id"] for group in result.get("groups", [])])

    groups: list[dict[str, Any]] = []
    for group in result.get("groups", []):
        g = group["id"]
        shape, colour = STYLES[g % len(STYLES)]
        small = group["size"] < SMALL_NUMBER
        mix = mixes.get(str(g), {})
        name = group_name(g)
        # The same in every language: "group-a".
        anchor = _anchor("group", group_letter(g))
        groups.append(
            {
                "id": g,
                "name": name,
                "anchor": anchor,
                "size": group["size"],
                "small": small,
                "shown": see_small or not small,
                "shape": shape,
                "shape_name": shape_names(shape)[0],
                "colour": colour,
                "relationships": _relationship_rows(mix),
                "representative": [_statement(it, texts, anchor) for it in group["representative"]],
                "quotes": quotes.get(g, []),
            }
        )
    shown = {group["id"]: group for group in groups if group["shown"]}

    consensus: list[dict[str, Any]] = []
    divisive: list[dict[str, Any]] = []
    dissent: list[dict[str, Any]] = []
    if current:  # an outdated run's lists were chosen by older rules: not shown
        consensus = [_statement(it, texts, "common-ground") for it in result.get("consensus", [])]
        divisive = [
            {**_statement(it, texts, "divided"), "groups": _by_group_rows(it, shown)}
            for it in result.get("divisive", [])
        ]
        for item in consensus:
            for counts in item.get("by_group", []):
                against = shown.get(counts["group"])
                agree, disagree = counts.get("agree", 0), counts.get("disagree", 0)
                if against is not None and goes_against(item["direction"], agree, disagree):
                    dissent.append(
                        {
                            "statement": item,
                            "group": against,
                            "counts": {**counts, "agree": agree, "disagree": disagree},
                            "anchor": _anchor("against", item["statement"], against["anchor"]),
                        }
                    )
    for d in dissent:
        d["text"] = say.dissent_text(d)

    participation = who_took_part(result, area)
    group_shares = reweighted_group_shares(result, participation["weights"])
    for entry in groups:
        entry["share"] = group_shares.get(entry["id"]) if entry["shown"] else None
    kept_votes = result.get("votes_by_relationship", {})
    for listed in (*consensus, *divisive):
        listed["reweighted"] = reweighted_votes(listed["statement"], kept_votes, area)
        listed["reweighted_text"] = say.reweighted_cell(listed["reweighted"])

    themes = []
    theme_result = result.get("themes") or {}
    # A run made before themes said their source found them in messages.
    theme_source = theme_result.get("source", "messages") if theme_result else None
    still_said = _still_visible(run.thread_id, theme_result.get("themes", []), theme_source)
    for theme in theme_result.get("themes", []):
        people = int(theme.get("people", len(theme.get("authors", []))))
        small = people < SMALL_NUMBER
        entry = {
            # A run made before themes were found in each language apart: all in the
            # default language, as every contribution then was.
            "language": settings.LANGUAGE_CODE,
            **theme,
            "quotes": [q for q in theme.get("quotes", []) if q["text"] in still_said],
            "people": people,
            "small": small,
            "shown": see_small or not small,
            "group_shares": _theme_shares(theme, shown),
            "relationships": _relationship_rows(theme.get("relationships", {})),
        }
        entry["people_text"] = say.theme_people(entry, theme_source or "messages")
        entry["mix_caption"] = say.theme_mix_caption(entry, theme_source or "messages")
        themes.append(entry)

    common_ground_ids = {str(item["statement"]) for item in consensus}
    bridging = _bridging(result, texts, common_ground_ids)

    min_group_size = int(count.get("min_group_size", MIN_GROUP_SIZE))
    return {
        "run": run,
        "current": current,
        "count": count,
        "n_participants": result.get("n_participants", 0),
        "n_statements": result.get("n_statements", 0),
        "n_votes": result.get("n_votes", 0),
        "n_clustered": result.get("n_clustered", 0),
        "header": _("%(votes)s votes by %(people)s people on %(statements)s statements")
        % {
            "votes": say.number(count["votes"]),
            "people": say.number(count["people"]),
            "statements": say.number(count["statements"]),
        },
        "who_is_counted": say.who_is_counted(count) if current else "",
        "rules": {
            "common_ground": say.common_ground_rule(count, len(consensus), min_group_size),
            "divided": say.divided_rule(count, len(divisive), min_group_size),
            "dissent": say.dissent_rule(),
        }
        if current
        else {},
        "groups": groups,
        "map": _opinion_map(result.get("map") or _older_runs_map_sample(run), shown),
        "consensus": consensus,
        "divisive": divisive,
        "dissent": dissent,
        "themes": themes,
        "themes_source": theme_source,
        "themes_rule": say.themes_rule(theme_result),
        # Themes are labelled with their language where texts came in more than one.
        "themes_in_languages": len(_theme_languages(theme_result)) > 1,
        "themes_languages_rule": say.themes_languages_rule(theme_result, theme_source),
        "languages": _language_rows(result, run.thread_id),
        "stability": say.stability(result.get("stability")),
        "bridging": bridging,
        "bridging_rule": say.bridging_rule(),
        "participation": participation,
        "reweighting_rule": say.reweighting_rule(participation) or say.no_area_mix(),
        "summary": _summary(count, current, groups, consensus, divisive),
    }


def _theme_languages(theme_result: dict[str, Any]) -> set[str]:
    """The languages of the texts themes were looked for in: those analysed, and those
    with too few texts to find themes in."""
    return {*theme_result.get("languages", []), *theme_result.get("left_out", {})}


def _language_rows(result: dict[str, Any], thread_id: int) -> dict[str, Any]:
    """How many messages and statements came in each language, in the order of
    ``settings.LANGUAGES`` (languages nobody wrote in left out), with the totals. As at
    the run; for a run made before runs counted them, as now. The page shows them; the
    JSON and CSV keep the shape their readers rely on."""
    counts: dict[str, dict[str, int]] = (
        result["languages"] if "languages" in result else contributions_by_language(thread_id)
    )
    rank = {code: n for n, (code, _name) in enumerate(settings.LANGUAGES)}
    rows = [
        {
            "language": written_in(code),
            "messages": int(counts[code].get("messages", 0)),
            "statements": int(counts[code].get("statements", 0)),
        }
        for code in sorted(counts, key=lambda code: (rank.get(code, len(rank)), code))
    ]
    return {
        "rows": rows,
        "messages": sum(row["messages"] for row in rows),
        "statements": sum(row["statements"] for row in rows),
    }


def _bridging(
    result: dict[str, Any], texts: dict[str, tuple[str, str]], common_ground: set[str]
) -> list[dict[str, Any]] | None:
    """The run's bridging statements, each with its counts over the people counted and
    whether it is common ground too; ``None`` for a run made before bridging was measured.
    """
    items = result.get("bridging")
    if items is None:
        return None
    out = []
    for item in items:
        rows = item.get("by_group", [])
        totals = {k: sum(int(r.get(k, 0)) for r in rows) for k in ("agree", "disagree", "pass")}
        row = _statement({**item, **totals}, texts, "bridging")
        row["common_ground"] = str(item["statement"]) in common_ground
        out.append(row)
    return out


def _still_visible(thread_id: int, themes: list[dict[str, Any]], source: str | None) -> set[str]:
    """Which of the themes' quotes someone in the thread still says: a run keeps the
    words it quoted, and a message hidden, deleted or edited since, or a statement no
    longer accepted, must not be quoted. Matched by text, so words that another visible
    message (or accepted statement) says too may stay."""
    quoted = {quote["text"] for theme in themes for quote in theme.get("quotes", [])}
    if not quoted:
        return set()
    if source == "statements":
        return set(
            Statement.objects.filter(
                thread_id=thread_id, status=StatementStatus.ACCEPTED, text__in=quoted
            ).values_list("text", flat=True)
        )
    return set(
        Message.objects.filter(
            thread_id=thread_id, deleted_at__isnull=True, hidden_at__isnull=True, body__in=quoted
        ).values_list("body", flat=True)
    )


def _relationship_rows(mix: dict[str, int]) -> list[dict[str, Any]]:
    """A mix of relationships to care as table rows, largest first, "Not stated" for
    those who do not say."""
    labels = dict(RelationshipToCare.choices)
    not_stated = _(NOT_STATED)
    return [
        {"label": labels.get(key, not_stated) if key else not_stated, "count": n}
        for key, n in sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _theme_shares(theme: dict[str, Any], shown: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Of everything each shown group wrote, the share that falls in this theme.

    Groups hidden for their small size are left out, as everywhere else in the report.
    """
    shares = []
    for item in theme.get("by_group", []):
        key = str(item["group"])
        group = shown.get(int(key)) if key.isdigit() else None
        if group is not None:
            percent = round(100 * float(item["share"]))
            shares.append({"name": group["name"], "share": item["share"], "percent": percent})
    return sorted(shares, key=lambda share: share["name"])


def _group_quotes(run: AnalysisRun, groups: list[int]) -> dict[int, list[dict[str, str]]]:
    """The first few messages still shown of people in each group, in the order written.
    Reads who is in which group only where there are messages to quote (an imported Pol.is
    conversation has none)."""
    rows = (
        Message.objects.filter(
            thread_id=run.thread_id, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .order_by("id")
        .values_list("author_id", "body", "language")
    )
    quotes: dict[int, list[dict[str, str]]] = {}
    group_of: dict[str, int | None] | None = None
    for author, body, language in rows.iterator():
        if group_of is None:
            group_of = run_details(run.pk, "participants").get("participants", {})
        group = group_of.get(str(author))
        if group is None:
            continue
        bucket = quotes.setdefault(group, [])
        if len(bucket) < QUOTES_PER_GROUP:
            bucket.append({"text": body, "language": language})
            if all(len(quotes.get(g, ())) == QUOTES_PER_GROUP for g in groups):
                break
    return quotes


def _older_runs_map_sample(run: AnalysisRun) -> dict[str, Any]:
    """For a run made before runs kept their map's sample: made from everyone's position."""
    people = run_details(run.pk, "participants", "projection")
    return map_sample(people.get("participants", {}), people.get("projection", {}))


def _opinion_map(sample: dict[str, Any], shown: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The run's sample of people (:func:`analysis.opinion_map.map_sample`) in the groups
    shown, scaled into the SVG's box, with the groups' centres.

    Above :data:`MAP_MARKS` people, every ``per_mark``-th person in the run's order is
    drawn (each group keeps its share of marks); the centres are those of everyone."""
    points = [(x, y, group) for x, y, group in sample.get("points", []) if group in shown]
    centred = {int(g): centre for g, centre in sample.get("centres", {}).items() if int(g) in shown}
    if not points:
        return {"marks": "", "centres": [], "size": MAP_SIZE, "per_mark": 1}
    xs = [x for x, _, _ in points] + [centre[0] for centre in centred.values()]
    ys = [y for _, y, _ in points] + [centre[1] for centre in centred.values()]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0) or 1.0
    scale = (MAP_SIZE - 2 * MAP_MARGIN) / span

    def placed(x: float, y: float) -> tuple[float, float]:
        return MAP_MARGIN + (x - x0) * scale, MAP_MARGIN + (y - y0) * scale

    marks = [
        (*_mark(shown[group]["shape"], *placed(x, y)), shown[group]["colour"])
        for x, y, group in points
    ]
    centres = []
    for g, (cx, cy, _people) in sorted(centred.items()):
        x, y = placed(cx, cy)
        centres.append(
            {
                "name": shown[g]["name"],
                "shape": shown[g]["shape"],
                "shapes_name": shape_names(shown[g]["shape"])[1],
                "colour": shown[g]["colour"],
                "size": shown[g]["size"],
                "x": round(x),
                "y": round(y),
            }
        )
    # Built here rather than in a template loop: a map has a mark per person, and a
    # template loop over hundreds of them was most of the report page's time. Nothing in
    # a mark comes from anyone's input: element names and colours are the constants
    # above and the geometry is numbers formatted by _mark.
    markup = "".join(f'<{tag} {geometry} fill="{fill}"/>' for tag, geometry, fill in marks)
    return {
        "marks": mark_safe(markup),  # noqa: S308 (see above)
        "centres": centres,
        "size": MAP_SIZE,
        "per_mark": sample.get("per_mark", 1),
    }


def _summary(
    count: dict[str, Any],
    current: bool,
    groups: list[dict[str, Any]],
    consensus: list[dict[str, Any]],
    divisive: list[dict[str, Any]],
) -> list[say.Line]:
    """A few plain sentences, each with the numbers below it and links to them."""
    if not current:
        lines = [
            say.Line(
                _(
                    "%(counted)s of the %(people)s people who voted were placed in %(groups)s "
                    "groups of people who voted in a similar way."
                )
                % {
                    "counted": say.number(count["people_counted"]),
                    "people": say.number(count["people"]),
                    "groups": say.number(len(groups)),
                },
                (say.Link("#groups-table", _("the groups")), say.Link("#run-outdated", _("why"))),
            )
        ]
    else:
        lines = [say.count_line(count, len(groups))]
        lines += [
            say.with_reweighted(say.common_ground_line(item, count), say.reweighted_statement(item))
            for item in consensus[:2]
        ]
        if not consensus:
            lines.append(say.no_common_ground_line(count))
        lines += [
            say.with_reweighted(
                say.divided_line(item, count), say.reweighted_statement(item, divided=True)
            )
            for item in divisive[:1]
        ]
    lines += [
        say.with_reweighted(say.group_line(g), say.reweighted_group(g))
        for g in groups
        if g["shown"] and g["representative"]
    ]
    return lines


def report_json(report: dict[str, Any]) -> dict[str, Any]:
    """The report's numbers as JSON; suppressed groups and themes keep only that fact."""
    run: AnalysisRun = report["run"]
    suppressed = _(SMALL_GROUP_TEXT)

    def group(g: dict[str, Any]) -> dict[str, Any]:
        if not g["shown"]:
            return {"name": g["name"], "size": None, "suppressed": suppressed}
        keys = ("name", "size", "relationships", "share")
        out = {k: g[k] for k in keys}
        out["representative"] = [_statement_json(it) for it in g["representative"]]
        return out

    return {
        "run": {
            "id": run.pk,
            "finished": run.finished_at.isoformat() if run.finished_at else None,
            "parameters": run.parameters,
            "inputs": run.inputs,
            "code_version": run.code_version,
        },
        "n_participants": report["n_participants"],
        "n_statements": report["n_statements"],
        "n_votes": report["n_votes"],
        "n_clustered": report["n_clustered"],
        "count": report["count"],
        "outdated": not report["current"],
        "who_is_counted": report["who_is_counted"],
        "summary": [line.text for line in report["summary"]],
        "stability": report["stability"]["measure"],
        "who_took_part": _participation_json(report["participation"]),
        "groups": [group(g) for g in report["groups"]],
        "consensus": [_statement_json(it) for it in report["consensus"]],
        "divisive": [
            {
                **_statement_json(it),
                "by_group": [
                    {k: row[k] for k in ("name", "agree", "disagree", "pass")}
                    for row in it["groups"]
                ],
            }
            for it in report["divisive"]
        ],
        "dissent": [
            {
                "statement": d["statement"]["statement"],
                "text": d["statement"]["text"],
                "direction": d["statement"]["direction"],
                "group": d["group"]["name"],
                **{k: d["counts"].get(k, 0) for k in ("agree", "disagree", "pass")},
            }
            for d in report["dissent"]
        ],
        "bridging": None
        if report["bridging"] is None
        else [
            {**_statement_json(it), "score": it["score"], "common_ground": it["common_ground"]}
            for it in report["bridging"]
        ],
        "themes_source": report["themes_source"],
        "themes_rule": report["themes_rule"],
        "themes": [
            {
                "label": t["label"],
                "people": t["people"],
                "relationships": t["relationships"],
                "quotes": [q["text"] for q in t["quotes"]],
                "by_group": [{"group": s["name"], "share": s["share"]} for s in t["group_shares"]],
                **({"statements": t["statements"]} if "statements" in t else {}),
            }
            if t["shown"]
            else {"label": None, "people": None, "suppressed": suppressed}
            for t in report["themes"]
        ],
    }


def _participation_json(participation: dict[str, Any]) -> dict[str, Any]:
    """Who took part against the area's mix; ``reweighted`` figures elsewhere use it."""
    keys = ("key", "label", "people", "percent", "area_percent", "weight", "capped", "missing")
    area = participation["area"]
    return {
        "people": participation["people"],
        "area_source": area.source if area else None,
        "max_weight": participation["max_weight"],
        "relationships": [{k: row[k] for k in keys} for row in participation["rows"]],
    }


def _statement_json(item: dict[str, Any]) -> dict[str, Any]:
    keys = ("statement", "text", "direction", "agree", "disagree", "pass", "n", "reweighted")
    return {k: item[k] for k in keys if k in item}


def report_csv(report: dict[str, Any]) -> str:
    """One row per group and statement, with the same numbers as the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    # The headings are for people; the sections and directions are codes, as in the JSON.
    writer.writerow(
        [
            pgettext("report spreadsheet column", "section"),
            pgettext("report spreadsheet column", "group"),
            pgettext("report spreadsheet column", "group size"),
            pgettext("report spreadsheet column", "statement"),
            pgettext("report spreadsheet column", "direction"),
            pgettext("report spreadsheet column", "agree"),
            pgettext("report spreadsheet column", "disagree"),
            pgettext("report spreadsheet column", "pass"),
        ]
    )
    suppressed = _(SMALL_GROUP_TEXT)
    for g in report["groups"]:
        if not g["shown"]:
            writer.writerow(["group", g["name"], suppressed, "", "", "", "", ""])
            continue
        writer.writerow(["group", g["name"], g["size"], "", "", "", "", ""])
        for it in g["representative"]:
            writer.writerow(
                ["representative", g["name"], g["size"], safe_cell(it["text"]), it["direction"],
                 it["agree"], it["disagree"], it.get("pass", "")]
            )  # fmt: skip
    sizes = {g["name"]: g["size"] for g in report["groups"]}
    for section in ("consensus", "divisive"):
        for it in report[section]:
            writer.writerow(
                [section, "", "", safe_cell(it["text"]), it.get("direction", ""),
                 it["agree"], it["disagree"], it["pass"]]
            )  # fmt: skip
            for row in it.get("groups", []):
                writer.writerow(
                    [section, row["name"], sizes[row["name"]], safe_cell(it["text"]), "",
                     row["agree"], row["disagree"], row["pass"]]
                )  # fmt: skip
    for d in report["dissent"]:
        item, counts = d["statement"], d["counts"]
        writer.writerow(
            ["against", d["group"]["name"], d["group"]["size"], safe_cell(item["text"]),
             item["direction"], counts["agree"], counts["disagree"], counts.get("pass", 0)]
        )  # fmt: skip
    return out.getvalue()
