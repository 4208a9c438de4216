from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import RelationshipToCare, SupportArea, SupportRole, SupportScope, User
from accounts.support import people_supported_by
from common.i18n import language_choices

RELATIONSHIP_HELP = _(
    "This helps show whose voices are heard. Others see it beside your display name. "
    "You do not have to answer."
)


class RelationshipToCareField(forms.ChoiceField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            label=_("How are you connected to adult social care? (optional)"),
            choices=RelationshipToCare.choices,
            required=False,
            widget=forms.RadioSelect,
            help_text=RELATIONSHIP_HELP,
            **kwargs,  # type: ignore[arg-type] # forwarded unchanged to ChoiceField
        )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "We use this to sign you in and to tell you about replies. Nobody else sees it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        help_text=_("Shown beside what you write. It can be a made-up name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter a display name"),
            "max_length": _("Display name must be 50 characters or fewer"),
        },
    )
    relationship_to_care = RelationshipToCareField()
    password = forms.CharField(
        label=_("Create a password"),
        strip=False,
        help_text=_("Use at least 10 characters. A few words together are easy to remember."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter a password")},
    )
    password_confirmation = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type your password again to confirm it")},
    )

    def clean(self) -> dict[str, object] | None:
        cleaned = super().clean()
        password = self.cleaned_data.get("password")
        confirmation = self.cleaned_data.get("password_confirmation")
        if password and confirmation and password != confirmation:
            self.add_error("password_confirmation", gettext("The two passwords do not match"))
        return cleaned


NO_LANGUAGE_CHOSEN = _("Not chosen: the language of each link I follow")


class DetailsForm(forms.ModelForm):
    relationship_to_care = RelationshipToCareField()
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: [("", NO_LANGUAGE_CHOSEN), *language_choices()],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Hearth opens in this language when you sign in or go to its home page."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "email",
            "relationship_to_care",
            "prefers_easy_read",
            "email_digest",
            "preferred_language",
        ]
        labels = {
            "email": _("Email address"),
            "display_name": _("Display name"),
            "prefers_easy_read": _("Show the easy read version of pages first"),
            "email_digest": _("Email me once a day about anything new for me"),
        }
        help_texts = {
            "prefers_easy_read": _(
                "Easy read uses short sentences and pictures. "
                "You can still open the full text from a link."
            ),
            "email_digest": _(
                "For example a new suggestion or comment on a proposal you write. "
                "We only email on days there is something you have not seen in Hearth."
            ),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "display_name": forms.TextInput(
                attrs={"autocomplete": "nickname", "spellcheck": "false"}
            ),
        }
        error_messages = {
            "email": {
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
            },
            "display_name": {"required": _("Enter a display name")},
        }

    def _post_clean(self) -> None:
        # Model validation runs in the service (user_update_details), not in the form.
        pass


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The email address or password is not right. Check them and try again, "
            "or reset your password."
        ),
        "inactive": _("This account has been closed."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        self.fields["username"].label = gettext("Email address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autofocus": False}
        )
        self.fields["username"].error_messages["required"] = gettext("Enter your email address")
        self.fields["password"].error_messages["required"] = gettext("Enter your password")


class EraseAccountForm(forms.Form):
    """Erasing is for good, so the person proves it is them by typing their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("We ask for it so that nobody else can erase your account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to erase your account")},
    )

    def __init__(self, user: User, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext("The password is not right. Type the password you use to sign in")
            )
        return password


class OnBehalfField(forms.ChoiceField):
    """The choices show whom one may act for; any value is passed on, so that a consent
    withdrawn since the page loaded is refused by the service with its own clear message."""

    def valid_value(self, value: Any) -> bool:
        return True


def on_behalf_of(request: Any) -> str | None:
    """The person a supporter acts for in this request, or None: checked by the services."""
    return request.POST.get("on_behalf_of") or None


def add_on_behalf_field(form: forms.BaseForm, *, user: Any, area: str) -> None:
    """Let a supporter choose whose contribution this is: their own, or that of someone
    who has given them consent. Adds nothing for people who support nobody."""
    people = people_supported_by(user, SupportArea(area))
    if not people:
        return
    form.fields["on_behalf_of"] = OnBehalfField(
        label=gettext("Who is this from?"),
        choices=[
            ("", gettext("Me (%(name)s)") % {"name": user.display_name}),
            *(
                (str(p.pk), gettext("Post as %(name)s, with my support") % {"name": p.display_name})
                for p in people
            ),
        ],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )


class SupportInviteForm(forms.Form):
    supporter = forms.CharField(
        label=_("Your supporter's display name or email address"),
        help_text=_("They need a Hearth account. They will be asked to accept."),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("How do they support you?"),
        choices=SupportRole.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    scope = forms.ChoiceField(
        label=_("What can they do for you?"),
        choices=SupportScope.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=SupportScope.EVERYTHING,
    )


class SupportRecordForm(SupportInviteForm):
    """For facilitators and officers: consent the person gave offline."""

    person = forms.CharField(
        label=_("Display name or email address of the person giving consent"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    how_given = forms.CharField(
        label=_("How did they give consent?"),
        help_text=_("For example: signed a paper form at the day centre on 3 March."),
        max_length=300,
        required=False,
    )
    field_order = ["person", "supporter", "role", "scope", "how_given"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporter"].label = gettext("Display name or email address of the supporter")
        self.fields["supporter"].help_text = ""
        self.fields["role"].label = gettext("How does the supporter help them?")
        self.fields["scope"].label = gettext("What can the supporter do for them?")
