from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "berakhlak.evaluation"
    verbose_name = "Evaluasi"
