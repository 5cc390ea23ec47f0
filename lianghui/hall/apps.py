from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "lianghui.hall"
    verbose_name = _("会场实时")

    def ready(self):
        # The live push in sessions knows nothing of votes or speakers; the hall tells it
        # how to build a meeting's snapshot, so imports keep running one way.
        from lianghui.hall.snapshot import build_snapshot
        from lianghui.sessions import live

        live.register_snapshot_builder(build_snapshot)
