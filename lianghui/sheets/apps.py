from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    name = "lianghui.sheets"
    verbose_name = _("会务报表")
