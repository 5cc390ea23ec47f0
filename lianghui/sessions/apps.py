from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "lianghui.sessions"
    # "sessions" is taken by django.contrib.sessions (sign-in sessions).
    label = "lh_sessions"
    verbose_name = _("届次与会议")
