"""Answer "service unavailable" (503), not "server error" (500), when the database cannot
be reached, so people and load balancers know to come back instead of reporting a bug.

Django calls the ``handler500`` view inside the ``except`` block of any uncaught
exception, wherever it was raised (view, template, middleware), so the exception is
still in ``sys.exc_info()`` here. The page is static: no request context, because the
context processors would reach for the database that is gone.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def database_unreachable(error: BaseException | None) -> bool:
    # OperationalError: connection refused, database dropped, connection cut mid-query.
    # InterfaceError: a connection already closed under us.
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
