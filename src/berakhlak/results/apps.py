from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "berakhlak.results"
    verbose_name = "Hasil"
