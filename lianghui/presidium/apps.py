from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresidiumConfig(AppConfig):
    name = "lianghui.presidium"
    verbose_name = _("主席团")

    def ready(self):
        from lianghui.presidium.actions import AgendaGate
        from lianghui.sessions import setup

        setup.register_agenda_gate(AgendaGate())
