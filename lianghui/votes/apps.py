from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "lianghui.votes"
    verbose_name = _("表决")
