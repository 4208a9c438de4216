"""HTTP behaviour shared by every read-only API view: methods, CORS, caching, ETags.

The API publishes public data and never reads cookies, so any site may read it
(``Access-Control-Allow-Origin: *``, no credentials), shared caches may keep it for a
short while, and a client that already has the current version gets ``304 Not
Modified`` for its ``If-None-Match``. A few lines on Django's own cache helpers do
all of this; a CORS package would add settings and middleware for one wildcard header.
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.views.decorators.csrf import csrf_exempt

from common.errors import ServiceError, http_status

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Long enough to spare the server a burst of identical requests, short enough that a
# new decision or report shows within minutes.
MAX_AGE_SECONDS = 300
# What a browser may send in a cross-site request: conditional GETs need these.
ALLOWED_REQUEST_HEADERS = "If-None-Match, If-Modified-Since"
PREFLIGHT_MAX_AGE_SECONDS = 86400

View = Callable[..., HttpResponse]


def _allow_any_origin(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def read_only_api(view: View) -> View:
    """GET, HEAD and OPTIONS only (405 otherwise); CORS for any origin; public short cache
    and an ETag on each 200, with 304 when the client's copy is current; not found as
    JSON ``{"detail": ...}`` with status 404; a refused parameter (a ServiceError) as JSON
    ``{"detail", "code", "parameter"}`` with its status, 400 for a bad ``page``.

    Exempt from CSRF because it never changes anything; otherwise a POST would get the
    CSRF 403 instead of the 405 the OpenAPI document promises.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return _allow_any_origin(HttpResponseNotAllowed(ALLOWED_METHODS))
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
            return _allow_any_origin(response)
        try:
            response = view(request, *args, **kwargs)
        except Http404 as missing:
            # Answered here, not by Django's HTML page, so that a script on another site
            # can read it (CORS) and parse it like every other answer of the API.
            response = JsonResponse({"detail": str(missing) or "Not found."}, status=404)
        except ServiceError as refused:
            body = {"detail": refused.detail, "code": refused.code}
            if refused.field:
                body["parameter"] = refused.field
            response = JsonResponse(body, status=http_status(refused))
        if response.status_code == 200 and not response.streaming:
            set_response_etag(response)
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
            conditional = get_conditional_response(
                request, etag=response["ETag"], response=response
            )
            response = conditional or response
        return _allow_any_origin(response)

    return wrapper
