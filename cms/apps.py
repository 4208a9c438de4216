from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.discussion import consultation_governance
        from common import page_tree  # noqa: F401 - connects the signals that renew its token
        from deliberation.lifecycle import register_governor

        register_governor(consultation_governance)
