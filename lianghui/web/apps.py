from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "lianghui.web"
    verbose_name = _("网站外壳")

    def ready(self):
        from lianghui import checks  # noqa: F401 — registers the production start-up checks
