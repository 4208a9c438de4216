from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = "Deliberation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.on_behalf import register_on_behalf_kind
        from accounts.services_export import register_export
        from deliberation.on_behalf import KINDS
        from deliberation.personal_data import poll_choices

        for kind in KINDS:
            register_on_behalf_kind(kind)
        register_export("poll_choices", poll_choices)
