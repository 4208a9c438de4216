"""Django's ASGI handler, with each request served in one hop to a fixed pool of threads.

Hearth's views and middleware are synchronous. Django's own ASGI handler serves a
request in several hops between the event loop and a thread: the ``request_started``
signal, the middleware chain and view, the response's ``close()`` (``request_finished``),
each a round trip through the event loop, on a thread made for that request alone. Under
a burst of form posts, the thread set-up, the hops and the threads contending for the
interpreter lock cost more than the view itself.

Here the event loop reads the request body, then one call on a pool thread does what
Django's WSGI handler does (the signals, middleware, view, and ``close()``, which hands
the database connection back to the pool), and the loop writes the response. The pool
is small and fixed (``HTTP_THREADS`` per worker process): a few threads keep a worker's
core busy while others wait on PostgreSQL or Redis, and more only contend for the lock.

A streaming response's content is gathered on the pool thread before it is sent, as
Django's handler gathers it for a synchronous iterator, so no pool thread waits on a
slow client.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import django
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import set_script_prefix


class OneHopASGIHandler(ASGIHandler):
    def __init__(self, *, threads: int) -> None:
        super().__init__()
        self.threads = ThreadPoolExecutor(threads, thread_name_prefix="http")

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            # The pool of our own (HTTP_THREADS), not asgiref's one thread: see above.
            respond = sync_to_async(self.respond, thread_sensitive=False, executor=self.threads)
            response = await respond(scope, body_file)
        finally:
            body_file.close()
        await self.send_response(response, send)

    def respond(self, scope: dict[str, Any], body_file: Any) -> HttpResponseBase:
        """The request from start to finish, as under WSGI; the response is closed (its
        ``request_finished`` sent) and holds all its content."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, refused = self.create_request(scope, body_file)
        response = refused if request is None else self.get_response(request)
        assert response is not None  # create_request gives a request or a response
        try:
            if isinstance(response, StreamingHttpResponse):
                gathered = HttpResponse(b"".join(response), status=response.status_code)
                gathered.headers = response.headers
                gathered.cookies = response.cookies
                return gathered
            return response
        finally:
            response.close()


def get_http_application() -> OneHopASGIHandler:
    """What ``django.core.asgi.get_asgi_application`` does, with the handler above."""
    django.setup(set_prefix=False)
    return OneHopASGIHandler(threads=settings.HTTP_THREADS)
