"""Content-Security-Policy middleware: strict everywhere, one exception for the CMS admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"


class HearthCSPMiddleware(CSPMiddleware):
    """Wagtail's admin still renders a few inline scripts (date pickers, inline panels).

    Only its pages, which only signed-in staff reach, may run inline script. Every page
    the public and participants see keeps the policy from settings, with no inline
    script or style at all.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts
