from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import tree_memo  # noqa: F401 - connects the signals that renew its token
