"""Open data: what Hearth publishes for anyone to reuse, read only.

Selectors and serialisers for the CSV exports of a published consultation's discussion
and for the read-only JSON API (``/api/v1/``), plus the hand-written OpenAPI document
that describes that API. Views (cms.open_data_views) only parse a request and call these.

Nobody is named in the CSVs: a participant is a keyed hash of the consultation and the
person, so the same person has unrelated ids in two consultations and ids cannot be
turned back into accounts without the site's secret key. Only what the public can see
is exported: accepted statements, votes on them, and messages that are neither hidden
nor deleted.
"""

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models import Value as V
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from cms.discussion import counted_until
from cms.models import ConsultationPage, ConsultationStatus
from common.errors import ServiceError
from common.page_language import originals
from common.spreadsheets import safe_cell
from deliberation.models import Message, Statement, StatementStatus, Vote, VoteValue
from proposals.decision_selectors import decisions_with_commitments
from proposals.lifecycle import Stage
from proposals.models import (
    TEXT_FIELDS,
    AuthorRole,
    Decision,
    Outcome,
    ProgressStatus,
    ProposalAuthor,
    ProposalPage,
)
from proposals.sections import BY_NAME

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50
INVALID_PAGE = "invalid_page"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# ---- pseudonyms and spreadsheet safety -------------------------------------------------


def participant_id(*, consultation_pk: int, user_pk: int) -> str:
    """A stable pseudonym for one person within one consultation (16 hex characters)."""
    key = settings.SECRET_KEY.encode()
    message = f"{consultation_pk}:{user_pk}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


# ---- the CSV datasets ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a dataset: its name (the CSV's header, the same in every language) and
    what it means, in the language of the page that shows it."""

    name: str
    meaning: "StrOrPromise"


@dataclass(frozen=True)
class Dataset:
    name: str
    title: "StrOrPromise"
    description: "StrOrPromise"
    columns: tuple[Column, ...]

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


STATEMENTS = Dataset(
    "statements",
    _("Statements"),
    _("Each statement people could vote on, once a facilitator accepted it."),
    (
        Column("statement_id", _("Hearth's number for the statement.")),
        Column("participant_id", _("Pseudonymous id of the person who wrote it.")),
        Column("created", _("When it was written (ISO 8601, UTC).")),
        Column("text", _("The statement as people saw it.")),
        # Translators: “true” is written in the file as it is, in every language.
        Column("is_seed", _("true if a facilitator wrote it to start the conversation.")),
        # Translators: “true” is written in the file as it is, in every language.
        Column("is_meta", _("true if it is about the conversation itself.")),
        Column("agree", _("How many people agreed.")),
        Column("disagree", _("How many people disagreed.")),
        Column("pass", _("How many people passed or were unsure.")),
    ),
)
VOTES = Dataset(
    "votes",
    _("Votes"),
    _("Each person's latest vote on each accepted statement."),
    (
        # Translators: statements.csv is the name of a file, the same in every language.
        Column("statement_id", _("The statement voted on (see statements.csv).")),
        Column("participant_id", _("Pseudonymous id of the person who voted.")),
        # Translators: 1, -1 and 0 are the values written in the file.
        Column("value", _("1 agree, -1 disagree, 0 pass or unsure.")),
        Column("voted", _("When the vote was last cast or changed (ISO 8601, UTC).")),
    ),
)
MESSAGES = Dataset(
    "messages",
    _("Messages"),
    _(
        "Each message in the consultation's discussion that is still shown on the site. "
        "Messages a moderator hid and messages their author deleted are left out."
    ),
    (
        Column("message_id", _("Hearth's number for the message.")),
        Column("participant_id", _("Pseudonymous id of the person who wrote it.")),
        Column("created", _("When it was posted (ISO 8601, UTC).")),
        Column("edited", _("When it was last edited, or empty.")),
        Column(
            "reply_to",
            # Translators: message_id is the name of a column, the same in every language.
            _("The message_id it answers, or empty (also empty if that one is hidden)."),
        ),
        Column("body", _("The text as written (Markdown).")),
    ),
)
DATASETS: dict[str, Dataset] = {d.name: d for d in (STATEMENTS, VOTES, MESSAGES)}


def published_consultations() -> QuerySet[ConsultationPage]:
    """Consultations anyone can read: live, and not behind a view restriction; each once,
    in the language it was first written in (its translations share its discussion)."""
    return originals(ConsultationPage.objects.live().public()).order_by("-opens_at", "pk")


def published_consultation(slug: str) -> ConsultationPage | None:
    return published_consultations().select_related("organisation").filter(slug=slug).first()


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _counted(consultation: ConsultationPage, prefix: str = "votes__") -> Q:
    """Votes cast before the consultation closed; later ones are kept but not counted."""
    until = counted_until(consultation)
    return Q() if until is None else Q(**{f"{prefix}modified__lt": until})


def _statement_rows(consultation: ConsultationPage) -> Iterator[list[object]]:
    counted = _counted(consultation)
    rows = (
        Statement.objects.filter(thread_id=consultation.thread_id, status=StatementStatus.ACCEPTED)
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=VoteValue.AGREE) & counted),
            n_disagree=Count("votes", filter=Q(votes__value=VoteValue.DISAGREE) & counted),
            n_pass=Count("votes", filter=Q(votes__value=VoteValue.PASS) & counted),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "author_id",
            "created",
            "text",
            "is_seed",
            "is_meta",
            "n_agree",
            "n_disagree",
            "n_pass",
        )
    )
    for pk, author, created, text, seed, meta, agree, disagree, passed in rows.iterator(2000):
        pid = participant_id(consultation_pk=consultation.pk, user_pk=author)
        yield [pk, pid, _iso(created), text, _bool(seed), _bool(meta), agree, disagree, passed]


def _vote_rows(consultation: ConsultationPage) -> Iterator[list[object]]:
    rows = (
        Vote.objects.filter(
            statement__thread_id=consultation.thread_id,
            statement__status=StatementStatus.ACCEPTED,
        )
        .filter(_counted(consultation, prefix=""))
        .order_by("statement_id", "pk")
        .values_list("statement_id", "voter_id", "value", "modified")
    )
    for statement, voter, value, modified in rows.iterator(5000):
        pid = participant_id(consultation_pk=consultation.pk, user_pk=voter)
        yield [statement, pid, value, _iso(modified)]


def _message_rows(consultation: ConsultationPage) -> Iterator[list[object]]:
    rows = (
        Message.objects.filter(
            thread_id=consultation.thread_id, hidden_at__isnull=True, deleted_at__isnull=True
        )
        .order_by("pk")
        .values_list(
            "pk",
            "author_id",
            "created",
            "edited_at",
            "reply_to_id",
            "reply_to__hidden_at",
            "reply_to__deleted_at",
            "body",
        )
    )
    for pk, author, created, edited, reply_to, r_hidden, r_deleted, body in rows.iterator(2000):
        pid = participant_id(consultation_pk=consultation.pk, user_pk=author)
        shown_reply = reply_to if r_hidden is None and r_deleted is None else None
        yield [pk, pid, _iso(created), _iso(edited), shown_reply or "", body]


_ROWS = {"statements": _statement_rows, "votes": _vote_rows, "messages": _message_rows}


def dataset_rows(consultation: ConsultationPage, dataset: Dataset) -> Iterator[list[object]]:
    """The header, then each row of ``dataset`` for ``consultation``, every cell
    neutralised against formula injection. Empty (header only) before any discussion."""
    yield list(dataset.header)
    if consultation.thread_id is None:
        return
    for row in _ROWS[dataset.name](consultation):
        yield [safe_cell(cell) for cell in row]


# ---- the JSON API: serialisers ---------------------------------------------------------


def paginate(items: QuerySet[Any], page: str | None) -> PaginatorPage[Any]:
    """The requested page, the first when none is asked for. A page that is not a whole
    number from 1 to the last is refused (a ServiceError naming ``page``) rather than
    answered with another page the client did not ask for."""
    paginator = Paginator(items, PAGE_SIZE)
    if page is None:
        return paginator.page(1)
    number = int(page) if page.isascii() and page.isdigit() else 0
    if not 1 <= number <= paginator.num_pages:
        last = paginator.num_pages
        choice = "1" if last == 1 else f"a whole number from 1 to {last}"
        raise ServiceError(
            INVALID_PAGE,
            f"Send page as {choice}, or leave it out for the first page; not {page!r}.",
            field="page",
        )
    return paginator.page(number)


def page_envelope(page: PaginatorPage[Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "count": page.paginator.count,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "next": page.next_page_number() if page.has_next() else None,
        "previous": page.previous_page_number() if page.has_previous() else None,
        "results": results,
    }


# Pass the request where there is one: Wagtail then looks up the site's root paths once
# per request instead of once per page, and links name the host and scheme the client
# used, not the Site record's hostname (``localhost`` until an administrator edits it).


def _full_url(page: Any, request: HttpRequest | None) -> str:
    if request is None:
        return page.get_full_url() or ""
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if url else ""


def consultation_summary(
    page: ConsultationPage, request: HttpRequest | None = None
) -> dict[str, Any]:
    return {
        "slug": page.slug,
        "title": page.title,
        "summary": page.summary,
        "organisation": page.organisation.name,
        "opens_at": _iso(page.opens_at),
        "closes_at": _iso(page.closes_at),
        "status": str(page.current_status.value),
        "url": _full_url(page, request),
    }


def consultation_detail(
    page: ConsultationPage, request: HttpRequest | None = None
) -> dict[str, Any]:
    proposal_slugs = list(
        page.proposals.live().public().order_by("title").values_list("slug", flat=True)
    )
    return {
        **consultation_summary(page, request),
        "reform_board": page.reform_board.name if page.reform_board else None,
        "open_to_change": page.open_to_change,
        "already_decided": page.already_decided,
        "background": page.background,
        "options": page.options,
        "costs_and_impacts": page.costs_and_impacts,
        "window_days": page.window_days,
        "minimum_days": page.minimum_days,
        "what_we_heard": page.what_we_heard,
        "what_we_decided": page.what_we_decided,
        "proposals": proposal_slugs,
        "licence": LICENCE,
    }


def published_proposals() -> QuerySet[ProposalPage]:
    """Live proposals with what the API shows of them: a fixed number of queries however
    many there are (themes and authors prefetched, revisions counted in a subquery)."""
    revisions = (
        Revision.objects.filter(
            content_type__app_label="proposals",
            content_type__model="proposalpage",
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        originals(ProposalPage.objects.live().public())
        .annotate(revision_count=Coalesce(Subquery(revisions, output_field=IntegerField()), V(0)))
        .prefetch_related(
            "themes",
            Prefetch("authors", queryset=ProposalAuthor.objects.select_related("user")),
        )
        .order_by("title", "pk")
    )


def published_proposal(slug: str) -> ProposalPage | None:
    return published_proposals().filter(slug=slug).first()


def proposal_summary(proposal: ProposalPage, request: HttpRequest | None = None) -> dict[str, Any]:
    return {
        "slug": proposal.slug,
        "title": proposal.title,
        "summary": proposal.summary,
        "easy_read_summary": proposal.easy_read_summary,
        "stage": proposal.stage,
        "themes": [theme.slug for theme in proposal.themes.all()],
        "authors": [
            {
                "name": author.user.display_name,
                "relationship": author.user.relationship_short,
                "role": author.role,
            }
            for author in proposal.authors.all()
        ],
        "revision_count": getattr(proposal, "revision_count", 0),
        "url": _full_url(proposal, request),
    }


SECTION_NAMES = tuple(n for n in TEXT_FIELDS if n not in ("summary", "easy_read_summary"))


def proposal_detail(proposal: ProposalPage, request: HttpRequest | None = None) -> dict[str, Any]:
    return {
        **proposal_summary(proposal, request),
        "sections": [
            {"name": name, "label": BY_NAME[name].label, "text": getattr(proposal, name)}
            for name in SECTION_NAMES
        ],
    }


def published_decisions() -> QuerySet[Decision]:
    """Decisions on live proposals, with commitments and progress prefetched."""
    return decisions_with_commitments()


def decision_item(decision: Decision) -> dict[str, Any]:
    return {
        "proposal": decision.proposal.slug,
        "board": decision.board.name,
        "outcome": decision.outcome,
        "decided_at": _iso(decision.decided_at),
        "what_was_heard": decision.what_was_heard,
        "reasons": decision.reasons,
        "commitments": [
            {
                "text": c.text,
                "owner": c.owner,
                "milestones": {
                    "2_years": c.milestone_2_years,
                    "5_years": c.milestone_5_years,
                    "10_years": c.milestone_10_years,
                },
                "progress": [
                    {"date": u.date.isoformat(), "status": u.status, "text": u.text}
                    for u in c.updates.all()
                ],
            }
            for c in decision.commitments.all()
        ],
    }


# ---- the OpenAPI document --------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(nullable: bool = False) -> dict[str, Any]:
    return {"type": ["string", "null"]} if nullable else {"type": "string"}


def _object(required: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": required}


def _list_of(name: str) -> dict[str, Any]:
    return _object(
        {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "next": {"type": ["integer", "null"]},
            "previous": {"type": ["integer", "null"]},
            "results": {"type": "array", "items": _ref(name)},
        }
    )


_CONSULTATION_SUMMARY = {
    "slug": _string(),
    "title": _string(),
    "summary": _string(),
    "organisation": _string(),
    "opens_at": {"type": "string", "format": "date-time"},
    "closes_at": {"type": "string", "format": "date-time"},
    "status": {"type": "string", "enum": list(ConsultationStatus.values)},
    "url": _string(),
}
_PROPOSAL_SUMMARY = {
    "slug": _string(),
    "title": _string(),
    "summary": _string(),
    "easy_read_summary": _string(),
    "stage": {"type": "string", "enum": list(Stage.values)},
    "themes": {"type": "array", "items": _string()},
    "authors": {"type": "array", "items": _ref("Author")},
    "revision_count": {"type": "integer"},
    "url": _string(),
}


def _get(summary: str, schema: str, *, paged: bool = False, slug: bool = False) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = []
    if paged:
        parameters.append(
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}}
        )
    if slug:
        parameters.append({"name": "slug", "in": "path", "required": True, "schema": _string()})
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
        "405": {"description": "Only GET, HEAD and OPTIONS are allowed."},
    }
    if paged:
        responses["400"] = {
            "description": "page is not a whole number from 1 to the last page.",
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    if slug:
        responses["404"] = {
            "description": "No published item has this slug.",
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Hearth open data API",
        "version": "1.0.0",
        "description": (
            "Read-only JSON about published consultations, proposals and board decisions. "
            "Drafts and unpublished pages are never included."
        ),
        "license": {"name": LICENCE, "url": LICENCE_URL},
    },
    "paths": {
        "/api/v1/consultations/": _get(
            "Published consultations, newest first", "ConsultationList", paged=True
        ),
        "/api/v1/consultations/{slug}/": _get(
            "One published consultation", "Consultation", slug=True
        ),
        "/api/v1/proposals/": _get("Published proposals", "ProposalList", paged=True),
        "/api/v1/proposals/{slug}/": _get("One published proposal", "Proposal", slug=True),
        "/api/v1/decisions/": _get(
            "Board decisions on published proposals, with commitments and progress",
            "DecisionList",
            paged=True,
        ),
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI 3.1 document."}},
            }
        },
    },
    "components": {
        "schemas": {
            "ConsultationSummary": _object(_CONSULTATION_SUMMARY),
            "ConsultationList": _list_of("ConsultationSummary"),
            "Consultation": _object(
                {
                    **_CONSULTATION_SUMMARY,
                    "reform_board": _string(nullable=True),
                    "open_to_change": _string(),
                    "already_decided": _string(),
                    "background": {**_string(), "description": "HTML"},
                    "options": {**_string(), "description": "HTML"},
                    "costs_and_impacts": {**_string(), "description": "HTML"},
                    "window_days": {"type": "integer"},
                    "minimum_days": {"type": "integer"},
                    "what_we_heard": {**_string(), "description": "HTML"},
                    "what_we_decided": {**_string(), "description": "HTML"},
                    "proposals": {
                        "type": "array",
                        "items": _string(),
                        "description": "Slugs of the published proposals it links.",
                    },
                    "licence": _string(),
                }
            ),
            "Author": _object(
                {
                    "name": {**_string(), "description": "Display name, as on the page."},
                    "relationship": {
                        **_string(),
                        "description": "Relationship to care in a few words, or empty.",
                    },
                    "role": {"type": "string", "enum": list(AuthorRole.values)},
                }
            ),
            "ProposalSummary": _object(_PROPOSAL_SUMMARY),
            "ProposalList": _list_of("ProposalSummary"),
            "Proposal": _object(
                {
                    **_PROPOSAL_SUMMARY,
                    "sections": {
                        "type": "array",
                        "items": _object(
                            {"name": _string(), "label": _string(), "text": _string()}
                        ),
                    },
                }
            ),
            "ProgressUpdate": _object(
                {
                    "date": {"type": "string", "format": "date"},
                    "status": {"type": "string", "enum": list(ProgressStatus.values)},
                    "text": _string(),
                }
            ),
            "Commitment": _object(
                {
                    "text": _string(),
                    "owner": _string(),
                    "milestones": _object(
                        {"2_years": _string(), "5_years": _string(), "10_years": _string()}
                    ),
                    "progress": {"type": "array", "items": _ref("ProgressUpdate")},
                }
            ),
            "Decision": _object(
                {
                    "proposal": {**_string(), "description": "The proposal's slug."},
                    "board": _string(),
                    "outcome": {"type": "string", "enum": list(Outcome.values)},
                    "decided_at": {"type": "string", "format": "date-time"},
                    "what_was_heard": _string(),
                    "reasons": _string(),
                    "commitments": {"type": "array", "items": _ref("Commitment")},
                }
            ),
            "DecisionList": _list_of("Decision"),
            "Error": {
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {**_string(), "description": "What was wrong, and what to send."},
                    "code": {**_string(), "description": "A stable code, such as invalid_page."},
                    "parameter": {**_string(), "description": "The query parameter at fault."},
                },
            },
        }
    },
}
