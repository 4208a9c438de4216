"""One ASGI application for HTTP and WebSockets, served by uvicorn."""

import gc
import os
from importlib import import_module

from config.asgi_http import get_http_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Django must be set up before anything imports models.
django_asgi_app = get_http_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 - needs Django set up
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402 - as above
from django.conf import settings  # noqa: E402 - as above
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402 - as above

from config.handshakes import HandshakeLimit  # noqa: E402 - as above
from config.routing import websocket_urlpatterns  # noqa: E402 - as above

http_app = ASGIStaticFilesHandler(django_asgi_app) if settings.SERVE_STATIC_FROM_FINDERS else None

application = ProtocolTypeRouter(
    {
        "http": http_app or django_asgi_app,
        # Outermost, so that a refused handshake costs no session or origin check.
        "websocket": HandshakeLimit(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
            max_wait=settings.WEBSOCKET_HANDSHAKE_MAX_WAIT,
        ),
    }
)

# What is loaded by now (Django, Wagtail, the URL configuration: some 190,000 objects)
# lives as long as the process. Frozen, the garbage collector's full passes skip it
# instead of walking all of it, a pause of over 100 ms (measured on a 2-core machine)
# in whichever request sets one off.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
