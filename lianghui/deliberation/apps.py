from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    """Group deliberations (分组审议): who attended, who spoke on what; and the oath (宪法宣誓)."""

    name = "lianghui.deliberation"
    verbose_name = _("分组审议与宪法宣誓")
