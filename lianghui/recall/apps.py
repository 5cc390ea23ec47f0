from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecallConfig(AppConfig):
    """Recall (罢免) and resignation (辞职) of officers the congress elected: both end in the
    congress's own vote, which the votes app holds."""

    name = "lianghui.recall"
    verbose_name = _("罢免与辞职")
