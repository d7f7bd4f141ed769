from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "berakhlak.uploads"
    verbose_name = "Berkas unggahan"
