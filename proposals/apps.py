from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Proposals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from deliberation.lifecycle import register_governor
        from proposals.discussion import proposal_governance

        register_governor(proposal_governance)
