"""Live co-writing: who has which section open right now, and word of saves, over the same
socket machinery as threads (deliberation.events and deliberation.presence).

Frames on ``/ws/proposals/<id>/``:

* client → server ``{"type": "editing", "section": name | null}``: the section this page has
  open (null: none). Pages repeat it every ``HEARTBEAT`` seconds.
* server → client ``{"type": "editors", "sections": {name: [display names]}}`` whenever that
  changes, and ``{"type": "section_saved", "section", "by", "revision", "url"}`` after a
  co-author's save commits, with a link to what changed.
"""

import time
from typing import Any, Literal

from django.core.cache import cache
from pydantic import BaseModel, ConfigDict, TypeAdapter

from deliberation.events import group_send_on_commit
from proposals.sections import SECTION_NAMES

HEARTBEAT = 20  # seconds between a page's reminders of what it has open
STALE_AFTER = 3 * HEARTBEAT  # a page silent this long is no longer editing
ROSTER_TTL = 60 * 60


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EditingFrame(_Frame):
    type: Literal["editing"]
    section: str | None


class EditorsEvent(_Frame):
    type: Literal["editors"] = "editors"
    sections: dict[str, list[str]]


class SectionSavedEvent(_Frame):
    type: Literal["section_saved"] = "section_saved"
    section: str
    by: str
    revision: int
    url: str


editing_frame = TypeAdapter(EditingFrame)


def proposal_group(proposal_id: int) -> str:
    return f"proposal.{proposal_id}"


def _roster_key(proposal_id: int) -> str:
    return f"proposals:editing:{proposal_id}"


def roster_set(*, proposal_id: int, channel: str, name: str, section: str | None) -> bool:
    """Record what one page has open; True when the visible roster changed.

    The roster lives in the shared cache so every worker sees it. Updates are
    read-modify-write, so two at the same instant can lose one; pages repeat their state
    every HEARTBEAT seconds, which mends that and drops pages that vanished.
    """
    if section is not None and section not in SECTION_NAMES:
        raise ValueError(f"No section called {section!r}")
    key = _roster_key(proposal_id)
    now = time.time()
    roster: dict[str, Any] = cache.get(key) or {}
    before = editors_by_section(roster, now)
    if section is None:
        roster.pop(channel, None)
    else:
        roster[channel] = {"name": name, "section": section, "seen": now}
    roster = {k: v for k, v in roster.items() if now - v["seen"] < STALE_AFTER}
    cache.set(key, roster, timeout=ROSTER_TTL)
    return editors_by_section(roster, now) != before


def editors_by_section(roster: dict[str, Any], now: float) -> dict[str, list[str]]:
    sections: dict[str, set[str]] = {}
    for entry in roster.values():
        if now - entry["seen"] < STALE_AFTER:
            sections.setdefault(entry["section"], set()).add(entry["name"])
    return {section: sorted(names) for section, names in sorted(sections.items())}


def editors_now(proposal_id: int) -> EditorsEvent:
    return EditorsEvent(
        sections=editors_by_section(cache.get(_roster_key(proposal_id)) or {}, time.time())
    )


def announce_save_on_commit(
    *, proposal_id: int, section: str, by: str, revision: int, previous: int | None
) -> None:
    """Tell the proposal's open pages, once committed, that a section has a new version."""
    url = (
        f"/write/{proposal_id}/compare/?from={previous}&to={revision}"
        if previous
        else f"/write/{proposal_id}/history/"
    )
    event = SectionSavedEvent(section=section, by=by, revision=revision, url=url)
    group_send_on_commit(
        proposal_group(proposal_id),
        {"type": "proposal.event", "event": event.model_dump(mode="json")},
    )
