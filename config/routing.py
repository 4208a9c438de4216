from django.urls import path

from config.health import PingConsumer
from deliberation.routing import websocket_urlpatterns as deliberation_websockets
from proposals.routing import websocket_urlpatterns as proposal_websockets

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *deliberation_websockets,
    *proposal_websockets,
]
