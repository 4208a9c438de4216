from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.on_behalf import register_on_behalf_kind
        from deliberation.lifecycle import register_governor
        from proposals.discussion import proposal_governance
        from proposals.on_behalf import KINDS

        register_governor(proposal_governance)
        for kind in KINDS:
            register_on_behalf_kind(kind)
