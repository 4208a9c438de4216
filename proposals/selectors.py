"""Reads for proposals: what pages and views show, in a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import QueryDict
from wagtail.models import Page, Revision

from accounts.models import User
from proposals.decision_selectors import decision_of
from proposals.lifecycle import Stage
from proposals.models import ProposalAuthor, ProposalPage, RevisionNote, Suggestion, Theme
from proposals.sections import SECTIONS, Section

PROPOSALS_PER_PAGE = 20


def proposal_index() -> Page | None:
    """The page new proposals go under. Its type is cms's (``parent_page_types``); asking
    Wagtail for it by that name keeps this app from importing the app above it."""
    (index_model,) = ProposalPage.allowed_parent_page_models()
    return index_model.objects.first()


def section_text(content: ProposalPage, section: str) -> str:
    return str(getattr(content, section) or "")


def latest_revision(proposal: ProposalPage) -> Revision:
    """The newest revision, read from the database (a page instance may be stale)."""
    revision = revisions_of(proposal).first()
    if revision is None:
        raise LookupError(f"Proposal {proposal.pk} has no revision")
    return revision


def latest_content(proposal: ProposalPage) -> ProposalPage:
    """The proposal as its newest revision has it (drafts included)."""
    return latest_revision(proposal).as_object()


@dataclass(frozen=True)
class SectionView:
    section: Section
    text: str


def sections_of(content: ProposalPage) -> list[SectionView]:
    return [SectionView(section, section_text(content, section.name)) for section in SECTIONS]


def authors_of(proposal: ProposalPage) -> QuerySet[ProposalAuthor]:
    return ProposalAuthor.objects.filter(proposal=proposal).select_related("user")


def ledger_of(proposal: ProposalPage) -> QuerySet[RevisionNote]:
    """Who changed what, for the proposal page. Not the revisions themselves: each holds
    a copy of the whole proposal, and loading them was most of the page's reading time."""
    return RevisionNote.objects.filter(proposal=proposal).select_related(
        "author", "suggestion__author"
    )


def person_by_display_name(display_name: str) -> User | None:
    """The person a lead means when adding a co-author by name (case and spaces ignored)."""
    name = display_name.strip()
    if not name:
        return None
    return User.objects.filter(display_name__iexact=name, is_active=True).order_by("pk").first()


def revisions_of(proposal: ProposalPage) -> QuerySet[Revision]:
    return Revision.page_revisions.filter(object_id=str(proposal.pk)).order_by("-pk")


def revision_of(proposal: ProposalPage, revision_id: int) -> Revision:
    return revisions_of(proposal).get(pk=revision_id)


def pending_suggestions(proposal: ProposalPage) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(
        proposal=proposal, status=Suggestion.Status.PENDING
    ).select_related("author")


def proposal_page_context(page: ProposalPage) -> dict[str, Any]:
    return {
        "authors": list(authors_of(page)),
        "revision_count": revisions_of(page).count(),
        "ledger": list(ledger_of(page)),
        "themes": list(page.themes.all()),
        "sections": sections_of(page),
        "easy_read_lines": easy_read_lines(page.easy_read_summary),
        "decision": decision_of(page),
    }


def easy_read_lines(text: str) -> list[str]:
    """The co-authors' easy read summary as one idea per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def proposal_index_context(index: Page, params: QueryDict) -> dict[str, Any]:
    proposals = (
        ProposalPage.objects.child_of(index)
        .live()
        .public()
        .prefetch_related("themes")
        .order_by("-latest_revision_created_at", "-pk")
    )
    themes = list(Theme.objects.annotate(n=Count("proposals")).order_by("name"))
    theme = params.get("theme", "")
    stage = params.get("stage", "")
    if theme:
        proposals = proposals.filter(themes__slug=theme)
    if stage in Stage.values:
        proposals = proposals.filter(stage=stage)
    page: PaginatorPage = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(params.get("page"))
    return {
        "proposals": page,
        "themes": themes,
        "stages": [(value, label) for value, label in Stage.choices if value != Stage.DRAFT],
        "selected_theme": theme,
        "selected_stage": stage if stage in Stage.values else "",
    }
