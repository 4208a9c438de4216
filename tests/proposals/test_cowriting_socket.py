"""Live co-writing over /ws/proposals/<id>/: who edits which section, and word of saves."""

import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from accounts.models import User
from proposals import services
from proposals.models import ProposalPage
from proposals.routing import websocket_urlpatterns
from proposals.selectors import latest_revision

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(websocket_urlpatterns)


async def _open(proposal: ProposalPage, user: User) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(application, f"/ws/proposals/{proposal.pk}/")
    socket.scope["user"] = user
    connected, code = await socket.connect(timeout=5)
    assert connected, f"refused with {code}"
    return socket


async def _next(socket: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    while True:
        frame = json.loads(await socket.receive_from(timeout=5))
        if frame["type"] == kind:
            return frame


async def test_co_authors_see_who_is_editing_which_section(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    ana = await _open(draft, lead)
    assert await _next(ana, "editors") == {"type": "editors", "sections": {}}
    ben = await _open(draft, co_author)
    await _next(ben, "editors")
    await ben.send_json_to({"type": "editing", "section": "problem"})
    assert await _next(ana, "editors") == {"type": "editors", "sections": {"problem": ["Co"]}}
    await ben.disconnect()
    assert await _next(ana, "editors") == {"type": "editors", "sections": {}}
    await ana.disconnect()


async def test_a_save_tells_open_pages_with_a_link_to_the_change(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    ana = await _open(draft, lead)
    await _next(ana, "editors")
    base = await sync_to_async(lambda: latest_revision(draft).pk)()
    result = await sync_to_async(services.section_save)(
        proposal=draft,
        section="problem",
        text="New words.",
        base_revision_id=base,
        author=co_author,
    )
    saved = await _next(ana, "section_saved")
    assert saved == {
        "type": "section_saved",
        "section": "problem",
        "by": "Co",
        "revision": result.revision.pk,
        "url": f"/write/{draft.pk}/compare/?from={base}&to={result.revision.pk}",
    }
    await ana.disconnect()


async def test_people_who_may_not_edit_are_refused(draft: ProposalPage, participant: User) -> None:
    socket = WebsocketCommunicator(application, f"/ws/proposals/{draft.pk}/")
    socket.scope["user"] = participant
    connected, _code = await socket.connect(timeout=5)
    assert not connected


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ("not json", "invalid_json"),
        (json.dumps({"type": "editing", "section": "no-such-section"}), "invalid_frame"),
        (json.dumps({"type": "editing"}), "invalid_frame"),
        (json.dumps({"type": "editing", "section": "problem", "extra": 1}), "invalid_frame"),
        (json.dumps({"type": "typing"}), "unknown_type"),
    ],
    ids=["not-json", "unknown-section", "no-section", "extra-field", "unknown-type"],
)
async def test_a_bad_frame_gets_an_error_and_changes_nothing(
    draft: ProposalPage, lead: User, bad: str, code: str
) -> None:
    """The same codes as a thread socket's: one base socket parses every route's frames."""
    socket = await _open(draft, lead)
    await _next(socket, "editors")
    await socket.send_to(text_data=bad)
    error = await _next(socket, "error")
    assert error["code"] == code
    await socket.send_json_to({"type": "editing", "section": "goal"})
    assert await _next(socket, "editors") == {"type": "editors", "sections": {"goal": ["Lead"]}}
    await socket.disconnect()
