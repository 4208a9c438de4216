"""Every link from a record to a person, and what download and erasure do with it.

Each foreign key to the user model (Hearth's and the libraries') has one row here, keyed
``"<app>.<Model>.<field>"``. A new model that points at a person fails
tests/accounts/test_personal_data.py until it is given a row: nobody can add personal
data that download-my-data misses or erasure leaves behind.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models


class Erase(StrEnum):
    """What erasing a person does to a record that points at them."""

    DELETE = "delete"
    """The record goes with the account: it is about the person and nobody else needs it."""
    FORMER = "former"
    """The record stays, credited to a "Former participant" stand-in: public content other
    people replied to or relied on stays readable, with nothing that leads back to them."""
    ANONYMOUS = "anonymous"
    """The record moves to an anonymous stand-in that is shown nowhere: totals, analysis
    and the one-per-person rules stay exactly as they were."""
    CLEAR = "clear"
    """The link is emptied; the record itself is not the person's."""


@dataclass(frozen=True)
class Treatment:
    erase: Erase
    why: str
    export: bool = True
    """In download-my-data; when False, ``why`` says why it is not personal data worth
    giving (a secret, or a few minutes of editing state)."""


_PUBLIC = "public content others reply to and rely on; kept readable without the name"
_SUPPORTED = "the contribution is the supported person's; the supporter's name goes"
_COUNTED = "counted in totals and analysis; kept, but no longer linked to the person"

POLICY: dict[str, Treatment] = {
    # accounts
    "accounts.Notification.user": Treatment(Erase.DELETE, "only ever meant for the person"),
    "accounts.Membership.user": Treatment(Erase.DELETE, "a role ends with the account"),
    "accounts.Membership.created_by": Treatment(
        Erase.CLEAR, "the role is the other person's; who gave it is not needed"
    ),
    "accounts.User_groups.user": Treatment(Erase.DELETE, "admin groups end with the account"),
    "accounts.User_user_permissions.user": Treatment(
        Erase.DELETE, "admin permissions end with the account"
    ),
    "accounts.SupportConsent.person": Treatment(
        Erase.DELETE, "consent to be supported ends with the person's account"
    ),
    "accounts.SupportConsent.supporter": Treatment(
        Erase.DELETE, "consent to be supported by someone ends with that supporter's account"
    ),
    "accounts.SupportConsent.recorded_by": Treatment(
        Erase.CLEAR, "the consent is the two people's; who recorded it is not needed"
    ),
    # proposals
    "proposals.ProposalAuthor.user": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.Suggestion.author": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.Suggestion.decided_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.RevisionNote.author": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.ConflictCopy.author": Treatment(
        Erase.DELETE, "private unmerged text that only its writer ever sees"
    ),
    "proposals.SectionComment.author": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.Suggestion.supporter": Treatment(Erase.CLEAR, _SUPPORTED),
    "proposals.SectionComment.supporter": Treatment(Erase.CLEAR, _SUPPORTED),
    "proposals.CommentFlag.flagged_by": Treatment(
        Erase.ANONYMOUS, "a report moderators still need; who made it is not"
    ),
    "proposals.Decision.decided_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.DecisionTranslation.translated_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.CommitmentTranslation.translated_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.ProgressUpdateTranslation.translated_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.DecisionEasyReadLineTranslation.translated_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.Commitment.created_by": Treatment(Erase.FORMER, _PUBLIC),
    "proposals.ProgressUpdate.created_by": Treatment(Erase.FORMER, _PUBLIC),
    # deliberation
    "deliberation.Thread.created_by": Treatment(Erase.CLEAR, "the thread belongs to everyone"),
    "deliberation.ThreadMember.user": Treatment(Erase.DELETE, "membership ends with the account"),
    "deliberation.Message.author": Treatment(Erase.FORMER, _PUBLIC),
    "deliberation.Message.supporter": Treatment(Erase.CLEAR, _SUPPORTED),
    "deliberation.Message.hidden_by": Treatment(Erase.FORMER, "the moderation record stays"),
    "deliberation.Statement.author": Treatment(Erase.FORMER, _PUBLIC),
    "deliberation.Vote.voter": Treatment(Erase.ANONYMOUS, _COUNTED),
    "deliberation.Vote.supporter": Treatment(Erase.CLEAR, _SUPPORTED),
    "deliberation.Poll.created_by": Treatment(Erase.CLEAR, "the poll belongs to the thread"),
    "deliberation.PollResponse.respondent": Treatment(Erase.ANONYMOUS, _COUNTED),
    "deliberation.PollResponse.supporter": Treatment(Erase.CLEAR, _SUPPORTED),
    "deliberation.Flag.flagged_by": Treatment(
        Erase.ANONYMOUS, "a report moderators still need; who made it is not"
    ),
    "deliberation.ModerationLogEntry.actor": Treatment(Erase.FORMER, "the public moderation log"),
    "deliberation.ModerationLogEntry.person": Treatment(Erase.FORMER, "the public moderation log"),
    "deliberation.ImportedRecord.user": Treatment(
        Erase.ANONYMOUS, "ties imported votes to their source; follows the votes"
    ),
    # analysis
    "analysis.AnalysisRun.requested_by": Treatment(Erase.CLEAR, "the analysis is the board's"),
    # Wagtail (the content admin)
    "wagtailusers.UserProfile.user": Treatment(Erase.DELETE, "the person's own admin preferences"),
    "wagtailcore.Page.owner": Treatment(Erase.CLEAR, "pages belong to the site"),
    "wagtailcore.Page.locked_by": Treatment(
        Erase.CLEAR, "a lock is a moment's editing state, not a record", export=False
    ),
    "wagtailcore.Revision.user": Treatment(Erase.CLEAR, "revisions belong to the page"),
    "wagtailcore.ModelLogEntry.user": Treatment(Erase.CLEAR, "the admin's audit trail stays"),
    "wagtailcore.PageLogEntry.user": Treatment(Erase.CLEAR, "the admin's audit trail stays"),
    "wagtailcore.WorkflowState.requested_by": Treatment(Erase.CLEAR, "the workflow stays"),
    "wagtailcore.TaskState.finished_by": Treatment(Erase.CLEAR, "the workflow stays"),
    "wagtailcore.Comment.user": Treatment(Erase.FORMER, "editors' discussion of a page"),
    "wagtailcore.Comment.resolved_by": Treatment(Erase.CLEAR, "the comment stays"),
    "wagtailcore.CommentReply.user": Treatment(Erase.FORMER, "editors' discussion of a page"),
    "wagtailcore.PageSubscription.user": Treatment(
        Erase.DELETE, "the person's own email preferences"
    ),
    "wagtailcore.APIToken.user": Treatment(
        Erase.DELETE, "a secret: giving it out in a download would leak a credential", export=False
    ),
    "wagtailcore.UploadedFile.uploaded_by_user": Treatment(
        Erase.CLEAR, "a file half-way through upload, kept for minutes", export=False
    ),
    "wagtaildocs.Document.uploaded_by_user": Treatment(Erase.CLEAR, "documents belong to the site"),
    "wagtailimages.Image.uploaded_by_user": Treatment(Erase.CLEAR, "images belong to the site"),
    "wagtailadmin.EditingSession.user": Treatment(
        Erase.DELETE, "who has a page open in the admin, for seconds", export=False
    ),
    "wagtailadmin.FormState.user": Treatment(
        Erase.DELETE, "an unsaved admin form's working copy", export=False
    ),
}


# Text Hearth itself wrote that names a person, by "<app>.<Model>.<field>": on erasure the
# name is replaced by the "Former participant" stand-in's. (What people wrote in their own
# words is theirs and is kept as written.)
GENERATED_TEXT_NAMING_PEOPLE: dict[str, str] = {
    "proposals.RevisionNote.note": "Accepted a suggestion from {name}",
}


def key(field: models.Field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def links_to_people() -> Iterator[models.ForeignKey]:
    """Every foreign key (and one-to-one) to the user model, declared on its own model, in
    every installed app, the many-to-many tables Django builds included."""
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if isinstance(field, models.ForeignKey) and field.remote_field.model is user_model:
                yield field


def treatment(field: models.ForeignKey) -> Treatment:
    """The decided treatment; KeyError for a link nobody has decided about yet."""
    return POLICY[key(field)]
