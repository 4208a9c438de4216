"""Account pages for assisted participation: give, accept and end consent; record consent
given offline; see and withdraw what a supporter did for you. Thin: parse, call
accounts.support (and each app's withdraw service), render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import support
from accounts.forms import SupportInviteForm, SupportRecordForm
from accounts.models import SupportConsent
from accounts.on_behalf import done_on_behalf_of, withdraw_done_on_behalf
from common.errors import ServiceError, http_status
from common.forms import add_service_errors
from common.views import refused


@login_required
@require_http_methods(["GET", "POST"])
def support_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = SupportInviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            consent = support.support_invite(person=user, **form.cleaned_data)
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(
                request,
                _("We have asked %(name)s to support you. They can act for you once they accept.")
                % {"name": consent.supporter.display_name},
            )
            return redirect("accounts:support")
    consents = list(support.consents_of(user))
    return render(
        request,
        "accounts/support.html",
        {
            "form": form,
            "my_supporters": [c for c in consents if c.person_id == user.pk],
            "i_support": [c for c in consents if c.supporter_id == user.pk],
            "may_record": support.may_record(user),
        },
        status=status,
    )


def _consent(request: HttpRequest, consent_id: int) -> SupportConsent:
    consent = get_object_or_404(
        SupportConsent.objects.select_related("person", "supporter"), pk=consent_id
    )
    if request.user.pk not in (consent.person_id, consent.supporter_id):
        raise Http404("No such consent")
    return consent


@login_required
@require_POST
def support_accept(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = _consent(request, consent_id)
    try:
        support.support_accept(supporter=request.user, consent=consent)  # type: ignore[arg-type]
    except ServiceError as error:
        # Both people see this consent on their support page: any refusal is told there.
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _(
                "You now support %(name)s. When you take part, you can choose to post as "
                "%(name)s, with your support."
            )
            % {"name": consent.person.display_name},
        )
    return redirect("accounts:support")


@login_required
@require_POST
def support_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = _consent(request, consent_id)
    try:
        support.support_withdraw(by=request.user, consent=consent)  # type: ignore[arg-type]
    except ServiceError as error:
        return refused(request, error, back=reverse("accounts:support"))
    if request.user.pk == consent.person_id:
        text = _("%(name)s can no longer act for you. This is effective now.") % {
            "name": consent.supporter.display_name
        }
    else:
        text = _("You no longer support %(name)s on Hearth.") % {
            "name": consent.person.display_name
        }
    messages.success(request, text)
    return redirect("accounts:support")


@login_required
@require_http_methods(["GET", "POST"])
def support_record(request: HttpRequest) -> HttpResponse:
    if not support.may_record(request.user):
        raise PermissionDenied(_("Only facilitators and officers can record consent"))
    form = SupportRecordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            consent = support.support_record_offline(
                by=request.user,  # type: ignore[arg-type] # login_required
                **form.cleaned_data,
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(
                request,
                _("Recorded: %(supporter)s can take part for %(person)s. They have been told.")
                % {
                    "supporter": consent.supporter.display_name,
                    "person": consent.person.display_name,
                },
            )
            return redirect("accounts:support-record")
    return render(request, "accounts/support_record.html", {"form": form}, status=status)


@login_required
def on_my_behalf(request: HttpRequest) -> HttpResponse:

    return render(
        request,
        "accounts/on_my_behalf.html",
        {"contributions": done_on_behalf_of(request.user)},  # type: ignore[arg-type]
    )


@login_required
@require_POST
def on_my_behalf_withdraw(request: HttpRequest) -> HttpResponse:

    try:
        withdraw_done_on_behalf(
            person=request.user,  # type: ignore[arg-type] # login_required
            kind=request.POST.get("kind", ""),
            pk=request.POST.get("id", ""),
        )
    except ServiceError as error:
        return refused(request, error, back=reverse("accounts:on-my-behalf"))
    messages.success(request, _("Withdrawn. It no longer shows as yours."))
    return redirect("accounts:on-my-behalf")
