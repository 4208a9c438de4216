"""Whether a reader wants pages to show their easy read version first.

Signed-in readers keep the choice on their account; anonymous readers keep it in a
cookie, set by a plain form so it works without JavaScript.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse

EASY_READ_COOKIE = "hearth_easy_read"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def easy_read_first(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.prefers_easy_read)
    return request.COOKIES.get(EASY_READ_COOKIE) == "1"


def remember_for_anonymous(response: HttpResponse, *, first: bool) -> None:
    if first:
        response.set_cookie(
            EASY_READ_COOKIE, "1", max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax"
        )
    else:
        response.delete_cookie(EASY_READ_COOKIE, samesite="Lax")


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``easy_read_first`` on every page."""
    return {"easy_read_first": easy_read_first(request)}
