from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "berakhlak.audit"
    verbose_name = "Audit"
