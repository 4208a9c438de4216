"""The people an opinion map draws, chosen once when a run is made.

A run keeps every person's position (``projection``) and group (``participants``): for a
national conversation, megabytes that the report would read and walk on every view to draw
two thousand marks. :func:`map_sample` keeps what the map needs instead, in the run's
``map``: every ``per_mark``-th placed person in the run's order, and each group's centre
over all its people. The report reads that (analysis.reports); for a run made before runs
kept it, it makes the same sample from the positions.
"""

from __future__ import annotations

from typing import Any

#: Most marks the opinion map draws. Past this, one mark stands for several people,
#: so a national conversation's map stays a few hundred kilobytes and still readable
#: (thousands of overlapping marks show no more than these do).
MAP_MARKS = 2_000
# Positions are kept to this many decimals: finer than any map draws them.
DECIMALS = 5


def map_sample(participants: dict[str, Any], projection: dict[str, list[float]]) -> dict[str, Any]:
    """``{"per_mark", "points": [[x, y, group], ...], "centres": {group: [x, y, people]}}``
    of the people placed in a group, in the run's order."""
    placed = [
        (xy, group)
        for person, group in participants.items()
        if group is not None and (xy := projection.get(person))
    ]
    per_mark = max(1, -(-len(placed) // MAP_MARKS))
    sums: dict[int, list[float]] = {}
    for (x, y), group in placed:
        total = sums.setdefault(group, [0.0, 0.0, 0])
        total[0] += x
        total[1] += y
        total[2] += 1
    return {
        "per_mark": per_mark,
        "points": [
            [round(x, DECIMALS), round(y, DECIMALS), group] for (x, y), group in placed[::per_mark]
        ],
        "centres": {
            str(group): [round(sx / n, DECIMALS), round(sy / n, DECIMALS), int(n)]
            for group, (sx, sy, n) in sorted(sums.items())
        },
    }
