"""Reads for organisation and consultation pages, in a fixed number of queries."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.html import strip_tags
from wagtail.models import Page, Site

from accounts.models import MembershipRole
from cms.models import (
    AccessibilityStatementPage,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationStatus,
    OrganisationPage,
    PrivacyNoticePage,
)
from cms.rules import can
from common.page_tree import remembered
from common.spreadsheets import safe_cell
from proposals.models import TEXT_FIELDS, Commitment, ProgressUpdate, ProposalPage


def _text(html: object) -> str:
    return " ".join(strip_tags(str(html or "")).split())


def footer_links(request: HttpRequest | None) -> tuple[tuple[str, str], ...]:
    """(title, URL) of the accessibility statement and the privacy notice, wherever
    editors put them: the first live page of each type in tree order.

    On every page, so remembered until the page tree changes (:mod:`common.page_tree`),
    for each site, since a page's URL is relative within its own site, and each language,
    since a page's URL carries the language it is read in (``/cy/...``).
    """
    site = Site.find_for_request(request)
    key = ("footer", site.pk if site else None, translation.get_language())
    return remembered(key, lambda: _footer_links(request))


def _footer_links(request: HttpRequest | None) -> tuple[tuple[str, str], ...]:
    # Imported here, like the type hints above: cms.models uses this module.

    models = (AccessibilityStatementPage, PrivacyNoticePage)
    types = ContentType.objects.get_for_models(*models)  # cached per process
    first: dict[int, Page] = {}
    for page in Page.objects.live().filter(content_type__in=types.values()).order_by("path"):
        first.setdefault(page.content_type_id, page)
    found = [first.get(types[model].pk) for model in models]
    return tuple((page.title, page.get_url(request=request) or "") for page in found if page)


def consultation_proposals(page: "ConsultationPage") -> "QuerySet[ProposalPage]":
    """The live proposals a consultation links, each with its decision, its easy read
    version, commitments and their progress updates: five queries however many there are."""

    return (
        ProposalPage.objects.live()
        .filter(consultations=page)
        .select_related("decision__board", "decision__decided_by")
        .prefetch_related(
            "decision__easy_read__image",
            Prefetch(
                "decision__commitments",
                queryset=Commitment.objects.select_related("owner_organisation").prefetch_related(
                    Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
                ),
            ),
        )
        .order_by("title", "pk")
    )


def _decision(proposal: "ProposalPage") -> Any:
    try:
        return proposal.decision
    except proposal.__class__.decision.RelatedObjectDoesNotExist:
        return None


def consultation_outcomes(page: "ConsultationPage") -> list[tuple["ProposalPage", Any]]:
    """Each live proposal the consultation links, with its decision or None, for the
    consultation's own page, which shows titles and outcomes only: one query, without
    the proposals' text or the decisions' commitments (:func:`consultation_proposals`)."""

    proposals = (
        ProposalPage.objects.live()
        .filter(consultations=page)
        .select_related("decision")
        .defer(*TEXT_FIELDS, "easy_read")
        .order_by("title", "pk")
    )
    return [(proposal, _decision(proposal)) for proposal in proposals]


def consultation_decisions(page: "ConsultationPage") -> list[tuple["ProposalPage", Any]]:
    """Each live proposal the consultation links, with its decision in full or None."""
    return [(proposal, _decision(proposal)) for proposal in consultation_proposals(page)]


def consultation_page_context(page: "ConsultationPage", request: HttpRequest) -> dict[str, Any]:
    base_url = page.get_url(request=request) or ""
    return {
        "status": page.status(),
        "documents": list(page.documents.select_related("document")),
        "proposals": consultation_outcomes(page),
        "organisation_page": getattr(page.organisation, "page", None),
        "short_window_warning": (
            page.short_window_warning()
            if can(request.user, "cms.manage_consultation", page)
            else ""
        ),
        "gunning_url": base_url + page.reverse_subpage("gunning"),
        "gunning_csv_url": base_url + page.reverse_subpage("gunning_csv"),
        "you_said_we_did_url": base_url + page.reverse_subpage("you_said_we_did"),
        "discussion_url": base_url + page.reverse_subpage("discussion"),
        "report_url": base_url + page.reverse_subpage("report"),
    }


def consultation_index_context(index: "ConsultationIndexPage") -> dict[str, Any]:

    consultations = list(
        ConsultationPage.objects.child_of(index)
        .live()
        .public()
        .select_related("organisation")
        .order_by("-opens_at", "-pk")
    )
    return {"consultations": consultations}


def organisation_page_context(page: "OrganisationPage") -> dict[str, Any]:

    organisation = page.organisation
    return {
        "consultations": list(
            ConsultationPage.objects.live()
            .public()
            .filter(organisation=organisation)
            .order_by("-opens_at", "-pk")
        ),
        "board_members": list(
            organisation.memberships.filter(role=MembershipRole.BOARD_MEMBER).select_related("user")
        ),
    }


# ---- the Gunning principles --------------------------------------------------------


@dataclass(frozen=True)
class Principle:
    number: int
    name: str
    question: str
    status: str  # "Met", "Not met" or "Not yet"
    evidence: list[str] = field(default_factory=list)


MET, NOT_MET, NOT_YET = "Met", "Not met", "Not yet"


def _date(value: Any) -> str:

    return f"{timezone.localtime(value):%-d %B %Y}"


def gunning_evidence(page: "ConsultationPage") -> list[Principle]:
    """Each Gunning principle with the evidence this consultation holds for it."""

    proposals = consultation_decisions(page)
    documents = list(page.documents.select_related("document"))

    # 1. Formative stage.
    early = [(p, d) for p, d in proposals if d is not None and d.decided_at < page.opens_at]
    formative = [f"What is still open to change: {page.open_to_change}"]
    if page.already_decided:
        formative.append(f"What was already decided: {page.already_decided}")
    formative.append(
        f"{len(proposals)} proposal{'s' if len(proposals) != 1 else ''} linked to the consultation."
    )
    formative += [
        f"‘{p.title}’ was decided on {_date(d.decided_at)}, before the consultation opened."
        for p, d in early
    ]
    if proposals and not early:
        formative.append("No linked proposal was decided before the consultation opened.")

    # 2. Sufficient reasons.
    given = {
        "Background": _text(page.background),
        "The options": _text(page.options),
        "Costs and impacts": _text(page.costs_and_impacts),
    }
    easy_read_items = len(page.easy_read)
    reasons = [f"{name}: {'given' if text else 'missing'}." for name, text in given.items()]
    reasons.append(
        f"Documents: {len(documents)}"
        + (f" ({', '.join(d.document.title for d in documents)})." if documents else ".")
    )
    reasons.append(
        f"Easy read version: {easy_read_items} idea{'s' if easy_read_items != 1 else ''}."
        if easy_read_items
        else "Easy read version: missing."
    )
    sufficient = all(given.values()) and easy_read_items > 0

    # 3. Adequate time.
    time = [
        f"Opens {_date(page.opens_at)} and closes {_date(page.closes_at)}: "
        f"{page.window_days} days.",
        f"{page.organisation.name}’s minimum: {page.minimum_days} days.",
    ]

    # 4. Conscientious consideration.
    closed = page.status() == ConsultationStatus.CLOSED
    considered: list[str] = []
    if not closed:
        considered.append(f"The consultation closes on {_date(page.closes_at)}.")
    considered.append(
        "What we heard: published." if _text(page.what_we_heard) else "What we heard: not yet."
    )
    considered.append(
        "What we decided: published."
        if _text(page.what_we_decided)
        else "What we decided: not yet."
    )
    undecided = [p for p, d in proposals if d is None]
    considered += [
        f"‘{p.title}’: {d.get_outcome_display().lower()} on {_date(d.decided_at)}, "
        f"because: {d.reasons}"
        for p, d in proposals
        if d is not None
    ]
    considered += [f"‘{p.title}’: no decision yet." for p in undecided]
    answered = bool(_text(page.what_we_heard) and _text(page.what_we_decided)) and not undecided

    return [
        Principle(
            1,
            "Formative stage",
            "Were people consulted while the proposals could still change?",
            MET if page.open_to_change.strip() and not early else NOT_MET,
            formative,
        ),
        Principle(
            2,
            "Sufficient reasons",
            "Did people have enough information to give an informed answer?",
            MET if sufficient else NOT_MET,
            reasons,
        ),
        Principle(
            3,
            "Adequate time",
            "Did people have enough time to answer?",
            NOT_MET if page.shorter_than_minimum else MET,
            time,
        ),
        Principle(
            4,
            "Conscientious consideration",
            "Were the answers taken into account, and the response published?",
            (MET if answered else NOT_MET) if closed else NOT_YET,
            considered,
        ),
    ]


def gunning_csv(page: "ConsultationPage") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["consultation", "principle number", "principle", "status", "evidence"])
    for principle in gunning_evidence(page):
        for item in principle.evidence:
            writer.writerow(
                [
                    safe_cell(page.title),
                    principle.number,
                    principle.name,
                    principle.status,
                    safe_cell(item),
                ]
            )
    return out.getvalue()
