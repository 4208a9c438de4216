"""What a page does with a service's refusal when the request came from a button, not from
a form the page can show again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.errors import ServiceError, http_status


def refused(request: HttpRequest, error: ServiceError, *, back: str) -> HttpResponse:
    """A refusal of who the person is (HTTP 403, common.errors.http_status) gets the "you
    cannot" page with its reason and that status; any other goes back to ``back`` (a URL
    or a URL pattern's name), the reason in a banner at the top."""
    status = http_status(error)
    if status == 403:
        return render(request, "403.html", {"reason": error.detail}, status=status)
    messages.error(request, error.detail)
    return redirect(back)
