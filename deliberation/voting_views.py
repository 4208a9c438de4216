"""Voting on statements: one at a time, as Pol.is does, and every statement on pages of
its own for those who want to look back or change a vote.

Each works as a plain form (post, redirect, get). A vote is answered with a redirect to
the next statement and does nothing the size of the thread; the next page does the
choosing, in a fixed number of queries.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import on_behalf_of
from accounts.models import SupportArea
from accounts.support import people_supported_by
from common.errors import ServiceError, http_status
from deliberation import views, voting
from deliberation.models import Thread, Vote
from deliberation.rules import allowed_writes, current_state
from deliberation.services import vote_cast

STATEMENTS_PER_PAGE = 25
_SKIPPED = "skipped-statements"


def _skipped(request: HttpRequest, thread: Thread) -> set[int]:
    return set(request.session.get(_SKIPPED, {}).get(str(thread.pk), []))


def _set_skipped(request: HttpRequest, thread: Thread, skipped: list[int]) -> None:
    every = dict(request.session.get(_SKIPPED, {}))
    every[str(thread.pk)] = skipped[-voting.MAX_SKIPPED :]
    request.session[_SKIPPED] = every


def _voting_context(
    request: HttpRequest, thread: Thread, errors: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    skipped = _skipped(request, thread)
    return {
        "thread": thread,
        "progress": voting.progress(thread, request.user),
        "statement": voting.next_statement(thread, request.user, skipped),
        "skipped": len(skipped),
        "supported_people": people_supported_by(request.user, SupportArea.DISCUSSIONS),
        "discussion": current_state(thread),
        "may": allowed_writes(request.user, thread),
        "errors": errors or [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def voting_page(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The next statement for this person. POST ``skip`` (a statement id) passes over a
    statement for now; POST ``unskip`` brings the skipped ones back."""
    thread = views.thread_or_404(request, thread_id)
    if request.method == "POST":
        if "unskip" in request.POST:
            _set_skipped(request, thread, [])
        else:
            raw = request.POST.get("skip", "")
            if not raw.isdigit():
                context = _voting_context(request, thread)
                context["errors"] = [("#voting", _("Choose a statement to skip."))]
                return render(request, "deliberation/voting.html", context, status=400)
            _set_skipped(request, thread, [*_skipped(request, thread), int(raw)])
        return redirect("deliberation:voting", thread_id=thread.pk)
    return render(request, "deliberation/voting.html", _voting_context(request, thread))


def _return_to(request: HttpRequest, thread_id: int) -> str:
    """Where a vote sends its voter: back to the list they voted from (``next``, if it is
    one of this thread's pages), else on to the next statement."""
    target = request.POST.get("next", "")
    thread_url = reverse("deliberation:thread", args=[thread_id])
    if target.startswith(thread_url) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("deliberation:voting", kwargs={"thread_id": thread_id})


@login_required
@require_POST
def vote(request: HttpRequest, thread_id: int, statement_id: int) -> HttpResponse:
    """A vote is answered with a redirect and reads the thread once, in ``vote_cast``: a
    workshop's burst of votes is this view's load (benchmarks/realtime). Only a refusal
    reads the thread again, to answer 404 where the person may not see it."""
    raw = request.POST.get("value", "")
    value: Any = int(raw) if raw.lstrip("-").isdigit() else raw
    try:
        vote_cast(
            user=request.user,
            thread_id=thread_id,
            statement_id=statement_id,
            value=value,
            on_behalf_of=on_behalf_of(request),
        )
    except ServiceError as error:
        thread = views.thread_or_404(request, thread_id)
        context = _voting_context(request, thread)
        context["errors"] = views.refused_by_lifecycle(error) or [("#voting", error.detail)]
        return render(request, "deliberation/voting.html", context, status=http_status(error))
    messages.success(request, _("Your vote has been counted. You can change it at any time."))
    return redirect(_return_to(request, thread_id))


@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Every statement open for voting, a page at a time, with how people voted; a POST
    suggests a new statement."""
    if request.method == "POST":
        return views.statement_new(request, thread_id)
    thread = views.thread_or_404(request, thread_id)
    tallied = (
        voting.accepted_statements(thread)
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=1)),
            n_disagree=Count("votes", filter=Q(votes__value=-1)),
            n_pass=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("id")
    )
    try:
        page = Paginator(tallied, STATEMENTS_PER_PAGE).page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("There is no such page of statements.") from None
    mine: dict[int, int] = {}
    if request.user.is_authenticated:
        mine = dict(
            Vote.objects.filter(
                voter=request.user, statement_id__in=[s.pk for s in page.object_list]
            ).values_list("statement_id", "value")
        )
    return render(
        request,
        "deliberation/statements.html",
        {
            "thread": thread,
            "page": page,
            "rows": [(s, mine.get(s.pk)) for s in page.object_list],
            "may": allowed_writes(request.user, thread),
            "discussion": current_state(thread),
        },
    )
