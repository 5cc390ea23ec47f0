from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """Congress motions (议案), delegates' suggestions (建议), CPPCC proposals (提案) and
    public-opinion reports (社情民意信息), from filing to the handling unit's answer."""

    name = "lianghui.proposals"
    verbose_name = _("议案、建议与提案")

    def ready(self):
        # Opinions raised in group deliberation become suggestions (from_deliberation.py).
        from lianghui.deliberation import actions
        from lianghui.proposals.from_deliberation import file_from_opinion

        actions.register_router(file_from_opinion)
        # Keep the search words of a filing current whenever it is saved (search.py).
        from lianghui.proposals import search

        search.connect()
        # The stored workflow comes back after a flush (stored_workflow.py).
        from django.db.models.signals import post_migrate

        from lianghui.proposals.stored_workflow import install_after_flush

        post_migrate.connect(install_after_flush, sender=self, dispatch_uid="proposals.workflow")
