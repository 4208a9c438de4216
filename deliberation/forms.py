"""Forms only parse input; the services decide what is allowed (and raise ServiceError)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.i18n import language_choices
from deliberation.languages import current_language
from deliberation.models import Poll, PollKind, ResultsShown


def written_in_field() -> forms.ChoiceField:
    """The "Written in" select: the language of what is being written, the one the page
    is read in unless its author chooses another (deliberation.languages). Left out of a
    post, the service takes the page's language too."""
    # A plain Select (the GOV.UK field template knows it by its class), each option
    # marked as written in itself (``lang``), so a screen reader says "Cymraeg" in Welsh.
    widget = forms.Select()
    widget.option_template_name = "deliberation/_language_option.html"
    return forms.ChoiceField(
        label=_("Written in"),
        help_text=_("Change this if you are writing in another language."),
        choices=language_choices,
        initial=current_language,
        required=False,
        widget=widget,
    )


def add_written_in_field(form: forms.BaseForm) -> None:
    """Give a form the "Written in" select as its ``language`` field, for a view that
    passes ``form.cleaned_data["language"]`` on to its service."""
    form.fields["language"] = written_in_field()


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        strip=False,
        help_text=_("You can use *emphasis*, **bold**, [links](https://example.org) and lists."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = written_in_field()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Suggest a statement for people to vote on"),
        required=False,
        help_text=_("One idea in up to 140 characters. A facilitator checks it first."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Not "language": the thread page shows this form beside the message form, and the
    # ids of their fields (and of their hints and errors) must differ.
    statement_language = written_in_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Keep the reason to 500 characters or fewer")},
    )


class SlowModeForm(forms.Form):
    seconds = forms.IntegerField(
        label=_("Slow mode: seconds between one person's messages"),
        help_text=_("0 turns slow mode off."),
        min_value=0,
        max_value=3600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter a number of seconds, or 0 to turn slow mode off"),
            "invalid": _("Enter a whole number of seconds"),
            "min_value": _("Enter 0 or more seconds"),
            "max_value": _("Enter 3,600 seconds (an hour) or fewer"),
        },
    )


class PollCreateForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(
        label=_("How do people answer?"),
        choices=PollKind.choices,
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        label=_("Options"),
        help_text=_("One option on each line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    days_open = forms.IntegerField(
        label=_("How many days will it stay open?"),
        min_value=1,
        max_value=365,
        initial=7,
    )
    results_shown = forms.ChoiceField(
        label=_("When can people see the results?"),
        choices=ResultsShown.choices,
        widget=forms.RadioSelect,
        initial=ResultsShown.LIVE,
    )


class PollAnswerForm(forms.Form):
    """One field for single and multiple choice; one place per option for ranked polls."""

    def __init__(self, poll: Poll, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type] # forwarded unchanged
        self.poll = poll
        options = [(str(o.pk), o.text) for o in poll.options.all()]
        self.options = options
        if poll.kind == PollKind.SINGLE:
            self.fields["choice"] = forms.ChoiceField(
                label=poll.question,
                choices=options,
                widget=forms.RadioSelect,
                required=False,
            )
        elif poll.kind == PollKind.MULTIPLE:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=poll.question,
                help_text=gettext("Choose all that apply."),
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        else:
            places = [("", gettext("Choose a place"))] + [
                (str(n), f"{n}") for n in range(1, len(options) + 1)
            ]
            for pk, text in options:
                self.fields[f"place_{pk}"] = forms.ChoiceField(
                    label=gettext("Place for ‘%(option)s’ (1 is your first choice)")
                    % {"option": text},
                    choices=places,
                    required=False,
                )

    def ranking(self) -> list[int]:
        """Option ids, most preferred first; a malformed answer gives an invalid ranking
        that the service refuses with a clear message."""
        data = self.cleaned_data
        if self.poll.kind == PollKind.SINGLE:
            return [int(data["choice"])] if data.get("choice") else []
        if self.poll.kind == PollKind.MULTIPLE:
            return [int(v) for v in data.get("choice") or []]
        placed = []
        for pk, _text in self.options:
            place = data.get(f"place_{pk}")
            if not place:
                return []
            placed.append((int(place), int(pk)))
        if len({p for p, _ in placed}) != len(placed):
            return []
        return [pk for _, pk in sorted(placed)]
