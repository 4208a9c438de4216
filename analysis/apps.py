from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    """Stores analysis runs of the Django-free core, :mod:`opinion_core`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "analysis"
