"""One ASGI application for HTTP and WebSockets, served by uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 - needs Django set up
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402 - as above
from django.conf import settings  # noqa: E402 - as above
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402 - as above

from config.routing import websocket_urlpatterns  # noqa: E402 - as above

http_app = ASGIStaticFilesHandler(django_asgi_app) if settings.SERVE_STATIC_FROM_FINDERS else None

application = ProtocolTypeRouter(
    {
        "http": http_app or django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
