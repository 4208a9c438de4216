from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from accounts.easy_read import remember_for_anonymous
from accounts.forms import DetailsForm, SignInForm, SignUpForm
from accounts.models import Notification, User
from accounts.services import (
    notifications_mark_read,
    user_set_easy_read_first,
    user_sign_up,
    user_update_details,
)
from config.forms import add_service_errors


def _rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMITS[group]


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "accounts/rate_limited.html", status=429)


@require_http_methods(["GET", "POST"])
@ratelimit(group="sign-up", key="ip", rate=_rate, method="POST")
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:details")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_sign_up(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
                relationship_to_care=form.cleaned_data["relationship_to_care"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Hearth, {user.display_name}.")
            return redirect("accounts:details")
    return render(request, "accounts/sign_up.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def details(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DetailsForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            user_update_details(
                user=user,  # type: ignore[arg-type] # login_required: a real User
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                relationship_to_care=form.cleaned_data["relationship_to_care"],
                prefers_easy_read=form.cleaned_data["prefers_easy_read"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your details have been saved.")
            return redirect("accounts:details")
    return render(request, "accounts/details.html", {"form": form})


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
        "Pages now show the easy read version first."
        if first
        else "Pages now show the full text first.",
    )
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


@method_decorator(ratelimit(group="sign-in", key="ip", rate=_rate, method="POST"), name="post")
@method_decorator(
    ratelimit(group="sign-in", key="post:username", rate=_rate, method="POST"), name="post"
)
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


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
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)
