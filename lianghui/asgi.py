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

application = ProtocolTypeRouter(
    {
        "http": HotPath(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# The collector stops the whole worker while it runs. Thousands of long-lived websocket
# consumers made full collections slow (0.3–1.2 s each, measured by bench screens): the
# oldest generation is collected rarely. In a burst of presses with 3,000 screens (each
# push a write task per socket), young collections every 700 allocations stopped a worker
# for 20–55 ms several times a second. So: what is loaded by now (Django, the app) is
# frozen out of every collection, and young collections come every 50,000 allocations.
# Burst p99, PostgreSQL, 2 workers: 148–228 ms over five runs, against 281–769 ms without;
# every 20,000 or 100,000 allocations did no better (python -m bench votes --scenario burst).
gc.freeze()
gc.set_threshold(50_000, 20, 1000)
