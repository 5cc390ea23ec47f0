from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpellationConfig(AppConfig):
    name = "lianghui.interpellation"
    verbose_name = _("质询案")
