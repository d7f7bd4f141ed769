from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "berakhlak.opendata"
    verbose_name = "Data terbuka"
