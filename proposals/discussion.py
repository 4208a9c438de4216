"""What a proposal's stage allows its discussion, registered with deliberation.lifecycle in
``ProposalsConfig.ready`` (the table is ``DISCUSSION`` in proposals.lifecycle)."""

import dataclasses
import datetime

from django.utils.translation import gettext

from deliberation.lifecycle import Governance
from deliberation.models import Thread
from proposals.lifecycle import DISCUSSION
from proposals.models import ProposalPage


def proposal_governance(thread: Thread, now: datetime.datetime) -> Governance | None:
    stage = ProposalPage.objects.filter(thread_id=thread.pk).values_list("stage", flat=True).first()
    if stage is None:
        return None
    governance = DISCUSSION[stage]
    if not governance.notice:
        return governance  # gettext("") would give the catalogue's header
    # The notice in the language of whoever asks (marked with gettext_noop in the table).
    return dataclasses.replace(governance, notice=gettext(governance.notice))
