"""What a consultation's lifecycle allows its discussion (draft, open, closed, responded),
registered with deliberation.lifecycle in ``CmsConfig.ready``.

Everything follows from the published page's dates at the moment of asking: nothing is
stored when a consultation opens or closes, and no job has to run. For the Gunning
principles, nothing written after the closing time is taken.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.models import ConsultationPage
from deliberation.lifecycle import EVERYTHING, NOTHING, Governance, Phase
from deliberation.models import Thread


def when(moment: datetime.datetime) -> str:
    """'27 November 2026', or with the time when it is not midnight."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (0, 0):
        return date_format(local, "j F Y")
    return date_format(local, "j F Y \\a\\t H:i")


def counted_until(consultation: ConsultationPage) -> datetime.datetime | None:
    """Votes stored at or after this moment are not counted: the closing time, once passed."""
    return consultation.closes_at if timezone.now() >= consultation.closes_at else None


def consultation_governance(thread: Thread, now: datetime.datetime) -> Governance | None:
    consultation = (
        ConsultationPage.objects.filter(thread_id=thread.pk)
        .only("live", "opens_at", "closes_at", "what_we_decided")
        .first()
    )
    if consultation is None:
        return None
    if not consultation.live:
        return Governance(
            Phase.NOT_OPEN_YET,
            NOTHING,
            _(
                "This consultation is a draft. Posting and voting start when it is published "
                "and open."
            ),
        )
    if now < consultation.opens_at:
        return Governance(
            Phase.NOT_OPEN_YET,
            NOTHING,
            _(
                "This consultation opens on %(opens)s. You can read about it now; posting and "
                "voting start when it opens."
            )
            % {"opens": when(consultation.opens_at)},
            next_change=consultation.opens_at,
        )
    if now < consultation.closes_at:
        return Governance(Phase.OPEN, EVERYTHING, next_change=consultation.closes_at)
    closed = _(
        "This consultation closed on %(closes)s. You can read everything here; you can no "
        "longer post or vote."
    ) % {"closes": when(consultation.closes_at)}
    if consultation.what_we_decided:
        closed += " " + _("The council has published what it heard and what it decided.")
    return Governance(
        Phase.CLOSED,
        NOTHING,
        closed,
        counted_until=counted_until(consultation),
    )
