from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "lianghui.votes"
    verbose_name = "表决"
