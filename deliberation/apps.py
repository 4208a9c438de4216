from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = _("Deliberation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.on_behalf import register_on_behalf_kind
        from accounts.services_export import register_export
        from deliberation.events import POLL_RESULTS_READER, TALLY_READER
        from deliberation.live_polls import poll_results_text
        from deliberation.on_behalf import KINDS
        from deliberation.personal_data import poll_choices
        from deliberation.realtime.fanout import register_reader
        from deliberation.selectors import tally_text

        for kind in KINDS:
            register_on_behalf_kind(kind)
        register_export("poll_choices", poll_choices)
        register_reader(TALLY_READER, tally_text)
        register_reader(POLL_RESULTS_READER, poll_results_text)
