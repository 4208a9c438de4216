"""Live co-writing: who has which section open right now, and word of saves, over the same
real-time package as threads (deliberation.realtime: its fan-out, base socket and
presence rosters).

Frames on ``/ws/proposals/<id>/``:

* client → server ``{"type": "editing", "section": name | null}``: the section this page has
  open (null: none). Pages repeat it every ``presence.HEARTBEAT`` seconds.
* server → client ``{"type": "editors", "sections": {name: [display names]}}`` whenever that
  changes, and ``{"type": "section_saved", "section", "by", "revision", "url"}`` after a
  co-author's save commits, with a link to what changed.
"""

import json
from typing import Literal

from pydantic import TypeAdapter

from deliberation.realtime import fanout, presence
from deliberation.realtime.frames import Frame, frame
from proposals.sections import SECTION_NAMES


class EditingFrame(Frame):
    type: Literal["editing"]
    section: str | None


class EditorsEvent(Frame):
    type: Literal["editors"] = "editors"
    sections: dict[str, list[str]]


class SectionSavedEvent(Frame):
    type: Literal["section_saved"] = "section_saved"
    section: str
    by: str
    revision: int
    url: str


editing_frame = TypeAdapter(EditingFrame)


def proposal_topic(proposal_id: int) -> str:
    """The fan-out topic of a proposal's co-writing sockets."""
    return f"proposal:{proposal_id}"


def mark_editing(*, proposal_id: int, member: str, name: str, section: str | None) -> bool:
    """Record what one page (``member``) has open; True when the editors people see changed."""
    if section is not None and section not in SECTION_NAMES:
        raise ValueError(f"No section called {section!r}")
    return presence.roster_mark(
        topic=proposal_topic(proposal_id), member=member, name=name, place=section
    )


def editors_now(proposal_id: int) -> EditorsEvent:
    return EditorsEvent(sections=presence.roster(proposal_topic(proposal_id)))


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
    fanout.publish_on_commit(proposal_topic(proposal_id), fanout.FRAME, json.dumps(frame(event)))
