from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lianghui.web"
    verbose_name = "网站外壳"
