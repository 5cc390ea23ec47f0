"""ASGI entry point: HTTP through Django, websockets through Channels."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from lianghui.routing import websocket_urlpatterns  # noqa: E402
from lianghui.votes.hot_path import HotPath  # noqa: E402

# Thousands of long-lived websocket consumers make full collections slow (0.3–1.2 s each,
# measured by bench screens); collect the oldest generation less often.
gc.set_threshold(700, 10, 1000)

application = ProtocolTypeRouter(
    {
        "http": HotPath(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
