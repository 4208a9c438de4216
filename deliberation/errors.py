"""The codes of the refusals a thread page or socket may give (common.errors.ServiceError)."""

# The codes every app may give, kept in common.errors; named here too for this app's callers.
from common.errors import FORBIDDEN as FORBIDDEN
from common.errors import RATE_LIMITED as RATE_LIMITED

NOT_FOUND = "not_found"
INVALID_JSON = "invalid_json"
INVALID_FRAME = "invalid_frame"
UNKNOWN_TYPE = "unknown_type"
EMPTY = "empty"
TOO_LONG = "too_long"
SLOW_MODE = "slow_mode"
INVALID_REPLY = "invalid_reply"
INVALID_VOTE = "invalid_vote"
POLL_CLOSED = "poll_closed"
INVALID_ANSWER = "invalid_answer"
EDIT_WINDOW_PASSED = "edit_window_passed"
# The discussion's lifecycle does not allow this now (deliberation.lifecycle).
CLOSED = "closed"
PAUSED = "paused"
# A contribution said to be in a language Hearth does not offer (deliberation.languages).
INVALID_LANGUAGE = "invalid_language"
