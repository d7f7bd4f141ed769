from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "berakhlak.surveys"
    verbose_name = "Survei"
