from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "lianghui.scrutiny"
    verbose_name = "监票与计票密钥"
    default_auto_field = "django.db.models.BigAutoField"
