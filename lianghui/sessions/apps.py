from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "lianghui.sessions"
    # "sessions" is taken by django.contrib.sessions (sign-in sessions).
    label = "lh_sessions"
    verbose_name = _("届次与会议")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from lianghui.sessions import live

        request_started.connect(live.hold_until_response, dispatch_uid="live.hold")
        request_finished.connect(live.send_held, dispatch_uid="live.send_held")
