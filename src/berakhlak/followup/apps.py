from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "berakhlak.followup"
    verbose_name = "Tindak lanjut"
