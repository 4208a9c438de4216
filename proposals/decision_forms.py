from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from common.i18n import bcp47
from proposals.models import (
    REASONS_MAX_LENGTH,
    WHAT_WAS_HEARD_MAX_LENGTH,
    Outcome,
    ProgressStatus,
    language_name,
)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did the board decide?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the board decided")},
    )
    what_was_heard = forms.CharField(
        label=_("What did you hear from people?"),
        help_text=_("The views, evidence and experiences the board took into account."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
    )
    reasons = forms.CharField(
        label=_("Why did the board decide this?"),
        help_text=_("Say how what you heard shaped the decision. Everyone will see this."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=6000,
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("What will be done?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    owner_text = forms.CharField(
        label=_("Who is responsible?"),
        help_text=_("An organisation or a role, like ‘Northshire Council adult social care’."),
        required=False,
        max_length=200,
    )
    milestone_2_years = forms.CharField(
        label=_("In 2 years"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    milestone_5_years = forms.CharField(
        label=_("In 5 years"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    milestone_10_years = forms.CharField(
        label=_("In 10 years"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ProgressForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the update"),
        # Translators: the form reads a date as year-month-day digits; keep the example so.
        help_text=_("Use the format YYYY-MM-DD, like 2027-03-27."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter the date of the update"),
            # Translators: the form reads a date as year-month-day digits; keep the example so.
            "invalid": _("Enter the date as YYYY-MM-DD, like 2027-03-27"),
        },
    )
    status = forms.ChoiceField(
        label=_("How is it going?"),
        choices=ProgressStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the commitment is going")},
    )
    text = forms.CharField(
        label=_("What has happened?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class EasyReadLineForm(forms.Form):
    """One idea of a decision's easy read version."""

    sentence = forms.CharField(
        label=_("Sentence"),
        help_text=_("One short sentence with one idea, in everyday words."),
        required=False,
        max_length=120,
    )
    image = forms.ModelChoiceField(
        label=_("Picture (optional)"),
        queryset=get_image_model().objects.order_by("title"),
        required=False,
        empty_label=_("No picture"),
    )
    alt_text = forms.CharField(
        label=_("What the picture shows"),
        help_text=_("Needed if you choose a picture, for people who cannot see it."),
        required=False,
        max_length=200,
    )


EasyReadFormSet = forms.formset_factory(EasyReadLineForm, extra=3, max_num=20)


class DecisionTranslationForm(forms.Form):
    """The board's decision in another language: what it heard and its reasons. Each box
    is marked with the language it is for, so spelling checks and screen readers use it."""

    what_was_heard = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=WHAT_WAS_HEARD_MAX_LENGTH,
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=REASONS_MAX_LENGTH,
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = language_name(language)
        # Translators: the label of a box for a translation: "What the board heard, in Welsh".
        self.fields["what_was_heard"].label = _("What the board heard, in %(language)s") % {
            "language": name
        }
        # Translators: the label of a box for a translation: "The board’s reasons, in Welsh".
        self.fields["reasons"].label = _("The board’s reasons, in %(language)s") % {
            "language": name
        }
        for field in self.fields.values():
            field.widget.attrs.update({"lang": bcp47(language), "dir": "auto"})
