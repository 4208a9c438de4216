"""Hearth's pages for the board: record a decision, add commitments, report progress; and
the public accountability page. Thin: parse, call proposals.decision_services, render."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.errors import ServiceError, http_status
from common.forms import add_service_errors
from common.i18n import is_supported, languages
from proposals import decision_selectors, decision_services
from proposals.decision_forms import (
    CommitmentForm,
    DecisionForm,
    DecisionTranslationForm,
    EasyReadFormSet,
    ProgressForm,
)
from proposals.models import Commitment, Decision, language_name
from proposals.rules import can
from proposals.views import _proposal


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not can(request.user, "proposals.decide", proposal):
        raise PermissionDenied(
            _("Only the board can record a decision, once a proposal is with it")
        )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decision_services.decision_record(
                proposal=proposal,
                by=request.user,  # type: ignore[arg-type] # login_required
                outcome=form.cleaned_data["outcome"],
                what_was_heard=form.cleaned_data["what_was_heard"],
                reasons=form.cleaned_data["reasons"],
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(
                request,
                _("The decision is recorded and published. Everyone who took part has been told."),
            )
            return redirect("proposals:add-commitment", pk=proposal.pk)
    return render(
        request, "proposals/decide.html", {"proposal": proposal, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    decision = decision_selectors.decision_of(proposal)
    if decision is None or not can(request.user, "proposals.commit", proposal):
        raise PermissionDenied(_("Only the board that decided can add commitments"))
    form = CommitmentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decision_services.commitment_add(
                decision=decision,
                by=request.user,  # type: ignore[arg-type] # login_required
                **form.cleaned_data,
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(request, _("The commitment is published."))
            return redirect("proposals:add-commitment", pk=proposal.pk)
    return render(
        request,
        "proposals/add_commitment.html",
        {
            "proposal": proposal,
            "decision": decision,
            "form": form,
            "translate_links": _translate_links(decision),
        },
        status=status,
    )


@dataclass(frozen=True)
class TranslateLink:
    """A link for the board to give its decision in one more language, or change it."""

    name: str  # the language's name in the language being read: "Welsh"
    url: str
    given: bool  # the board has translated the decision into it already


def _translate_links(decision: Decision) -> list[TranslateLink]:
    """A link for each language Hearth offers but the one the decision is written in,
    shown with the decision (proposals/_decision.html) where the board sees it."""
    given = {translation.language for translation in decision.translations.all()}
    return [
        TranslateLink(
            name=language_name(language.code),
            url=reverse(
                "proposals:decision-translate",
                kwargs={"pk": decision.proposal_id, "language": language.code},
            ),
            given=language.code in given,
        )
        for language in languages()
        if language.code != decision.language
    ]


@login_required
@require_http_methods(["GET", "POST"])
def decision_translate(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Give the board's decision in another language, with its commitments, their progress
    and its easy read version, each box beside what the board wrote; readers of that
    language then see the translations in place of the originals."""
    proposal = _proposal(request, pk)
    decision = decision_selectors.decision_of(proposal)
    if decision is None or not can(request.user, "proposals.commit", proposal):
        raise PermissionDenied(_("Only the board that decided can translate its decision"))
    if not is_supported(language) or language == decision.language:
        raise Http404("No such language to translate this decision into")
    form = DecisionTranslationForm(
        request.POST if request.method == "POST" else None, decision=decision, language=language
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                decision_services.decision_translate(
                    decision=decision,
                    by=request.user,  # type: ignore[arg-type] # login_required
                    language=language,
                    what_was_heard=form.cleaned_data["what_was_heard"],
                    reasons=form.cleaned_data["reasons"],
                    commitments=form.commitments(),
                    progress=form.progress(),
                    easy_read=form.easy_read(),
                )
            except ServiceError as error:
                add_service_errors(form, error)
                status = http_status(error)
            else:
                messages.success(
                    request,
                    # Translators: "The decision in Welsh is published." (a translation of it).
                    _("The decision in %(language)s is published.")
                    % {"language": language_name(language)},
                )
                return redirect("proposals:add-commitment", pk=proposal.pk)
    return render(
        request,
        "proposals/decision_translate.html",
        {
            "proposal": proposal,
            "decision": decision,
            "form": form,
            "language_name": language_name(language),
            "original_name": language_name(decision.language),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_easy_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the easy read version of the board's decision, beside its full reasons."""
    proposal = _proposal(request, pk)
    decision = decision_selectors.decision_of(proposal)
    if decision is None or not can(request.user, "proposals.commit", proposal):
        raise PermissionDenied(_("Only the board that decided can write its easy read version"))
    initial = [
        {"sentence": line.sentence, "image": line.image, "alt_text": line.alt_text}
        for line in decision.easy_read.all()
    ]
    formset = EasyReadFormSet(
        request.POST if request.method == "POST" else None, initial=initial, prefix="idea"
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST" and formset.is_valid():
        try:
            decision_services.decision_easy_read_set(
                decision=decision,
                by=request.user,  # type: ignore[arg-type] # login_required
                lines=[
                    decision_services.EasyReadLine(
                        form.cleaned_data.get("sentence", ""),
                        form.cleaned_data.get("image"),
                        form.cleaned_data.get("alt_text", ""),
                    )
                    for form in formset
                ],
            )
        except ServiceError as error:
            errors = [one.detail for one in error.each()]
            status = http_status(error)
        else:
            messages.success(request, _("The easy read version of the decision is published."))
            return redirect("proposals:add-commitment", pk=proposal.pk)
    return render(
        request,
        "proposals/decision_easy_read.html",
        {"proposal": proposal, "decision": decision, "formset": formset, "errors": errors},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_progress(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("decision__proposal"), pk=commitment_id
    )
    proposal = _proposal(request, commitment.decision.proposal_id)
    if not can(request.user, "proposals.commit", proposal):
        raise PermissionDenied(_("Only the board that decided can report progress"))
    form = ProgressForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decision_services.progress_update_add(
                commitment=commitment,
                by=request.user,  # type: ignore[arg-type] # login_required
                **form.cleaned_data,
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(request, _("The progress update is published."))
            return redirect("proposals:add-commitment", pk=proposal.pk)
    return render(
        request,
        "proposals/add_progress.html",
        {"proposal": proposal, "commitment": commitment, "form": form},
        status=status,
    )


def accountability(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "proposals/accountability.html",
        {"decisions": list(decision_selectors.decisions_for_readers())},
    )
