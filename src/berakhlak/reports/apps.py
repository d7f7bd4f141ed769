from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "berakhlak.reports"
    verbose_name = "Laporan"
