"""A poll's results as a live frame: the same fragment its page shows, rendered once per
process and sent to every socket of the thread (deliberation.events.POLL_RESULTS_READER)."""

import json

from django.template.loader import render_to_string

from deliberation.events import PollResultsEvent
from deliberation.models import Poll
from deliberation.realtime.frames import frame
from deliberation.selectors import poll_results


def poll_results_text(poll_id: str) -> str:
    poll = Poll.objects.get(pk=int(poll_id))
    html = render_to_string("deliberation/_poll_results.html", {"results": poll_results(poll)})
    return json.dumps(frame(PollResultsEvent(poll=poll.pk, html=html)))
