from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """What comes out of a session: the chronicle (会议纪实) and open data exports."""

    name = "lianghui.records"
    verbose_name = _("会议纪实与开放数据")
