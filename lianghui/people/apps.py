from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lianghui.people"
    verbose_name = "人员与机构"
