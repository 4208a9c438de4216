"""Proposals are Wagtail pages.

A page type, not a snippet: proposals need public URLs under an index page, site
search, and Wagtail's revisions, draft and live versions, publishing, previews, locking
and moderation workflows, all of which pages have without extra mixins. Co-authors who
are not CMS editors write through Hearth's own pages (proposals.views), which create the
same page revisions through proposals.services.

Facts about a proposal that are not its text (its stage, its co-authors) live outside the
revisioned content, so publishing an older revision never winds them back.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from accounts.models import supporter_field
from common.easy_read_blocks import EasyReadStreamBlock
from common.i18n import bcp47, language_choices
from common.page_language import ReadersLanguageUrlMixin
from common.view_restrictions import ViewRestrictionsWhenAnyMixin
from deliberation.languages import LANGUAGE_MAX_LENGTH, current_language, language_field
from proposals.lifecycle import Stage
from proposals.sections import BY_NAME, section_label


class Theme(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


register_snippet(Theme)


def _text(name: str, **kwargs: Any) -> models.TextField:
    section = BY_NAME[name]
    return models.TextField(
        section.label,
        max_length=section.max_length,
        blank=not section.required,
        help_text=section.hint,
        **kwargs,
    )


TEXT_FIELDS = (
    "summary", "easy_read_summary", "problem", "proposal", "goal", "first_steps",
    "milestone_2_years", "milestone_5_years", "milestone_10_years", "who_acts", "cost", "evidence",
)  # fmt: skip


class ProposalPage(ReadersLanguageUrlMixin, ViewRestrictionsWhenAnyMixin, Page):
    summary = _text("summary")
    easy_read_summary = _text("easy_read_summary")
    problem = _text("problem")
    proposal = _text("proposal")
    goal = _text("goal")
    first_steps = _text("first_steps")
    milestone_2_years = _text("milestone_2_years")
    milestone_5_years = _text("milestone_5_years")
    milestone_10_years = _text("milestone_10_years")
    who_acts = _text("who_acts")
    cost = _text("cost")
    evidence = _text("evidence")
    easy_read = StreamField(
        EasyReadStreamBlock(),
        blank=True,
        verbose_name=_("easy read version"),
        help_text=_("A picture beside one short sentence, for each main idea."),
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="proposals")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    thread = models.OneToOneField(
        "deliberation.Thread",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="proposal",
        help_text=_("The live discussion of this proposal."),
    )
    # One page, one discussion: a translated copy does not take its original's.
    exclude_fields_in_copy = ["thread"]

    content_panels = [
        *Page.content_panels,
        *(FieldPanel(name) for name in TEXT_FIELDS),
        FieldPanel("easy_read"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("stage")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("easy_read_summary"),
        index.SearchField("problem"),
        index.SearchField("proposal"),
        index.SearchField("evidence"),
        index.FilterField("stage"),
    ]

    parent_page_types = ["cms.ProposalIndexPage"]
    subpage_types: list[str] = []
    template = "proposals/proposal_page.html"

    def with_content_json(self, content: dict[str, Any]) -> "ProposalPage":
        # The stage and the discussion belong to the proposal, not to a revision of its text.
        obj = super().with_content_json(content)
        obj.stage = self.stage
        obj.thread_id = self.thread_id
        return obj

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from proposals.selectors import proposal_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(proposal_page_context(self))
        return context


class AuthorRole(models.TextChoices):
    LEAD = "lead", _("Lead author")
    CO_AUTHOR = "co_author", _("Co-author")


class ProposalAuthor(models.Model):
    proposal = models.ForeignKey(ProposalPage, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=AuthorRole.choices, default=AuthorRole.CO_AUTHOR)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_author_once"),
        ]
        ordering = ["-role", "added_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Suggestion(models.Model):
    class Status(models.TextChoices):
        # Translators: the status of someone's suggested change to a proposal.
        PENDING = "pending", _("Waiting for a co-author")
        # Translators: the status of a suggested change: a co-author took it into the text.
        ACCEPTED = "accepted", _("Accepted")
        # Translators: the status of a suggested change: a co-author said no, with a reason.
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(ProposalPage, on_delete=models.CASCADE, related_name="suggestions")
    section = models.CharField(max_length=40)
    text = models.TextField()
    reason = models.TextField(max_length=2000)
    language = language_field()  # of the text and reason (deliberation.languages)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supporter = supporter_field()
    base_revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    response = models.TextField(_("reason for declining"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Suggestion on {self.section_label} by {self.author}"

    @property
    def section_label(self) -> str:
        """The section's name as people read it ("Easy read summary", not the field key)."""
        return section_label(self.section)


class RevisionNote(models.Model):
    """Who made a revision through Hearth, why, which sections it changed, and whose
    suggestion it carried: the co-production ledger."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="hearth_note")
    proposal = models.ForeignKey(
        ProposalPage, on_delete=models.CASCADE, related_name="revision_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    sections = models.JSONField(default=list)
    suggestion = models.OneToOneField(
        Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="revision_note"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.author} changed {', '.join(self.section_labels)}"

    @property
    def section_labels(self) -> list[str]:
        """The changed sections' names as people read them, in the order written."""
        return [section_label(name) for name in self.sections]


class ConflictCopy(models.Model):
    """Text a co-author saved against an older version of a section that someone else had
    changed meanwhile: kept until they merge it, so it is never lost."""

    proposal = models.ForeignKey(ProposalPage, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=40)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    base_revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.author}'s text for {self.section}"


class SectionComment(models.Model):
    proposal = models.ForeignKey(ProposalPage, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=40)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    language = language_field()  # what the author wrote it in (deliberation.languages)
    supporter = supporter_field()
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.section}"


class CommentFlag(models.Model):
    comment = models.ForeignKey(SectionComment, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagged_by"], name="proposals_flag_once"),
        ]

    def __str__(self) -> str:
        return f"{self.flagged_by} reported comment {self.comment_id}"


# ---- board decisions and commitments --------------------------------------------------


class Outcome(models.TextChoices):
    # Translators: what a reform board decided about a proposal.
    ADOPTED = "adopted", _("Adopted")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    NEEDS_MORE_WORK = "needs_more_work", _("Needs more work")


# The longest a board's account of what it heard and its reasons may be, in any language.
WHAT_WAS_HEARD_MAX_LENGTH = 4000
REASONS_MAX_LENGTH = 6000


def language_name(code: str) -> str:
    """A language's name in the language being read: "Welsh" to an English reader,
    "Saesneg" (English) to a Welsh one."""
    try:
        info = translation.get_language_info(code.split("-")[0])
    except KeyError:
        return code
    return str(info["name_translated"])


@dataclass(frozen=True)
class DecisionText:
    """What a board heard and its reasons as one reader sees them: in the reader's language
    where the board has translated the decision into it, else as the board wrote them."""

    what_was_heard: str
    reasons: str
    language: str  # the code of the language they are written in
    reader_language: str  # the code of the language the page is read in
    translated: bool  # a translation, not what the board first wrote

    @property
    def tag(self) -> str:
        """For ``lang`` on the text: "en-GB", "cy"."""
        return bcp47(self.language)

    @property
    def reader_tag(self) -> str:
        return bcp47(self.reader_language)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def untranslated(self) -> bool:
        """Shown in another language than the reader's: nobody has translated it yet."""
        return self.language != self.reader_language


class Decision(models.Model):
    """A reform board's answer to a proposal: one per proposal, with reasons citing what
    was heard. Written only by proposals.decision_services.decision_record; given in other
    languages by the board through decision_services.decision_translate."""

    proposal = models.OneToOneField(
        ProposalPage, on_delete=models.CASCADE, related_name="decision"
    )  # one decision per proposal, enforced by the database
    board = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    what_was_heard = models.TextField(
        _("what we heard"),
        max_length=WHAT_WAS_HEARD_MAX_LENGTH,
        help_text=_("What people said about this proposal that the board took into account."),
    )
    reasons = models.TextField(max_length=REASONS_MAX_LENGTH)
    # What the board wrote what_was_heard and reasons in: the language its member was
    # reading Hearth in when they recorded it (deliberation.languages).
    language = language_field()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"

    def readers_text(self) -> DecisionText:
        """What was heard and the reasons in the language being read, where the board has
        translated them into it, else as the board wrote them. Reads the translations
        prefetched with the decision (decision_selectors); asks the database only for a
        reader of another language than the original's, when they were not prefetched."""
        reader = current_language()
        given = _readers_translation(self.translations, self.language)
        if given is not None:
            return DecisionText(given.what_was_heard, given.reasons, reader, reader, True)
        return DecisionText(self.what_was_heard, self.reasons, self.language, reader, False)


class DecisionTranslation(models.Model):
    """A board's decision in another language Hearth offers, given by the board that made
    it: what it heard and its reasons, once per language. Readers of that language see it
    in place of the original. Written only by decision_services.decision_translate."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language"), max_length=LANGUAGE_MAX_LENGTH, choices=language_choices
    )
    what_was_heard = models.TextField(_("what we heard"), max_length=WHAT_WAS_HEARD_MAX_LENGTH)
    reasons = models.TextField(max_length=REASONS_MAX_LENGTH)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    translated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "language"], name="proposals_decision_translation_once"
            ),
        ]
        ordering = ["language", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} ({self.language})"


class DecisionEasyReadLine(models.Model):
    """One idea of a decision's easy read version: a short sentence, and a picture that
    shows it (optional, but a picture always has its alt text)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="easy_read")
    position = models.PositiveSmallIntegerField()
    sentence = models.CharField(max_length=120)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alt_text = models.CharField(_("what the picture shows"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.sentence

    def readers_text(self) -> "PartText":
        """The sentence and what the picture shows in the language being read, where the
        board has translated them into it, else as the board wrote them."""
        given = _readers_translation(self.translations, self.decision.language)
        shown = given or self
        return PartText(
            {"sentence": shown.sentence, "alt_text": shown.alt_text},
            given.language if given else self.decision.language,
        )


class Commitment(models.Model):
    """Something the board commits to, with who owns it and 2/5/10-year milestones."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("what we will do"), max_length=2000)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    owner_text = models.CharField(_("who is responsible"), max_length=200, blank=True)
    milestone_2_years = models.TextField(_("in 2 years"), max_length=1000, blank=True)
    milestone_5_years = models.TextField(_("in 5 years"), max_length=1000, blank=True)
    milestone_10_years = models.TextField(_("in 10 years"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner(self) -> str:
        return self.owner_organisation.name if self.owner_organisation else self.owner_text

    def readers_text(self) -> "PartText":
        """What the board commits to, who is responsible and the milestones in the language
        being read, where the board has translated them into it, else as the board wrote
        them. An owning organisation keeps its name."""
        given = _readers_translation(self.translations, self.decision.language)
        shown = given or self
        owner = self.owner_organisation.name if self.owner_organisation else shown.owner_text
        return PartText(
            {
                "text": shown.text,
                "owner": owner,
                "milestone_2_years": shown.milestone_2_years,
                "milestone_5_years": shown.milestone_5_years,
                "milestone_10_years": shown.milestone_10_years,
            },
            given.language if given else self.decision.language,
        )


class ProgressStatus(models.TextChoices):
    # Translators: how a board's commitment is going, in a progress update.
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    # Translators: how a commitment is going: later than planned.
    DELAYED = "delayed", _("Delayed")
    # Translators: how a commitment is going: it has been done.
    DONE = "done", _("Done")


class ProgressUpdate(models.Model):
    """A dated report of how a commitment is going, kept in order for everyone to see."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date of the update"))
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    text = models.TextField(_("what has happened"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"

    def readers_text(self) -> "PartText":
        """What has happened in the language being read, where the board has translated it
        into it, else as the board wrote it."""
        language = self.commitment.decision.language
        given = _readers_translation(self.translations, language)
        return PartText({"text": (given or self).text}, given.language if given else language)


# ---- translations of a decision's parts -------------------------------------------------


@dataclass(frozen=True)
class PartText:
    """A commitment, progress update or easy read line of a decision as one reader sees
    it: its texts, by field, in the reader's language where the board has translated them
    into it, else as the board wrote them (in the decision's language)."""

    texts: Mapping[str, str]
    language: str  # the code of the language they are written in

    @property
    def tag(self) -> str:
        """For ``lang`` on the texts: "en-GB", "cy"."""
        return bcp47(self.language)

    @property
    def marked(self) -> dict[str, SafeString]:
        """Each text marked with its language, for a sentence in the reader's language
        that holds it ("In 2 years: …"), which is not marked so."""
        return {
            name: format_html('<span lang="{}" dir="auto">{}</span>', self.tag, text)
            for name, text in self.texts.items()
        }


class PartTranslation(models.Model):
    """A part of a board's decision in another language Hearth offers, given by the board
    that made it with the decision's own translation (DecisionTranslation), once per part
    and language. Written only by decision_services.decision_translate."""

    language = models.CharField(
        _("language"), max_length=LANGUAGE_MAX_LENGTH, choices=language_choices
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    translated_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["language", "pk"]


_Translation = TypeVar("_Translation", bound="PartTranslation | DecisionTranslation")


def _readers_translation(
    translations: "models.Manager[_Translation]", written_in: str
) -> _Translation | None:
    """The translation into the language being read of a decision or a part of it written
    in ``written_in``, if the board gave one. Reads the translations prefetched with the part
    (decision_selectors); asks the database only for a reader of another language than the
    original's, when they were not prefetched."""
    reader = current_language()
    if reader == written_in:
        return None
    return next((given for given in translations.all() if given.language == reader), None)


class CommitmentTranslation(PartTranslation):
    """A commitment in another language: what will be done, who is responsible (where no
    organisation is) and the milestones it has; the others stay empty."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="translations"
    )
    text = models.TextField(_("what we will do"), max_length=2000)
    owner_text = models.CharField(_("who is responsible"), max_length=200, blank=True)
    milestone_2_years = models.TextField(_("in 2 years"), max_length=1000, blank=True)
    milestone_5_years = models.TextField(_("in 5 years"), max_length=1000, blank=True)
    milestone_10_years = models.TextField(_("in 10 years"), max_length=1000, blank=True)

    class Meta(PartTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "language"], name="proposals_commitment_translation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.language})"


class ProgressUpdateTranslation(PartTranslation):
    """A progress update in another language: what has happened."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="translations"
    )
    text = models.TextField(_("what has happened"), max_length=2000)

    class Meta(PartTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["update", "language"], name="proposals_progress_translation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.update} ({self.language})"


class DecisionEasyReadLineTranslation(PartTranslation):
    """An idea of a decision's easy read version in another language: its sentence and
    what its picture shows (if it has one). Goes with its line when the board rewrites the
    easy read version."""

    line = models.ForeignKey(
        DecisionEasyReadLine, on_delete=models.CASCADE, related_name="translations"
    )
    sentence = models.CharField(max_length=120)
    alt_text = models.CharField(_("what the picture shows"), max_length=200, blank=True)

    class Meta(PartTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["line", "language"], name="proposals_easy_read_translation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} ({self.language})"
