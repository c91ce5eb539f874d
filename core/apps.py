from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: what every app uses. It imports no app of Styr's."""

    name = "core"
    verbose_name = "Styr"
