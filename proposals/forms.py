from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from proposals.models import Theme
from proposals.sections import Section


def _up_to(max_length: int) -> str:
    """How long a section's text may be, for its hint, such as: Up to 6,000 characters."""
    return ngettext("Up to %(count)s character.", "Up to %(count)s characters.", max_length) % {
        "count": f"{max_length:,}"
    }


class SectionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, required=False, strip=False)
    note = forms.CharField(
        label=_("What did you change? (optional)"),
        help_text=_("A few words for your co-authors, like ‘added the cost of training’."),
        required=False,
        max_length=300,
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, section: Section, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        field = self.fields["text"]
        field.label = section.label
        field.help_text = f"{section.hint} {_up_to(section.max_length)}"
        field.widget = (
            forms.TextInput() if section.rows == 1 else forms.Textarea(attrs={"rows": section.rows})
        )


class StartProposalForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        help_text=_("A short name for the proposal."),
        error_messages={"required": _("Enter a title")},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=600,
        help_text=_("Two or three sentences: what you want to change and why."),
        error_messages={"required": _("Enter a summary")},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Themes (optional)"),
    )


class SuggestionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, strip=False)
    reason = forms.CharField(
        label=_("Why do you suggest this?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: object, section: Section, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        self.fields["text"].label = gettext("Your suggested text for ‘%(section)s’") % {
            "section": section.label
        }
        self.fields["text"].help_text = _up_to(section.max_length)


class DeclineForm(forms.Form):
    response = forms.CharField(
        label=_("Why are you declining it?"),
        help_text=_("The person who suggested it will see this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class CoAuthorForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name of the person to add"),
        max_length=50,
        error_messages={"required": _("Enter the person's display name")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this comment?"), required=False, max_length=500
    )
