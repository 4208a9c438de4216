from django import forms

from proposals.models import Theme
from proposals.sections import Section


class SectionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, required=False, strip=False)
    note = forms.CharField(
        label="What did you change? (optional)",
        help_text="A few words for your co-authors, like ‘added the cost of training’.",
        required=False,
        max_length=300,
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, section: Section, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        field = self.fields["text"]
        field.label = section.label
        field.help_text = f"{section.hint} Up to {section.max_length:,} characters."
        field.widget = (
            forms.TextInput() if section.rows == 1 else forms.Textarea(attrs={"rows": section.rows})
        )


class StartProposalForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        help_text="A short name for the proposal.",
        error_messages={"required": "Enter a title"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=600,
        help_text="Two or three sentences: what you want to change and why.",
        error_messages={"required": "Enter a summary"},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Themes (optional)",
    )


class SuggestionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, strip=False)
    reason = forms.CharField(
        label="Why do you suggest this?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: object, section: Section, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        self.fields["text"].label = f"Your suggested text for ‘{section.label}’"
        self.fields["text"].help_text = f"Up to {section.max_length:,} characters."


class DeclineForm(forms.Form):
    response = forms.CharField(
        label="Why are you declining it?",
        help_text="The person who suggested it will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class CoAuthorForm(forms.Form):
    display_name = forms.CharField(
        label="Display name of the person to add",
        max_length=50,
        error_messages={"required": "Enter the person's display name"},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FlagForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this comment?", required=False, max_length=500
    )
