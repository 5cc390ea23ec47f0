from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallsConfig(AppConfig):
    name = "lianghui.halls"
    verbose_name = _("会场与座次")
