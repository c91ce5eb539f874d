from django.apps import AppConfig


class StyrConfig(AppConfig):
    name = "styr"
    verbose_name = "Styr"
