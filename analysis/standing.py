"""Where one person stands in the latest analysis of a thread.

Their own votes are projected into the latest good run (:func:`opinion_core.placement.place`,
from the run's ``placement``), without fitting it again, and compared with what the run
counted: the group they are closest to, the statements where their vote went the way most
people's did, and those where it went against most of their closest group.

Nothing here reads another person's position, group or vote: only the run's group sizes,
centres and vote counts. As in the board report (:mod:`analysis.reports`), a group of
fewer than :data:`~analysis.reports.SMALL_NUMBER` people is never shown, and a count of
fewer than that many voters on a statement is never quoted.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from analysis.report_text import number, quoted
from analysis.reports import SMALL_NUMBER, STYLES, group_name
from analysis.selectors import latest_good_with_details
from deliberation.models import Statement, Thread
from deliberation.selectors import counted_votes
from opinion_core.opinion import inclusion_threshold
from opinion_core.placement import place

__all__ = ["MIN_VOTES", "GroupOnMap", "Said", "Standing", "StandingState", "where_you_stand"]

#: Votes a person needs before they are placed, as the analysis needs to group someone.
MIN_VOTES = 7
#: Statements listed in each of "with most people" and "where you differ".
STATEMENTS_SHOWN = 3
MAP_SIZE = 400
MAP_MARGIN = 72  # room for the largest circle and the name under it
LARGEST_RADIUS = 44.0
SMALLEST_RADIUS = 14.0
LABEL_GAP = 16.0
DIRECTION = {1: "agree", -1: "disagree"}


class StandingState(enum.StrEnum):
    NO_RUN = "no_run"  # no analysis has finished
    OUTDATED = "outdated"  # the latest one was made before runs kept what placing needs
    TOO_FEW_VOTES = "too_few_votes"
    PLACED = "placed"


@dataclass(frozen=True)
class GroupOnMap:
    """A group shown to this person: its name, size and circle on the map."""

    id: int
    name: str
    size: int
    colour: str
    closest: bool
    x: float
    y: float
    radius: float

    @property
    def label_y(self) -> float:
        """Where its name goes: under the circle, clear of the star marking "You"."""
        return round(self.y + self.radius + LABEL_GAP, 1)


@dataclass(frozen=True)
class Said:
    """One statement on the page: its sentence, with the share it quotes."""

    statement: str
    sentence: str
    percent: int


@dataclass(frozen=True)
class Standing:
    """What the page shows. ``votes`` counts this person's votes on the statements that
    shaped the run; ``needed`` is how many they need; ``newer`` counts their votes on
    statements that had no votes yet when the run was made (most often statements added
    since), which count from the next run."""

    state: StandingState
    votes: int = 0
    needed: int = MIN_VOTES
    newer: int = 0
    analysed: datetime | None = None
    groups: tuple[GroupOnMap, ...] = ()
    closest: GroupOnMap | None = None
    you: tuple[float, float] | None = None
    with_most: tuple[Said, ...] = ()
    differ: tuple[Said, ...] = ()
    map_size: int = MAP_SIZE

    @property
    def more_needed(self) -> int:
        return max(self.needed - self.votes, 0)


def where_you_stand(*, thread: Thread, user: Any) -> Standing:
    """Where ``user`` stands in the latest good analysis of ``thread``.

    Three queries at most: the run with the parts of its details read here (not what it
    found of each person, megabytes in a national conversation), the person's votes, the
    texts of the statements quoted. Votes that the analysis would not count (changed after a
    consultation closed) are not counted here either.
    """
    latest = latest_good_with_details(thread.pk, "placement", "statements")
    if latest is None:
        return Standing(StandingState.NO_RUN)
    run, details = latest
    result = {**(run.result or {}), **details}
    placement: dict[str, Any] | None = result.get("placement")
    if placement is None:
        return Standing(StandingState.OUTDATED, analysed=run.finished_at)
    in_run: Mapping[str, Any] = placement["statements"]
    mine = {
        str(statement): int(value)
        for statement, value in counted_votes(thread)
        .filter(voter_id=user.pk)
        .values_list("statement_id", "value")
    }
    votes = {s: v for s, v in mine.items() if s in in_run}
    moderated = {s for s, item in result.get("statements", {}).items() if item["moderated_out"]}
    counted = Standing(
        StandingState.TOO_FEW_VOTES,
        votes=len(votes),
        needed=inclusion_threshold(MIN_VOTES, len(in_run)),
        newer=len(mine.keys() - in_run.keys() - moderated),
        analysed=run.finished_at,
    )
    if counted.more_needed:
        return counted

    sizes = {int(g["id"]): int(g["size"]) for g in result.get("groups", [])}
    shown = sorted(g for g, size in sizes.items() if size >= SMALL_NUMBER)
    found = place(placement, votes, groups=shown)
    nearest = found.nearest
    with_most = _with_most_people(votes, in_run)
    differ = [] if nearest is None else _against_group(votes, in_run, nearest)
    texts = _texts([item[0] for item in with_most + differ])
    groups, you = _map(placement, sizes, shown, nearest, found.position)
    return replace(
        counted,
        state=StandingState.PLACED,
        groups=groups,
        closest=next((g for g in groups if g.closest), None),
        you=you,
        with_most=tuple(_said(item, texts) for item in with_most),
        differ=tuple(
            _said(item, texts, group=group_name(nearest)) for item in differ if nearest is not None
        ),
    )


# (statement id, your vote, how many voted the way quoted, how many voted on it)
_Item = tuple[str, int, int, int]


def _counts(by_group: Sequence[Sequence[int]]) -> tuple[int, int, int]:
    agree = sum(row[0] for row in by_group)
    disagree = sum(row[1] for row in by_group)
    return agree, disagree, agree + disagree + sum(row[2] for row in by_group)


def _top(items: list[_Item]) -> list[_Item]:
    """The clearest first: the largest share, then the most voters, then statement order."""
    order = sorted(items, key=lambda it: (-it[2] / it[3], -it[3]))
    return order[:STATEMENTS_SHOWN]


def _with_most_people(votes: dict[str, int], in_run: Mapping[str, Any]) -> list[_Item]:
    """Statements where this person's agree or disagree is what more than half of the
    people counted who voted on it said too."""
    items = []
    for statement, data in in_run.items():
        vote = votes.get(statement, 0)
        if vote == 0:
            continue
        agree, disagree, n = _counts(data["by_group"])
        same = agree if vote == 1 else disagree
        if n >= SMALL_NUMBER and 2 * same > n:
            items.append((statement, vote, same, n))
    return _top(items)


def _against_group(votes: dict[str, int], in_run: Mapping[str, Any], group: int) -> list[_Item]:
    """Statements where more than half of the group's voters went the other way."""
    items = []
    for statement, data in in_run.items():
        vote = votes.get(statement, 0)
        if vote == 0 or group >= len(data["by_group"]):
            continue
        agree, disagree, passes = data["by_group"][group]
        n = agree + disagree + passes
        other = disagree if vote == 1 else agree
        if n >= SMALL_NUMBER and 2 * other > n:
            items.append((statement, vote, other, n))
    return _top(items)


def _texts(ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    pks = [int(s) for s in ids if s.isdigit()]
    return {
        str(pk): text for pk, text in Statement.objects.filter(pk__in=pks).values_list("pk", "text")
    }


def _percent(part: int, whole: int) -> int:
    return int(100 * part / whole + 0.5)


def _said(item: _Item, texts: dict[str, str], *, group: str | None = None) -> Said:
    statement, vote, count, n = item
    said = texts.get(statement)
    text = quoted(said if said is not None else _("Statement %(id)s") % {"id": statement})
    percent = _percent(count, n)
    values = {
        "statement": text,
        "n": number(n),
        "count": number(count),
        "percent": percent,
        "group": group,
    }
    if group is None and DIRECTION[vote] == "agree":
        sentence = _(
            "You agreed that %(statement)s. Of the %(n)s people counted in the analysis who "
            "voted on it, %(count)s agreed (%(percent)s%%)."
        )
    elif group is None:
        sentence = _(
            "You disagreed that %(statement)s. Of the %(n)s people counted in the analysis who "
            "voted on it, %(count)s disagreed (%(percent)s%%)."
        )
    elif DIRECTION[vote] == "agree":
        sentence = _(
            "You agreed that %(statement)s. Of the %(n)s people in %(group)s who voted on it, "
            "%(count)s disagreed (%(percent)s%%)."
        )
    else:
        sentence = _(
            "You disagreed that %(statement)s. Of the %(n)s people in %(group)s who voted on "
            "it, %(count)s agreed (%(percent)s%%)."
        )
    return Said(statement=statement, sentence=sentence % values, percent=percent)


def _map(
    placement: dict[str, Any],
    sizes: dict[int, int],
    shown: list[int],
    nearest: int | None,
    position: tuple[float, ...],
) -> tuple[tuple[GroupOnMap, ...], tuple[float, float] | None]:
    """The shown groups' centres and this person's position, scaled into the map's box;
    a circle's area grows with its group's size."""
    centres = {int(g["id"]): g["centre"] for g in placement["groups"] if int(g["id"]) in shown}
    if not centres:
        return (), None
    points = [(float(c[0]), float(c[1])) for c in centres.values()]
    points.append((position[0], position[1]))
    x0 = min(x for x, _ in points)
    y0 = min(y for _, y in points)
    span = max(max(x for x, _ in points) - x0, max(y for _, y in points) - y0) or 1.0
    scale = (MAP_SIZE - 2 * MAP_MARGIN) / span
    # Centred on the box when the points span less in one direction than the other.
    dx = (MAP_SIZE - 2 * MAP_MARGIN - (max(x for x, _ in points) - x0) * scale) / 2
    dy = (MAP_SIZE - 2 * MAP_MARGIN - (max(y for _, y in points) - y0) * scale) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return (
            round(MAP_MARGIN + dx + (x - x0) * scale, 1),
            round(MAP_MARGIN + dy + (y - y0) * scale, 1),
        )

    largest = max(sizes[g] for g in centres)
    groups = []
    for g, centre in sorted(centres.items()):
        x, y = at(float(centre[0]), float(centre[1]))
        radius = max(LARGEST_RADIUS * math.sqrt(sizes[g] / largest), SMALLEST_RADIUS)
        groups.append(
            GroupOnMap(
                id=g,
                name=group_name(g),
                size=sizes[g],
                colour=STYLES[g % len(STYLES)][1],
                closest=g == nearest,
                x=x,
                y=y,
                radius=round(radius, 1),
            )
        )
    return tuple(groups), at(position[0], position[1])
