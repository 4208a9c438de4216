from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = "Deliberation"
    default_auto_field = "django.db.models.BigAutoField"
