"""Writes for Hearth's own pages in the CMS."""

from django.db import transaction

from cms.models import ConsultationPage
from common.page_language import original_of
from deliberation.models import Thread
from deliberation.services.threads import thread_create


@transaction.atomic
def consultation_discussion(*, consultation: ConsultationPage) -> Thread:
    """The consultation's live discussion thread, started the first time anyone needs it.

    One discussion for all its languages: a translation (another locale's copy of the
    page) leads to its original's, where everyone's contributions meet, each marked with
    the language it was written in."""
    locked = ConsultationPage.objects.select_for_update().get(pk=original_of(consultation).pk)
    if locked.thread is None:
        locked.thread = thread_create(title=f"Discussion: {locked.title}"[:200])
        locked.save(update_fields=["thread"])
    return locked.thread
