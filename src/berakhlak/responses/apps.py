from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "berakhlak.responses"
    verbose_name = "Respons"
