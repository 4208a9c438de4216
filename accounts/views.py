from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from accounts.easy_read import remember_for_anonymous
from accounts.forms import DetailsForm, EraseAccountForm, SignInForm, SignUpForm
from accounts.models import Notification, User
from accounts.services import (
    notifications_mark_read,
    user_set_easy_read_first,
    user_set_preferred_language,
    user_sign_up,
    user_update_details,
)
from accounts.services_erasure import account_erase
from accounts.services_export import personal_data_export
from accounts.sign_in_limits import count_failure, too_many_failures
from common.errors import ServiceError, http_status
from common.forms import add_service_errors
from common.i18n import chosen_language, in_language, is_supported, remember_language


def _rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMITS[group]


def _period(rate: str) -> str:
    """The window of a django-ratelimit rate in words: "10/15m" -> "15 minutes"."""
    window = rate.partition("/")[2] or "m"
    number, unit = window[:-1] or "1", window[-1]
    count = int(number) if number.isdigit() else 1
    if unit == "s":
        # Translators: how long to wait, as in "Wait 15 seconds, then try again."
        text = ngettext("%(count)s second", "%(count)s seconds", count)
    elif unit == "h":
        text = ngettext("%(count)s hour", "%(count)s hours", count)
    elif unit == "d":
        text = ngettext("%(count)s day", "%(count)s days", count)
    else:
        text = ngettext("%(count)s minute", "%(count)s minutes", count)
    return text % {"count": count}


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Too many sign-in, sign-up or password-reset attempts: say how long to wait."""
    group = request.resolver_match.url_name if request.resolver_match else None
    rate = settings.RATE_LIMITS.get(group or "", "")
    # Translators: how long to wait, as in "Wait a while, then try again."
    wait = _period(rate) if rate else _("a while")
    return render(request, "accounts/rate_limited.html", {"wait": wait}, status=429)


@require_http_methods(["GET", "POST"])
@ratelimit(group="sign-up", key="ip", rate=_rate, method="POST")
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:details")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = user_sign_up(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
                relationship_to_care=form.cleaned_data["relationship_to_care"],
                preferred_language=chosen_language(request) or "",
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to Hearth, %(name)s.") % {"name": user.display_name}
            )
            return _in_chosen_language(user, redirect("accounts:details"))
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def details(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DetailsForm(request.POST if request.method == "POST" else None, instance=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user_update_details(
                user=user,  # type: ignore[arg-type] # login_required: a real User
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                relationship_to_care=form.cleaned_data["relationship_to_care"],
                prefers_easy_read=form.cleaned_data["prefers_easy_read"],
                email_digest=form.cleaned_data["email_digest"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except ServiceError as error:
            add_service_errors(form, error)
            status = http_status(error)
        else:
            messages.success(request, _("Your details have been saved."))
            assert isinstance(user, User)  # login_required let only signed-in people in
            return _in_chosen_language(user, redirect("accounts:details"))
    return render(request, "accounts/details.html", {"form": form}, status=status)


@require_POST
def easy_read_choice(request: HttpRequest) -> HttpResponse:
    """Show easy read first, or the full text first: on the account when signed in, else
    in a cookie. A plain form, so it works without JavaScript; back to the same page."""
    first = request.POST.get("show") == "easy_read"
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if request.user.is_authenticated:
        user_set_easy_read_first(user=request.user, first=first)
    else:
        remember_for_anonymous(response, first=first)
    messages.success(
        request,
        _("Pages now show the easy read version first.")
        if first
        else _("Pages now show the full text first."),
    )
    return response


@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The header's language select: remember the choice (in the language cookie, and on
    the account when signed in) and show the page the person was on in that language.

    Plain links, as GOV.UK's language select is, so it works without JavaScript. A GET that
    writes is safe here: it is idempotent, sets only which language Hearth speaks, and the
    session cookie (SameSite=Lax) comes only with a person's own top-level navigation; the
    worst a forged link can do is switch the language, which the page shows and one click
    undoes."""
    if not is_supported(code):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(in_language(target, code))
    remember_language(response, code)
    if request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=code)
    return response


def _in_chosen_language(user: User, response: HttpResponseRedirect) -> HttpResponse:
    """A redirect after sign-in (or after changing one's details) sent on in the language
    the person chose, and the choice kept in the cookie for the visits that follow."""
    if user.preferred_language and is_supported(user.preferred_language):
        response["Location"] = in_language(response["Location"], user.preferred_language)
        remember_language(response, user.preferred_language)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """What Hearth has told this person, newest first; posting marks them all as read."""
    if request.method == "POST":
        notifications_mark_read(user=request.user)  # type: ignore[arg-type] # login_required
        return redirect("accounts:notifications")
    person = request.user
    assert isinstance(person, User)  # login_required let only signed-in people in
    items = list(Notification.objects.filter(user=person)[:100])
    return render(request, "accounts/notifications.html", {"notifications": items})


class SignInView(auth_views.LoginView):
    """Only failed attempts count towards the limits (accounts.sign_in_limits)."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if too_many_failures(request):
            return rate_limited(request, Ratelimited())
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        count_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        assert isinstance(response, HttpResponseRedirect)
        return _in_chosen_language(form.get_user(), response)


class SignedOutView(TemplateView):
    template_name = "accounts/signed_out.html"


@method_decorator(ratelimit(group="password-reset", key="ip", rate=_rate, method="POST"), "post")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:details")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    """What Hearth keeps about the person; posting downloads all of it as a zip."""
    person = request.user
    assert isinstance(person, User)  # login_required let only signed-in people in
    if request.method == "POST":
        name = f"hearth-data-{timezone.localdate():%Y-%m-%d}.zip"
        response = HttpResponse(personal_data_export(user=person), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/your_data.html")


@require_http_methods(["GET", "POST"])
@login_required
def erase(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, User)  # login_required let only signed-in people in
    form = EraseAccountForm(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        account_erase(user=person)
        logout(request)
        return redirect("accounts:erased")
    return render(request, "accounts/erase.html", {"form": form})


class ErasedView(TemplateView):
    template_name = "accounts/erased.html"
