"""One error type for everything a person may get wrong or may not do."""


class ClientError(Exception):
    """A refusal a person can act on. Consumers turn it into an ``error`` frame, views into
    a form error or a message. Nothing has been written when it is raised.

    ``code`` is stable (tests and clients rely on it); ``detail`` is plain English.
    """

    def __init__(self, code: str, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.field = field


FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
INVALID_JSON = "invalid_json"
INVALID_FRAME = "invalid_frame"
UNKNOWN_TYPE = "unknown_type"
EMPTY = "empty"
TOO_LONG = "too_long"
RATE_LIMITED = "rate_limited"
SLOW_MODE = "slow_mode"
INVALID_REPLY = "invalid_reply"
INVALID_VOTE = "invalid_vote"
POLL_CLOSED = "poll_closed"
INVALID_ANSWER = "invalid_answer"
EDIT_WINDOW_PASSED = "edit_window_passed"
