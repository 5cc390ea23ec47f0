from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "lianghui.sessions"
    # "sessions" is taken by django.contrib.sessions (sign-in sessions).
    label = "lh_sessions"
    verbose_name = "届次与会议"
