from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "berakhlak.accounts"
    verbose_name = "Akun"
