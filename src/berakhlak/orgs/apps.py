from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "berakhlak.orgs"
    verbose_name = "Organisasi"
