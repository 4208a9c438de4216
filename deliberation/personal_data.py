"""What deliberation adds to a person's data export (accounts.services_export, registered
in ``ready``): their poll answers with the options chosen, which the per-row export of
tables that name a person cannot show."""

from typing import Any

from accounts.models import User
from accounts.services_export import plain
from deliberation.models import PollChoice


def poll_choices(user: User) -> list[dict[str, Any]]:
    choices = PollChoice.objects.filter(response__respondent=user).select_related(
        "response__poll", "option"
    )
    return [
        {
            "poll": c.response.poll_id,
            "question": c.response.poll.question,
            "option": c.option.text,
            "rank": c.rank,
            "answered": plain(c.response.modified),
        }
        for c in choices.order_by("response__poll_id", "rank", "option_id")
    ]
