from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    """Stores analysis runs; the numeric core modules of ``analysis`` stay Django-free."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "analysis"
