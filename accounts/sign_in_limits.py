"""Sign-in limits a workshop can live with.

Only failed attempts count: per account (``RATE_LIMITS["sign-in"]``, 10 in 15 minutes by
default), and per address with a high ceiling (``RATE_LIMITS["sign-in-address"]``, 100 in
15 minutes). Forty people signing in on one shared wifi never lock each other out, while
guessing one account's password stops after ten tries, from however many addresses.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

ACCOUNT = "sign-in"
ADDRESS = "sign-in-address"


def _account(group: str, request: HttpRequest) -> str:
    """The account tried, as the sign-in form finds it: case and spaces do not matter."""
    return str(request.POST.get("username", "")).strip().lower()


LIMITS: tuple[tuple[str, Any], ...] = ((ACCOUNT, _account), (ADDRESS, "ip"))


def _usage(request: HttpRequest, group: str, key: Any, *, increment: bool) -> Any:
    return get_usage(
        request,
        group=group,
        key=key,
        rate=settings.RATE_LIMITS[group],
        method="POST",
        increment=increment,
    )


def too_many_failures(request: HttpRequest) -> bool:
    """Whether this attempt must wait: the account or the address has failed too often."""
    for group, key in LIMITS:
        usage = _usage(request, group, key, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def count_failure(request: HttpRequest) -> None:
    for group, key in LIMITS:
        _usage(request, group, key, increment=True)
