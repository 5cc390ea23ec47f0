from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    """Congress motions (议案), delegates' suggestions (建议), CPPCC proposals (提案) and
    public-opinion reports (社情民意信息), from filing to the handling unit's answer."""

    name = "lianghui.proposals"
    verbose_name = "议案、建议与提案"
