from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "lianghui.elections"
    verbose_name = "选举"
