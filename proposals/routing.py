from django.urls import path

from proposals.consumers import CoWritingConsumer

websocket_urlpatterns = [
    path("ws/proposals/<int:proposal_id>/", CoWritingConsumer.as_asgi()),
]
