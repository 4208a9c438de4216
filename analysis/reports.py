"""The board report of a consultation, built from its latest good analysis run.

One place turns a stored run into what the page, the CSV and the JSON show, so the
three always carry the same numbers. Groups and themes of fewer than
:data:`SMALL_NUMBER` people are suppressed for the public (small numbers can
identify someone) and shown to the consultation's officers and board.
"""

from __future__ import annotations

import csv
import io
import string
from typing import Any

from django.utils.safestring import mark_safe

from accounts.models import RelationshipToCare
from analysis.models import AnalysisRun
from common.spreadsheets import safe_cell
from deliberation.models import Message, Statement

SMALL_NUMBER = 5
SMALL_GROUP_TEXT = "a small group of fewer than 5 people"
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
NOT_STATED = "Not stated"
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


def _group_name(index: int) -> str:
    return f"Group {string.ascii_uppercase[index % 26]}"


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


def _statement_texts(result: dict[str, Any]) -> dict[str, str]:
    ids: set[str] = set()
    for group in result.get("groups", []):
        ids.update(item["statement"] for item in group["representative"])
    ids.update(item["statement"] for item in result.get("consensus", []))
    ids.update(item["statement"] for item in result.get("divisive", []))
    numeric = [int(i) for i in ids if str(i).isdigit()]
    return {
        str(pk): text
        for pk, text in Statement.objects.filter(pk__in=numeric).values_list("pk", "text")
    }


def _statement(item: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    return {**item, "text": texts.get(str(item["statement"]), f"Statement {item['statement']}")}


def _majority(counts: dict[str, int]) -> str | None:
    agree, disagree = counts.get("agree", 0), counts.get("disagree", 0)
    if agree > disagree:
        return "agree"
    if disagree > agree:
        return "disagree"
    return None


def build_report(run: AnalysisRun, *, see_small: bool) -> dict[str, Any]:
    """What the report shows of ``run``: groups, map, consensus, division, dissent, themes.

    Three queries: statement texts, group quotes, and which theme quotes are still
    visible. How each group's people describe their relationship to care was counted
    when the run was made (:func:`analysis.selectors.relationship_mix`).
    """
    result: dict[str, Any] = run.result or {}
    texts = _statement_texts(result)
    participants: dict[str, int | None] = result.get("participants", {})
    members: dict[int, list[int]] = {}
    for person, group in participants.items():
        if group is not None and str(person).isdigit():
            members.setdefault(group, []).append(int(person))
    mixes: dict[str, dict[str, int]] = result.get("relationships", {})
    quotes: dict[int, list[str]] = {}
    group_of = {pk: g for g, pks in members.items() for pk in pks}
    rows = (
        Message.objects.filter(
            thread_id=run.thread_id, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .order_by("id")
        .values_list("author_id", "body")
    )
    for author, body in rows.iterator():
        group = group_of.get(author)
        if group is None:
            continue
        bucket = quotes.setdefault(group, [])
        if len(bucket) < QUOTES_PER_GROUP:
            bucket.append(body)
            if all(len(quotes.get(g, ())) == QUOTES_PER_GROUP for g in members):
                break

    labels = dict(RelationshipToCare.choices)
    groups: list[dict[str, Any]] = []
    for group in result.get("groups", []):
        g = group["id"]
        shape, colour = STYLES[g % len(STYLES)]
        small = group["size"] < SMALL_NUMBER
        mix = mixes.get(str(g), {})
        groups.append(
            {
                "id": g,
                "name": _group_name(g),
                "size": group["size"],
                "small": small,
                "shown": see_small or not small,
                "shape": shape,
                "colour": colour,
                "relationships": [
                    {"label": labels.get(key, NOT_STATED) if key else NOT_STATED, "count": n}
                    for key, n in sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                "representative": [_statement(it, texts) for it in group["representative"]],
                "quotes": quotes.get(g, []),
            }
        )
    shown = {group["id"]: group for group in groups if group["shown"]}

    consensus = [_statement(it, texts) for it in result.get("consensus", [])]
    divisive = [_statement(it, texts) for it in result.get("divisive", [])]
    dissent = []
    for item in consensus:
        for counts in item.get("by_group", []):
            dissenting = shown.get(counts["group"])
            side = _majority(counts)
            if dissenting is not None and side is not None and side != item["direction"]:
                dissent.append({"statement": item, "group": dissenting, "counts": counts})

    themes = []
    theme_result = result.get("themes") or {}
    still_said = _still_visible(run.thread_id, theme_result.get("themes", []))
    for theme in theme_result.get("themes", []):
        people = len(theme.get("authors", []))
        small = people < SMALL_NUMBER
        themes.append(
            {
                **theme,
                "quotes": [q for q in theme.get("quotes", []) if q["text"] in still_said],
                "people": people,
                "small": small,
                "shown": see_small or not small,
                "group_shares": _theme_shares(theme, shown),
            }
        )

    return {
        "run": run,
        "n_participants": result.get("n_participants", 0),
        "n_statements": result.get("n_statements", 0),
        "n_votes": result.get("n_votes", 0),
        "n_clustered": result.get("n_clustered", 0),
        "groups": groups,
        "map": _opinion_map(result, shown),
        "consensus": consensus,
        "divisive": divisive,
        "dissent": dissent,
        "themes": themes,
        "summary": _summary(result, groups, consensus, divisive),
    }


def _still_visible(thread_id: int, themes: list[dict[str, Any]]) -> set[str]:
    """Which of the themes' quotes someone in the thread still says: a run keeps the
    words it quoted, and a message hidden, deleted or edited since must not be quoted.
    Matched by text, so words that another visible message says too may stay."""
    quoted = {quote["text"] for theme in themes for quote in theme.get("quotes", [])}
    if not quoted:
        return set()
    return set(
        Message.objects.filter(
            thread_id=thread_id, deleted_at__isnull=True, hidden_at__isnull=True, body__in=quoted
        ).values_list("body", flat=True)
    )


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


def _opinion_map(result: dict[str, Any], shown: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Points of the people in shown groups, scaled into the SVG's box, and group centres."""
    projection: dict[str, list[float]] = result.get("projection", {})
    placed = [
        (xy, group)
        for person, group in result.get("participants", {}).items()
        if group in shown and (xy := projection.get(person))
    ]
    if not placed:
        return {"marks": "", "centres": [], "size": MAP_SIZE}
    xs = [xy[0] for xy, _ in placed]
    ys = [xy[1] for xy, _ in placed]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0) or 1.0
    scale = (MAP_SIZE - 2 * MAP_MARGIN) / span

    marks = []
    sums: dict[int, list[float]] = {}
    for xy, group in placed:
        x, y = MAP_MARGIN + (xy[0] - x0) * scale, MAP_MARGIN + (xy[1] - y0) * scale
        style = shown[group]
        marks.append((*_mark(style["shape"], x, y), style["colour"]))
        total = sums.setdefault(group, [0.0, 0.0, 0.0])
        total[0] += x
        total[1] += y
        total[2] += 1
    centres = [
        {
            "name": shown[g]["name"],
            "shape": shown[g]["shape"],
            "colour": shown[g]["colour"],
            "size": shown[g]["size"],
            "x": round(s[0] / s[2]),
            "y": round(s[1] / s[2]),
        }
        for g, s in sorted(sums.items())
    ]
    # Built here rather than in a template loop: a map has a mark per person, and a
    # template loop over hundreds of them was most of the report page's time. Nothing in
    # a mark comes from anyone's input: element names and colours are the constants
    # above and the geometry is numbers formatted by _mark.
    markup = "".join(f'<{tag} {geometry} fill="{fill}"/>' for tag, geometry, fill in marks)
    return {"marks": mark_safe(markup), "centres": centres, "size": MAP_SIZE}  # noqa: S308


def _quoted(text: str) -> str:
    """A statement in quotation marks inside a sentence that ends after it: its own full
    stop goes, so the sentence does not end with two."""
    return f"“{text.rstrip().removesuffix('.')}”"


def _summary(
    result: dict[str, Any],
    groups: list[dict[str, Any]],
    consensus: list[dict[str, Any]],
    divisive: list[dict[str, Any]],
) -> list[str]:
    """A few plain sentences, each generated from the numbers below it."""
    lines = [
        f"{result.get('n_participants', 0)} people voted on {result.get('n_statements', 0)} "
        f"statements. {result.get('n_clustered', 0)} of them voted on enough statements to be "
        f"placed in one of {len(groups)} groups of people who voted in a similar way."
    ]
    for item in consensus[:2]:
        verb = "agree" if item["direction"] == "agree" else "disagree"
        lines.append(f"Most people {verb} that {_quoted(item['text'])}.")
    for item in divisive[:1]:
        lines.append(f"People split on {_quoted(item['text'])}.")
    for group in groups:
        if group["shown"] and group["representative"]:
            top = group["representative"][0]
            verb = "agree" if top["direction"] == "agree" else "disagree"
            lines.append(
                f"{group['name']} ({group['size']} people) mostly {verb} with "
                f"{_quoted(top['text'])}."
            )
    return lines


def report_json(report: dict[str, Any]) -> dict[str, Any]:
    """The report's numbers as JSON; suppressed groups and themes keep only that fact."""
    run: AnalysisRun = report["run"]

    def group(g: dict[str, Any]) -> dict[str, Any]:
        if not g["shown"]:
            return {"name": g["name"], "size": None, "suppressed": SMALL_GROUP_TEXT}
        keys = ("name", "size", "relationships")
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
        "summary": report["summary"],
        "groups": [group(g) for g in report["groups"]],
        "consensus": [_statement_json(it) for it in report["consensus"]],
        "divisive": [_statement_json(it) for it in report["divisive"]],
        "themes": [
            {
                "label": t["label"],
                "people": t["people"],
                "quotes": [q["text"] for q in t["quotes"]],
                "by_group": [{"group": s["name"], "share": s["share"]} for s in t["group_shares"]],
            }
            if t["shown"]
            else {"label": None, "people": None, "suppressed": SMALL_GROUP_TEXT}
            for t in report["themes"]
        ],
    }


def _statement_json(item: dict[str, Any]) -> dict[str, Any]:
    keys = ("statement", "text", "direction", "agree", "disagree", "pass", "n")
    return {k: item[k] for k in keys if k in item}


def report_csv(report: dict[str, Any]) -> str:
    """One row per group and statement, with the same numbers as the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["section", "group", "group size", "statement", "direction", "agree", "disagree", "pass"]
    )
    for g in report["groups"]:
        if not g["shown"]:
            writer.writerow(["group", g["name"], SMALL_GROUP_TEXT, "", "", "", "", ""])
            continue
        writer.writerow(["group", g["name"], g["size"], "", "", "", "", ""])
        for it in g["representative"]:
            writer.writerow(
                ["representative", g["name"], g["size"], safe_cell(it["text"]), it["direction"],
                 it["agree"], it["disagree"], it.get("pass", "")]
            )  # fmt: skip
    for section in ("consensus", "divisive"):
        for it in report[section]:
            writer.writerow(
                [section, "", "", safe_cell(it["text"]), it.get("direction", ""),
                 it.get("agree", ""), it.get("disagree", ""), it.get("pass", "")]
            )  # fmt: skip
    return out.getvalue()
