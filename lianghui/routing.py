from django.urls import path

from lianghui.hall.consumers import HallConsumer

websocket_urlpatterns = [
    path("ws/meetings/<int:meeting_id>/", HallConsumer.as_asgi()),
]
