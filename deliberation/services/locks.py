"""The thread row locks that keep a write and a pause (or resume) in turn.

A pause, a resume and a post lock the thread's row outright (``select_for_update``): a
post also checks slow mode, which two posts must not both pass. Votes and poll answers
only need the pause not to change under them, so on PostgreSQL they take the row's
``FOR KEY SHARE`` lock, which a pause's lock waits for and which other votes share: a
burst of votes in one thread is not made to queue on its row. SQLite has one writer at a
time, so there the plain lock costs nothing more.
"""

from django.db import connection
from django.utils.translation import gettext as _

from common.errors import ServiceError
from deliberation.errors import NOT_FOUND
from deliberation.models import Thread

# The table is the model's own (Thread._meta.db_table); raw SQL as Django has no FOR KEY SHARE.
KEY_SHARE = "SELECT * FROM deliberation_thread WHERE id = %s FOR KEY SHARE"


def thread_locked_against_pause(thread_id: int) -> Thread:
    """The thread, read afresh and locked until the transaction ends against a pause or
    resume (which waits for it), but shared with other votes and answers. A ServiceError
    (``not_found``) if there is no such thread."""
    if connection.vendor != "postgresql":
        thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
    else:
        thread = next(iter(Thread.objects.raw(KEY_SHARE, [thread_id])), None)
    if thread is None:
        raise ServiceError(NOT_FOUND, _("There is no thread with that number."))
    return thread
