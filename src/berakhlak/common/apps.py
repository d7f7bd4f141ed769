from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "berakhlak.common"
    verbose_name = "Bersama"
