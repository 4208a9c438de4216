"""Django's ASGI handler with its middleware run synchronously, in one thread hop.

Hearth's views and middleware are synchronous. Django's own ASGI handler runs the
middleware chain in async mode, and every ``MiddlewareMixin`` middleware then hands its
``process_request``, ``process_view`` and ``process_response`` to the sync thread and
back, one hop each: about ten hops for a page, each a round trip through the event
loop. Here the whole chain, view included, runs as Django's WSGI handler runs it, in a
single call on the sync thread; the event loop only reads the request and writes the
response.
"""

from __future__ import annotations

from typing import Any

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # thread_sensitive: the same thread as the request_started and request_finished
        # signals, so the database connection they manage is the one the view used.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_http_application() -> Any:
    """What ``django.core.asgi.get_asgi_application`` does, with the handler above."""
    django.setup(set_prefix=False)
    return SyncChainASGIHandler()
