from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lianghui.audit"
    verbose_name = "审计日志"
