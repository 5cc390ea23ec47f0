from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "lianghui.attendance"
    verbose_name = "签到与法定人数"
