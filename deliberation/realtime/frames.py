"""The frames every socket may send, whatever it is for: errors and presence."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Frame(BaseModel):
    """A frame of the protocol: a literal ``type`` and no fields beyond its schema."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ErrorEvent(Frame):
    type: Literal["error"] = "error"
    code: str
    detail: str
    client_id: str | None = None


class PresenceEvent(Frame):
    type: Literal["presence"] = "presence"
    count: int = Field(ge=0)


def frame(event: BaseModel) -> dict[str, Any]:
    """The JSON-ready dict of a server event, exactly as sent."""
    return event.model_dump(by_alias=True, mode="json")
