"""Hearth's own co-writing pages: accessible, work without JavaScript, call the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import add_on_behalf_field, on_behalf_of
from accounts.models import SupportArea
from common.errors import ServiceError, http_status
from common.forms import add_service_errors
from common.views import refused
from deliberation.forms import add_written_in_field
from proposals import selectors, services
from proposals.diff import word_diff
from proposals.forms import (
    CoAuthorForm,
    CommentForm,
    DeclineForm,
    FlagForm,
    SectionForm,
    StartProposalForm,
    SuggestionForm,
)
from proposals.models import ProposalPage, SectionComment, Suggestion
from proposals.rules import can
from proposals.sections import SECTIONS, Section, get_section


def _proposal(request: HttpRequest, pk: int) -> ProposalPage:
    """The proposal, or 404 for anyone who may not see it (drafts are not disclosed)."""
    proposal = get_object_or_404(ProposalPage, pk=pk)
    if not can(request.user, "proposals.view", proposal):
        raise Http404("No such proposal")
    return proposal


def _section(name: str) -> Section:
    try:
        return get_section(name)
    except LookupError:
        raise Http404("No such section") from None


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    index = selectors.proposal_index()
    if index is None:
        raise Http404("Proposals are not set up on this site yet")
    form = StartProposalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                index=index,
                author=request.user,  # type: ignore[arg-type] # login_required
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                themes=list(form.cleaned_data["themes"]),
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(
                request, _("Your draft is saved. Only you and your co-authors can see it.")
            )
            return redirect("proposals:overview", pk=proposal.pk)
    return render(request, "proposals/start.html", {"form": form}, status=status)


def overview(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    content = selectors.latest_content(proposal)
    return render(
        request,
        "proposals/overview.html",
        {
            "proposal": proposal,
            "sections": selectors.sections_of(content),
            "authors": selectors.authors_of(proposal),
            "suggestions": selectors.pending_suggestions(proposal),
            "can_edit": can(request.user, "proposals.edit", proposal),
            "can_suggest": can(request.user, "proposals.suggest", proposal),
            "can_review": can(request.user, "proposals.review_suggestions", proposal),
            "can_open": can(request.user, "proposals.open", proposal),
            "can_advance": can(request.user, "proposals.advance", proposal),
            "can_decide": can(request.user, "proposals.decide", proposal),
            "can_manage_authors": can(request.user, "proposals.manage_authors", proposal),
            "co_author_form": CoAuthorForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    proposal = _proposal(request, pk)
    spec = _section(section)
    if not can(request.user, "proposals.edit", proposal):
        raise PermissionDenied(_("Only co-authors can change this proposal now"))
    status = 200
    if request.method == "POST":
        form = SectionForm(request.POST, section=spec)
        if form.is_valid():
            try:
                result = services.section_save(
                    proposal=proposal,
                    section=spec.name,
                    text=form.cleaned_data["text"],
                    base_revision_id=form.cleaned_data["base_revision"],
                    author=request.user,  # type: ignore[arg-type] # login_required
                    note=form.cleaned_data["note"],
                )
            except services.SectionConflict as conflict:
                merge_form = SectionForm(
                    initial={
                        "text": conflict.yours,
                        "note": form.cleaned_data["note"],
                        "base_revision": conflict.latest.pk,
                    },
                    section=spec,
                )
                return render(
                    request,
                    "proposals/conflict.html",
                    {
                        "proposal": proposal,
                        "section": spec,
                        "conflict": conflict,
                        "form": merge_form,
                        "changes": word_diff(conflict.theirs, conflict.yours),
                    },
                    status=http_status(conflict),
                )
            except ServiceError as error:
                add_service_errors(form, error)
                status = http_status(error)
            else:
                saved = (
                    _(
                        "‘%(section)s’ is saved. Others had changed other sections meanwhile; "
                        "their changes are kept."
                    )
                    if result.merged
                    else _("‘%(section)s’ is saved.")
                )
                messages.success(request, saved % {"section": spec.label})
                return redirect("proposals:overview", pk=proposal.pk)
    else:
        revision = selectors.latest_revision(proposal)
        form = SectionForm(
            initial={
                "text": selectors.section_text(revision.as_object(), spec.name),
                "base_revision": revision.pk,
            },
            section=spec,
        )
    return render(
        request,
        "proposals/edit_section.html",
        {"proposal": proposal, "section": spec, "form": form},
        status=status,
    )


def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal's live thread (started on first use)."""
    proposal = _proposal(request, pk)
    return redirect(services.proposal_discussion(proposal=proposal).get_absolute_url())


def history(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    revisions = list(
        selectors.revisions_of(proposal).select_related("user", "hearth_note__suggestion__author")
    )
    return render(request, "proposals/history.html", {"proposal": proposal, "revisions": revisions})


def compare(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        older = selectors.revision_of(proposal, int(request.GET.get("from", "")))
        newer = selectors.revision_of(proposal, int(request.GET.get("to", "")))
    except (ValueError, LookupError, selectors.Revision.DoesNotExist):
        messages.error(request, _("Choose two versions to compare."))
        return redirect("proposals:history", pk=proposal.pk)
    if older.created_at > newer.created_at:
        older, newer = newer, older
    old_content, new_content = older.as_object(), newer.as_object()
    changes = []
    for spec in SECTIONS:
        old_text = selectors.section_text(old_content, spec.name)
        new_text = selectors.section_text(new_content, spec.name)
        if old_text != new_text:
            changes.append((spec, word_diff(old_text, new_text)))
    return render(
        request,
        "proposals/compare.html",
        {"proposal": proposal, "older": older, "newer": newer, "changes": changes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    proposal = _proposal(request, pk)
    spec = _section(section)
    current = selectors.section_text(selectors.latest_content(proposal), spec.name)
    if not can(request.user, "proposals.suggest", proposal):
        return render(
            request, "proposals/not_taking_suggestions.html", {"proposal": proposal}, status=403
        )
    form = SuggestionForm(
        request.POST if request.method == "POST" else None, initial={"text": current}, section=spec
    )
    add_on_behalf_field(form, user=request.user, area=SupportArea.PROPOSALS)
    add_written_in_field(form)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_create(
                proposal=proposal,
                section=spec.name,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                author=request.user,  # type: ignore[arg-type] # login_required
                on_behalf_of=on_behalf_of(request),
                language=form.cleaned_data.get("language"),
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The authors will look at your suggestion and tell you what "
                    "they decide"
                ),
            )
            return redirect("proposals:overview", pk=proposal.pk)
    return render(
        request,
        "proposals/suggest.html",
        {"proposal": proposal, "section": spec, "form": form, "current": current},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def suggestion(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    item = get_object_or_404(
        Suggestion.objects.select_related("proposal", "author"), pk=suggestion_id
    )
    proposal = _proposal(request, item.proposal_id)
    spec = _section(item.section)
    decline_form = DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/account/sign-in/?next={request.path}")
        try:
            if request.POST.get("decision") == "accept":
                services.suggestion_accept(suggestion=item, by=request.user)
                messages.success(
                    request,
                    _("Suggestion accepted. %(name)s has been told.")
                    % {"name": item.author.display_name},
                )
                return redirect("proposals:overview", pk=proposal.pk)
            if decline_form.is_valid():
                services.suggestion_decline(
                    suggestion=item,
                    by=request.user,
                    reason=decline_form.cleaned_data["response"],
                )
                messages.success(
                    request,
                    _("Suggestion declined. %(name)s has been told why.")
                    % {"name": item.author.display_name},
                )
                return redirect("proposals:overview", pk=proposal.pk)
        except ServiceError as error:
            if error.field != "response":
                return refused(request, error, back=reverse("proposals:suggestion", args=[item.pk]))
            add_service_errors(decline_form, error)
            status = http_status(error)
    current = selectors.section_text(selectors.latest_content(proposal), spec.name)
    return render(
        request,
        "proposals/suggestion.html",
        {
            "proposal": proposal,
            "suggestion": item,
            "section": spec,
            "changes": word_diff(current, item.text),
            "form": decline_form,
            "can_review": item.status == Suggestion.Status.PENDING
            and can(request.user, "proposals.review_suggestions", proposal),
        },
        status=status,
    )


@login_required
@require_POST
def add_co_author(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    form = CoAuthorForm(request.POST)
    if form.is_valid():
        person = selectors.person_by_display_name(form.cleaned_data["display_name"])
        if person is None:
            messages.error(request, _("Nobody has that display name. Check the spelling."))
        else:
            try:
                services.coauthor_add(proposal=proposal, by=request.user, user=person)  # type: ignore[arg-type] # signed in
            except ServiceError as error:
                return refused(request, error, back=reverse("proposals:overview", args=[pk]))
            else:
                messages.success(
                    request, _("%(name)s is now a co-author.") % {"name": person.display_name}
                )
    else:
        messages.error(request, _("Enter the person's display name."))
    return redirect("proposals:overview", pk=proposal.pk)


@login_required
@require_POST
def change_stage(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        if request.POST.get("to") == "open":
            services.proposal_open(proposal=proposal, by=request.user)  # type: ignore[arg-type] # signed in
            messages.success(
                request, _("The proposal is now open for discussion and anyone can read it.")
            )
        else:
            proposal = services.proposal_advance(proposal=proposal, by=request.user)  # type: ignore[arg-type] # signed in
            messages.success(
                request,
                _("The proposal is now: %(stage)s.") % {"stage": proposal.get_stage_display()},
            )
    except ServiceError as error:
        return refused(request, error, back=reverse("proposals:overview", args=[proposal.pk]))
    return redirect("proposals:overview", pk=proposal.pk)


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    proposal = _proposal(request, pk)
    spec = _section(section)
    form = CommentForm(request.POST if request.method == "POST" else None)
    add_on_behalf_field(form, user=request.user, area=SupportArea.PROPOSALS)
    add_written_in_field(form)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/account/sign-in/?next={request.path}")
        if form.is_valid():
            reply_to = None
            if form.cleaned_data["reply_to"]:
                reply_to = SectionComment.objects.filter(pk=form.cleaned_data["reply_to"]).first()
            try:
                services.comment_post(
                    proposal=proposal,
                    section=spec.name,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    reply_to=reply_to,
                    on_behalf_of=on_behalf_of(request),
                    language=form.cleaned_data.get("language"),
                )
            except ServiceError as error:
                add_service_errors(form, error)
                status = http_status(error)
            else:
                messages.success(request, _("Your comment is posted."))
                return redirect("proposals:comments", pk=proposal.pk, section=spec.name)
    thread = list(
        SectionComment.objects.filter(proposal=proposal, section=spec.name)
        .select_related("author", "supporter")
        .annotate(flag_count=Count("flags"))
    )
    return render(
        request,
        "proposals/comments.html",
        {
            "proposal": proposal,
            "section": spec,
            "comments": [c for c in thread if c.reply_to_id is None],
            "replies": thread,
            "form": form,
            "can_comment": can(request.user, "proposals.comment", proposal),
            "can_moderate": can(request.user, "proposals.moderate", proposal),
            "withdrawn_reason": services.WITHDRAWN_BY_PERSON,
        },
        status=status,
    )


@login_required
@require_POST
def hide_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(SectionComment.objects.select_related("proposal"), pk=comment_id)
    _proposal(request, comment.proposal_id)
    form = FlagForm(request.POST)  # one reason field, checked (no null characters)
    back = reverse("proposals:comments", args=[comment.proposal_id, comment.section])
    if not form.is_valid():
        messages.error(request, " ".join(map(str, form.errors["reason"])))
        return redirect(back)
    try:
        services.comment_hide(
            comment=comment,
            by=request.user,  # type: ignore[arg-type] # login_required
            reason=form.cleaned_data["reason"],
        )
    except ServiceError as error:
        return refused(request, error, back=back)
    messages.success(request, _("The comment is hidden. Its reason is shown in its place."))
    return redirect(back)


@login_required
@require_POST
def flag_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(SectionComment, pk=comment_id)
    _proposal(request, comment.proposal_id)
    form = FlagForm(request.POST)
    back = reverse("proposals:comments", args=[comment.proposal_id, comment.section])
    if not form.is_valid():
        messages.error(request, " ".join(map(str, form.errors["reason"])))
        return redirect(back)
    try:
        services.comment_flag(comment=comment, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type] # signed in
    except ServiceError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Thank you. A moderator will look at this comment."))
    return redirect(back)
