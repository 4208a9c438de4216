"""What is open now, for the home page: consultations taking answers, proposals being
written, and the discussions people are taking part in this week.

Only live pages that anyone may read are listed, each once: in the reader's language
where it has been translated into it (common.page_language). Three queries whatever the size of the
site: consultations, proposals, and the people who wrote in their discussions lately.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cms.models import ConsultationPage
from common.page_language import discussions_of, in_readers_language, language_tag_of
from deliberation.models import Thread
from proposals.lifecycle import Stage
from proposals.models import ProposalPage

SHOWN = 6  # of each kind; the index pages list the rest
LATELY = datetime.timedelta(days=7)
CLOSING_SOON = datetime.timedelta(days=14)


@dataclass(frozen=True)
class OpenItem:
    """One thing a person can take part in now."""

    title: str
    url: str
    summary: str
    easy_read_summary: str  # empty where the page keeps its easy read in blocks
    by: str  # the organisation that runs it, or empty
    closes_at: datetime.datetime | None  # consultations only
    closing_soon: bool
    people_lately: int  # people who wrote in its discussion in the last ``LATELY``
    discussion_url: str | None
    language: str  # of its title and summary, for ``lang``: "en-GB", "cy"


@dataclass(frozen=True)
class OpenNow:
    consultations: list[OpenItem]
    proposals: list[OpenItem]

    @property
    def busiest(self) -> list[OpenItem]:
        """The discussions with people in them lately, busiest first."""
        talked = [item for item in [*self.consultations, *self.proposals] if item.people_lately]
        return sorted(talked, key=lambda item: (-item.people_lately, item.title))[:3]

    @property
    def anything(self) -> bool:
        return bool(self.consultations or self.proposals)


def _people_lately(thread_ids: list[int], now: datetime.datetime) -> dict[int, int]:
    recent = Q(
        messages__created__gte=now - LATELY,
        messages__hidden_at__isnull=True,
        messages__deleted_at__isnull=True,
    )
    rows = Thread.objects.filter(pk__in=thread_ids).annotate(
        people=Count("messages__author", filter=recent, distinct=True)
    )
    return {row.pk: row.people for row in rows.only("pk")}


def _discussion_url(thread_id: int | None) -> str | None:
    return reverse("deliberation:thread", args=[thread_id]) if thread_id else None


def open_now(now: datetime.datetime | None = None) -> OpenNow:
    now = now or timezone.now()
    # Enough rows for SHOWN pages in each of their languages; each is then shown once.
    rows = SHOWN * len(settings.LANGUAGES)
    every_consultation = list(
        ConsultationPage.objects.live()
        .public()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("organisation")
        .order_by("closes_at", "title")[:rows]
    )
    every_proposal = list(
        ProposalPage.objects.live()
        .public()
        .filter(stage__in=[Stage.DRAFT, Stage.OPEN])
        .order_by("-last_published_at", "title")[:rows]
    )
    consultations = in_readers_language(every_consultation)[:SHOWN]
    proposals = in_readers_language(every_proposal)[:SHOWN]
    threads = discussions_of([*every_consultation, *every_proposal])
    thread_ids = list(threads.values())
    people = _people_lately(thread_ids, now) if thread_ids else {}
    return OpenNow(
        consultations=[
            OpenItem(
                title=page.title,
                url=page.url or "",
                summary=page.summary,
                easy_read_summary="",
                by=page.organisation.name,
                closes_at=page.closes_at,
                closing_soon=page.closes_at - now <= CLOSING_SOON,
                people_lately=people.get(threads.get(page.translation_key, 0), 0),
                discussion_url=_discussion_url(threads.get(page.translation_key)),
                language=language_tag_of(page),
            )
            for page in consultations
        ],
        proposals=[
            OpenItem(
                title=page.title,
                url=page.url or "",
                summary=page.summary,
                easy_read_summary=page.easy_read_summary,
                by="",
                closes_at=None,
                closing_soon=False,
                people_lately=people.get(threads.get(page.translation_key, 0), 0),
                discussion_url=_discussion_url(threads.get(page.translation_key)),
                language=language_tag_of(page),
            )
            for page in proposals
        ],
    )
