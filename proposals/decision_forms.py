from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from common.i18n import bcp47
from proposals.decision_services import (
    TranslatedCommitment,
    TranslatedEasyReadLine,
    translation_field,
)
from proposals.models import (
    REASONS_MAX_LENGTH,
    WHAT_WAS_HEARD_MAX_LENGTH,
    Commitment,
    Decision,
    DecisionEasyReadLine,
    DecisionTranslation,
    Outcome,
    PartTranslation,
    ProgressStatus,
    ProgressUpdate,
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


@dataclass(frozen=True)
class TranslationRow:
    """A box for the translation of one text, beside the text as the board wrote it."""

    original: str
    field: forms.BoundField


@dataclass
class TranslationGroup:
    """The boxes for one commitment (and its progress updates), or for the easy read
    version, under one heading."""

    heading: str
    rows: list[TranslationRow] = field(default_factory=list)


_Translation = TypeVar("_Translation", bound=PartTranslation | DecisionTranslation)


# The labels of the boxes for the translation of a decision's parts, in the order shown.
COMMITMENT_LABELS = {
    # Translators: the label of a box for a translation: "Commitment 2, in Welsh".
    "text": _("Commitment %(number)s, in %(language)s"),
    # Translators: the label of a box for a translation.
    "owner_text": _("Who is responsible for commitment %(number)s, in %(language)s"),
    # Translators: the label of a box for a translation: "The 2-year milestone of
    # commitment 1, in Welsh".
    "milestone_2_years": _("The 2-year milestone of commitment %(number)s, in %(language)s"),
    "milestone_5_years": _("The 5-year milestone of commitment %(number)s, in %(language)s"),
    "milestone_10_years": _("The 10-year milestone of commitment %(number)s, in %(language)s"),
}
# The texts written on one line: who is responsible, and an easy read idea and its picture.
ONE_LINE = frozenset({"owner_text", "sentence", "alt_text"})
EASY_READ_LABELS = {
    # Translators: the label of a box for a translation: "Easy read idea 2, in Welsh".
    "sentence": _("Easy read idea %(number)s, in %(language)s"),
    # Translators: the label of a box for a translation.
    "alt_text": _("What the picture of easy read idea %(number)s shows, in %(language)s"),
}


class DecisionTranslationForm(forms.Form):
    """The board's decision in another language: what it heard and its reasons, and a box
    for each text of its commitments, their progress updates and its easy read ideas that
    readers see. Each box is marked with the language it is for, so spelling checks and
    screen readers use it, and holds the translation the board gave, if any."""

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

    def __init__(self, *args: Any, decision: Decision, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.language = language
        name = language_name(language)
        # Translators: the label of a box for a translation: "What the board heard, in Welsh".
        self.fields["what_was_heard"].label = _("What the board heard, in %(language)s") % {
            "language": name
        }
        # Translators: the label of a box for a translation: "The board’s reasons, in Welsh".
        self.fields["reasons"].label = _("The board’s reasons, in %(language)s") % {
            "language": name
        }
        given = _given(decision.translations.all(), language)
        if given is not None:
            self.initial.update(what_was_heard=given.what_was_heard, reasons=given.reasons)
        self.commitment_groups = [
            self._commitment_group(number, commitment)
            for number, commitment in enumerate(decision.commitments.all(), start=1)
        ]
        self.easy_read_rows = [
            row
            for number, line in enumerate(decision.easy_read.all(), start=1)
            for row in self._easy_read_rows(number, line)
        ]
        for one in self.fields.values():
            one.widget.attrs.update({"lang": bcp47(language), "dir": "auto"})

    def _row(
        self,
        part: Commitment | ProgressUpdate | DecisionEasyReadLine,
        name: str,
        label: str,
        given: PartTranslation | None,
    ) -> TranslationRow:
        """Add the box for the translation of ``name`` of ``part``. How long it may be is
        left to the service, whose refusal names the part ("The translation of commitment
        2 must be…"), where the form's would not."""
        key = translation_field(part, name)
        self.fields[key] = forms.CharField(
            label=label,
            widget=forms.TextInput() if name in ONE_LINE else forms.Textarea(attrs={"rows": 3}),
            required=False,
            initial=getattr(given, name, None),
        )
        return TranslationRow(getattr(part, name), self[key])

    def _commitment_group(self, number: int, commitment: Commitment) -> TranslationGroup:
        """The boxes for the texts of one commitment that readers see, and for its progress
        updates."""
        # Translators: a heading over the boxes for one commitment's translation.
        group = TranslationGroup(_("Commitment %(number)s") % {"number": number})
        words = {"number": number, "language": language_name(self.language)}
        given = _given(commitment.translations.all(), self.language)
        for name, label in COMMITMENT_LABELS.items():
            shown = name != "owner_text" or commitment.owner_organisation_id is None
            if shown and getattr(commitment, name):
                group.rows.append(self._row(commitment, name, label % words, given))
        for update in commitment.updates.all():
            # Translators: the label of a box for a translation: "Progress update of 3
            # March 2027 on commitment 2, in Welsh".
            label = _("Progress update of %(date)s on commitment %(number)s, in %(language)s")
            on = {**words, "date": date_format(update.date, "j F Y")}
            given_update = _given(update.translations.all(), self.language)
            group.rows.append(self._row(update, "text", label % on, given_update))
        return group

    def _easy_read_rows(self, number: int, line: DecisionEasyReadLine) -> list[TranslationRow]:
        """The boxes for an easy read idea's sentence, and what its picture shows."""
        words = {"number": number, "language": language_name(self.language)}
        given = _given(line.translations.all(), self.language)
        return [
            self._row(line, name, label % words, given)
            for name, label in EASY_READ_LABELS.items()
            if getattr(line, name)
        ]

    def commitments(self) -> dict[int, TranslatedCommitment]:
        """The translations of the commitments, as the service takes them."""
        return {
            commitment.pk: TranslatedCommitment(
                **{
                    name: self.cleaned_data.get(translation_field(commitment, name), "")
                    for name in COMMITMENT_LABELS
                }
            )
            for commitment in self.decision.commitments.all()
        }

    def progress(self) -> dict[int, str]:
        """The translations of the progress updates, as the service takes them."""
        return {
            update.pk: self.cleaned_data.get(translation_field(update, "text"), "")
            for commitment in self.decision.commitments.all()
            for update in commitment.updates.all()
        }

    def easy_read(self) -> dict[int, TranslatedEasyReadLine]:
        """The translations of the easy read ideas, as the service takes them."""
        return {
            line.pk: TranslatedEasyReadLine(
                **{
                    name: self.cleaned_data.get(translation_field(line, name), "")
                    for name in EASY_READ_LABELS
                }
            )
            for line in self.decision.easy_read.all()
        }


def _given(translations: "Iterable[_Translation]", language: str) -> _Translation | None:
    """The translation into ``language`` among ``translations`` (prefetched), if any."""
    return next((one for one in translations if one.language == language), None)
