from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The low-level package as a Django app only to hold the page tree's change log."""

    name = "common"
    verbose_name = "Common"
    default_auto_field = "django.db.models.BigAutoField"
