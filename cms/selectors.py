"""Reads for organisation and consultation pages, in a fixed number of queries."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext
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
from common.page_language import at_readers_address, in_readers_language
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
    # Plain Page rows: each link is given the reader's language as their own classes would.
    return tuple(
        (page.title, at_readers_address(page.locale_id, page.get_url(request=request) or ""))
        for page in found
        if page
    )


def consultation_proposals(page: "ConsultationPage") -> "QuerySet[ProposalPage]":
    """The live proposals a consultation links, each with its decision and its
    translations, its easy read version, commitments and their progress updates, each with
    its translations: nine queries however many there are."""

    return (
        ProposalPage.objects.live()
        .filter(consultations=page)
        .select_related("decision__board", "decision__decided_by")
        .prefetch_related(
            "decision__easy_read__image",
            "decision__easy_read__translations",
            "decision__translations",
            Prefetch(
                "decision__commitments",
                queryset=Commitment.objects.select_related("owner_organisation").prefetch_related(
                    "translations",
                    Prefetch(
                        "updates",
                        queryset=ProgressUpdate.objects.order_by("-date", "-pk").prefetch_related(
                            "translations"
                        ),
                    ),
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
        "consultations": in_readers_language(
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
    status: str  # "Met", "Not met" or "Not yet", in the reader's language
    evidence: list[str] = field(default_factory=list)


# Translators: whether a consultation meets one of the Gunning principles.
MET = gettext_noop("Met")
# Translators: whether a consultation meets one of the Gunning principles.
NOT_MET = gettext_noop("Not met")
# Translators: a Gunning principle that cannot be judged until the consultation closes.
NOT_YET = gettext_noop("Not yet")


def _date(value: Any) -> str:
    """'27 November 2026', with the month's name in the reader's language."""
    return date_format(timezone.localtime(value), "j F Y")


def gunning_evidence(page: "ConsultationPage") -> list[Principle]:
    """Each Gunning principle with the evidence this consultation holds for it."""

    proposals = consultation_decisions(page)
    documents = list(page.documents.select_related("document"))

    # 1. Formative stage.
    early = [(p, d) for p, d in proposals if d is not None and d.decided_at < page.opens_at]
    formative = [_("What is still open to change: %(text)s") % {"text": page.open_to_change}]
    if page.already_decided:
        formative.append(_("What was already decided: %(text)s") % {"text": page.already_decided})
    formative.append(
        ngettext(
            "%(count)s proposal linked to the consultation.",
            "%(count)s proposals linked to the consultation.",
            len(proposals),
        )
        % {"count": len(proposals)}
    )
    formative += [
        _("‘%(title)s’ was decided on %(date)s, before the consultation opened.")
        % {"title": p.title, "date": _date(d.decided_at)}
        for p, d in early
    ]
    if proposals and not early:
        formative.append(_("No linked proposal was decided before the consultation opened."))

    # 2. Sufficient reasons.
    given = {
        _("Background"): _text(page.background),
        _("The options"): _text(page.options),
        _("Costs and impacts"): _text(page.costs_and_impacts),
    }
    easy_read_items = len(page.easy_read)
    reasons = [
        # Translators: "Background: given." or "The options: missing." on the Gunning page.
        (_("%(name)s: given.") if text else _("%(name)s: missing.")) % {"name": name}
        for name, text in given.items()
    ]
    if documents:
        reasons.append(
            _("Documents: %(count)s (%(titles)s).")
            % {"count": len(documents), "titles": ", ".join(d.document.title for d in documents)}
        )
    else:
        reasons.append(_("Documents: %(count)s.") % {"count": len(documents)})
    reasons.append(
        ngettext(
            "Easy read version: %(count)s idea.",
            "Easy read version: %(count)s ideas.",
            easy_read_items,
        )
        % {"count": easy_read_items}
        if easy_read_items
        else _("Easy read version: missing.")
    )
    sufficient = all(given.values()) and easy_read_items > 0

    # 3. Adequate time.
    time = [
        _("Opens %(opens)s and closes %(closes)s: %(days)s days.")
        % {
            "opens": _date(page.opens_at),
            "closes": _date(page.closes_at),
            "days": page.window_days,
        },
        _("%(organisation)s’s minimum: %(days)s days.")
        % {"organisation": page.organisation.name, "days": page.minimum_days},
    ]

    # 4. Conscientious consideration.
    closed = page.status() == ConsultationStatus.CLOSED
    considered: list[str] = []
    if not closed:
        considered.append(
            _("The consultation closes on %(date)s.") % {"date": _date(page.closes_at)}
        )
    considered.append(
        _("What we heard: published.")
        if _text(page.what_we_heard)
        else _("What we heard: not yet.")
    )
    considered.append(
        _("What we decided: published.")
        if _text(page.what_we_decided)
        else _("What we decided: not yet.")
    )
    undecided = [p for p, d in proposals if d is None]
    considered += [
        # Translators: %(outcome)s is the board's decision in small letters, as "accepted".
        _("‘%(title)s’: %(outcome)s on %(date)s, because: %(reasons)s")
        % {
            "title": p.title,
            "outcome": d.get_outcome_display().lower(),
            "date": _date(d.decided_at),
            "reasons": d.reasons,
        }
        for p, d in proposals
        if d is not None
    ]
    considered += [_("‘%(title)s’: no decision yet.") % {"title": p.title} for p in undecided]
    answered = bool(_text(page.what_we_heard) and _text(page.what_we_decided)) and not undecided

    return [
        Principle(
            1,
            # Translators: the first Gunning principle of a fair consultation.
            _("Formative stage"),
            _("Were people consulted while the proposals could still change?"),
            _(MET if page.open_to_change.strip() and not early else NOT_MET),
            formative,
        ),
        Principle(
            2,
            # Translators: the second Gunning principle of a fair consultation.
            _("Sufficient reasons"),
            _("Did people have enough information to give an informed answer?"),
            _(MET if sufficient else NOT_MET),
            reasons,
        ),
        Principle(
            3,
            # Translators: the third Gunning principle of a fair consultation.
            _("Adequate time"),
            _("Did people have enough time to answer?"),
            _(NOT_MET if page.shorter_than_minimum else MET),
            time,
        ),
        Principle(
            4,
            # Translators: the fourth Gunning principle of a fair consultation.
            _("Conscientious consideration"),
            _("Were the answers taken into account, and the response published?"),
            _((MET if answered else NOT_MET) if closed else NOT_YET),
            considered,
        ),
    ]


def gunning_csv(page: "ConsultationPage") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            pgettext("Gunning spreadsheet column", "consultation"),
            pgettext("Gunning spreadsheet column", "principle number"),
            pgettext("Gunning spreadsheet column", "principle"),
            pgettext("Gunning spreadsheet column", "status"),
            pgettext("Gunning spreadsheet column", "evidence"),
        ]
    )
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
