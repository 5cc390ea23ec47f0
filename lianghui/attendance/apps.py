from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "lianghui.attendance"
    verbose_name = _("签到与法定人数")
