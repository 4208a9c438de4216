"""Threads, messages, statements with votes, polls and moderation.

A thread stands alone: proposals and consultations point at it (a one-to-one from their
side), so this app depends on neither. Message ids come from the table's autoincrement;
``do_post_message`` locks the thread row while inserting, so within one thread ids are
allocated and committed in the same order and ``resume`` (ids greater than ``after``)
can never skip a message that commits late.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import supporter_field
from deliberation.languages import language_field

MESSAGE_MAX_LENGTH = 4000
STATEMENT_MAX_LENGTH = 140
CLIENT_ID_MAX_LENGTH = 64


class Thread(models.Model):
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    is_open = models.BooleanField(
        default=True, help_text=_("Closed threads can be read but not written to.")
    )
    members_only = models.BooleanField(
        default=False, help_text=_("Only invited members and facilitators can see it.")
    )
    slow_mode_seconds = models.PositiveIntegerField(
        default=0, help_text=_("Minimum seconds between one person's messages (0: off).")
    )
    # A facilitator's pause of posting and voting (deliberation.lifecycle), with the reason
    # everyone is shown; the moderation log keeps who paused and resumed, and when.
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("deliberation:thread", args=[self.pk])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        """Also forget what rules worked out from the old row (deliberation.rules)."""
        super().refresh_from_db(*args, **kwargs)
        for cached in ("_membership_cache", "_discussion_state"):
            self.__dict__.pop(cached, None)


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    FACILITATOR = "facilitator", _("Facilitator")


class ThreadMember(models.Model):
    """A person's standing in one thread: role, removal, and where they last read to."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(max_length=500, blank=True)
    last_seen_message_id = models.BigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="deliberation_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.thread} ({self.role})"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="thread_messages"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    supporter = supporter_field()
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    body_html = models.TextField(help_text=_("Sanitised rendering of body; safe to insert."))
    language = language_field()  # what the author wrote it in (deliberation.languages)
    client_id = models.CharField(max_length=CLIENT_ID_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            # A client retrying a post after a reconnect must not create a second message.
            models.UniqueConstraint(
                fields=["author", "thread", "client_id"],
                condition=~Q(client_id=""),
                name="deliberation_message_client_id_unique",
            )
        ]
        indexes = [models.Index(fields=["thread", "id"], name="deliberation_msg_thread_id")]

    def __str__(self) -> str:
        return f"Message {self.pk} in thread {self.thread_id}"

    @property
    def is_visible(self) -> bool:
        return self.hidden_at is None and self.deleted_at is None


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a facilitator")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class Statement(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="thread_statements"
    )
    text = models.CharField(max_length=STATEMENT_MAX_LENGTH)
    language = language_field()  # what the author wrote it in (deliberation.languages)
    status = models.CharField(
        max_length=20, choices=StatementStatus.choices, default=StatementStatus.PENDING
    )
    rejection_reason = models.CharField(max_length=500, blank=True)
    is_seed = models.BooleanField(default=False, help_text=_("Written by a facilitator."))
    is_meta = models.BooleanField(default=False, help_text=_("About the conversation itself."))
    extremity = models.FloatField(
        default=0.0,
        help_text=_(
            "How far this statement sets the opinion groups of the latest analysis "
            "apart; routing shows such statements sooner."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class VoteValue(models.IntegerChoices):
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass or unsure")
    AGREE = 1, _("Agree")


class Vote(models.Model):
    """The largest table, written to by every vote and by imports of millions: it keeps no
    index it does not need. The unique ``(statement, voter)`` index serves lookups by
    statement, so the foreign key has none of its own; few votes have a supporter, so only
    theirs are indexed."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_votes"
    )
    value = models.SmallIntegerField(choices=VoteValue.choices)
    supporter = supporter_field(db_index=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["supporter"],
                condition=Q(supporter__isnull=False),
                name="deliberation_vote_supported",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["statement", "voter"], name="deliberation_vote_once"),
            models.CheckConstraint(
                condition=Q(value__in=[-1, 0, 1]), name="deliberation_vote_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} on {self.statement_id}: {self.value}"


class PollKind(models.TextChoices):
    SINGLE = "single", _("Choose one")
    MULTIPLE = "multiple", _("Choose any")
    RANKED = "ranked", _("Put in order")


class ResultsShown(models.TextChoices):
    LIVE = "live", _("While the poll is open")
    AFTER_CLOSE = "after_close", _("Only after it closes")


class Poll(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=PollKind.choices, default=PollKind.SINGLE)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(null=True, blank=True)
    results_shown = models.CharField(
        max_length=20, choices=ResultsShown.choices, default=ResultsShown.LIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="deliberation_poll_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class PollResponse(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_responses"
    )
    supporter = supporter_field()
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "respondent"], name="deliberation_poll_once")
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id} on poll {self.poll_id}"


class PollChoice(models.Model):
    """One option picked in a response; ``rank`` is 1 for first preference in ranked polls."""

    response = models.ForeignKey(PollResponse, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "option"], name="deliberation_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.option_id} (rank {self.rank})"


class Flag(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "flagged_by"], name="deliberation_flag_once")
        ]

    def __str__(self) -> str:
        return f"Flag on {self.message_id}"


class ModerationAction(models.TextChoices):
    HIDE_MESSAGE = "hide_message", _("Hid a message")
    DISMISS_FLAGS = "dismiss_flags", _("Kept a flagged message")
    REMOVE_PERSON = "remove_person", _("Removed a person from the thread")
    ACCEPT_STATEMENT = "accept_statement", _("Accepted a statement")
    REJECT_STATEMENT = "reject_statement", _("Did not accept a statement")
    SET_SLOW_MODE = "set_slow_mode", _("Changed slow mode")
    CREATE_POLL = "create_poll", _("Created a poll")
    PAUSE = "pause", _("Paused posting and voting")
    RESUME = "resume", _("Resumed posting and voting")


class ModerationLogEntry(models.Model):
    """The audit log: every moderation action, who took it, on what, and why. Never edited."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="moderation_log")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32, choices=ModerationAction.choices)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = _("moderation log entries")

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_id}"


class ImportedRecordKind(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    STATEMENT = "statement", _("Statement")


class ImportedRecord(models.Model):
    """Where an imported participant or statement came from, e.g. a Pol.is export.

    The natural key (thread, source, kind, external id) makes an import idempotent: a
    second run finds every record and writes nothing. ``full_text`` keeps the original
    text of a statement that was longer than a Hearth statement may be.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="imported_records")
    source = models.CharField(max_length=200, help_text=_('e.g. "polis:<conversation>".'))
    kind = models.CharField(max_length=20, choices=ImportedRecordKind.choices)
    external_id = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    full_text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "source", "kind", "external_id"],
                name="deliberation_imported_record_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.external_id}"
