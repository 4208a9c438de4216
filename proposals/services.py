"""Writes to proposals. Every change to a proposal's text is a Wagtail page revision,
made here, whether it comes from Hearth's co-writing pages, a suggestion or a command."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from accounts.models import SupportArea, User
from accounts.services import Wording, notification_send, notifications_send_on_commit
from accounts.support import acting_for
from common.errors import CONFLICT, FORBIDDEN, ServiceError, refuse
from common.page_language import original_of
from common.text import EMPTY, TOO_LONG, clean_text
from deliberation.languages import language_written_in
from deliberation.models import Thread
from deliberation.services.threads import thread_create
from proposals.lifecycle import NEXT, Stage
from proposals.live import announce_save_on_commit
from proposals.models import (
    AuthorRole,
    CommentFlag,
    ConflictCopy,
    ProposalAuthor,
    ProposalPage,
    RevisionNote,
    SectionComment,
    Suggestion,
    Theme,
)
from proposals.rules import can
from proposals.sections import get_section
from proposals.selectors import authors_of, latest_revision, section_text

NOTE_MAX_LENGTH = 300
# The codes of this module's refusals (common.errors.ServiceError), besides forbidden,
# conflict and common.text's.
LOCKED = "locked"
UNKNOWN_REVISION = "unknown_revision"
ALREADY_DECIDED = "already_decided"
UNCHANGED = "unchanged"
ALREADY_AUTHOR = "already_author"
DECISION_NEEDED = "decision_needed"
CLOSED = "closed"
INVALID_REPLY = "invalid_reply"
ALREADY_ACCEPTED = "already_accepted"
ALREADY_REPORTED = "already_reported"


class SectionConflict(ServiceError):
    """Another co-author changed this section since the version the editor started from
    (code ``conflict``); it carries both texts, for the page that helps merge them."""

    def __init__(
        self, *, section: str, yours: str, theirs: str, latest: Revision, copy: ConflictCopy
    ):
        super().__init__(
            CONFLICT,
            _(
                "Someone else changed ‘%(section)s’ while you were writing. "
                "Your text is kept safe: compare the two versions, then save again."
            )
            % {"section": get_section(section).label},
            field="text",
        )
        self.section = section
        self.yours = yours
        self.theirs = theirs
        self.latest = latest
        self.copy = copy


@dataclass(frozen=True)
class SaveResult:
    revision: Revision
    merged: bool  # True when other sections had changed meanwhile and were kept


def _tell_authors(proposal: ProposalPage, writers: set[int], message: Wording, url: str) -> None:
    """Tell the proposal's authors, but not whoever wrote it, once it is committed. The
    message names nobody: a copy of a writer's name in others' notifications would
    outlive the erasure of their account."""
    notifications_send_on_commit(
        users=[a.user for a in authors_of(proposal).exclude(user_id__in=writers)],
        message=message,
        url=url,
    )


def _writers(author: User, supporter: User | None) -> set[int]:
    return {author.pk} if supporter is None else {author.pk, supporter.pk}


def _require(user: User, rule: str, proposal: ProposalPage, message: str) -> None:
    if not can(user, rule, proposal):
        raise ServiceError(FORBIDDEN, message)


def _author_and_supporter(user: User, on_behalf_of: Any) -> tuple[User, User | None]:
    """Who a suggestion or comment is from, and who supported it: a supporter may write
    for someone whose consent covers proposals (accounts.rules), else ``forbidden``."""
    if on_behalf_of in (None, ""):
        return user, None
    return acting_for(supporter=user, person_id=on_behalf_of, area=SupportArea.PROPOSALS), user


def _clean_section_text(section: str, text: str, field: str = "text") -> str:
    spec = get_section(section)
    return clean_text(
        text,
        # Translators: a section of a proposal as refusals name it: "Enter the summary",
        # "The summary must be 600 characters or fewer".
        label=_("the %(section)s") % {"section": spec.label.lower()},
        field=field,
        max_length=spec.max_length,
        required=spec.required,
    )


def _clean_note(note: str) -> str:
    # Translators: the note on a change to a proposal, as refusals name it ("The note must be
    # 300 characters or fewer").
    label = _("the note")
    note = clean_text(note, label=label, field="note", single_line=True, required=False)
    return clean_text(
        " ".join(note.split()),
        label=label,
        field="note",
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )


def _locked_proposal(proposal: ProposalPage) -> ProposalPage:
    """The proposal's row, locked until the transaction ends, so saves queue up."""
    return ProposalPage.objects.select_for_update().get(pk=proposal.pk)


def _new_revision(
    *,
    proposal: ProposalPage,
    changes: dict[str, str],
    author: User,
    note: str,
    suggestion: Suggestion | None = None,
) -> Revision:
    if proposal.locked and proposal.locked_by_id != author.pk:
        raise ServiceError(
            LOCKED,
            _("A content editor has locked this proposal while they work on it. Try again later."),
        )
    previous = latest_revision(proposal)
    content = previous.as_object()
    for name, value in changes.items():
        setattr(content, name, value)
    revision = content.save_revision(user=author, log_action=True)
    if proposal.live:
        # Hearth's rules (proposals.rules) have authorised this co-author already.
        revision.publish(user=author, skip_permission_checks=True)
    RevisionNote.objects.create(
        revision=revision,
        proposal=proposal,
        author=author,
        note=note,
        sections=sorted(changes),
        suggestion=suggestion,
    )
    for section in changes:
        announce_save_on_commit(
            proposal_id=proposal.pk,
            section=section,
            by=author.display_name,
            revision=revision.pk,
            previous=previous.pk,
        )
    return revision


@transaction.atomic
def proposal_create(
    *, index: Page, author: User, title: str, summary: str, themes: list[Theme] | None = None
) -> ProposalPage:
    """Start a draft proposal with its author as lead; nobody else sees it until opened."""
    if not can(author, "proposals.start"):
        raise ServiceError(FORBIDDEN, _("Sign in to start a proposal"))
    errors: list[ServiceError] = []
    for name, value in (("title", title), ("summary", summary)):
        try:
            _clean_section_text(name, value, field=name)
        except ServiceError as error:
            errors.append(error)
    refuse(errors)
    # The new page's place in the tree and its slug come from the pages already under the
    # index: lock it and read it afresh, so people starting at the same moment take turns.
    index = Page.objects.select_for_update().get(pk=index.pk)
    base_slug = slugify(title)[:60] or "proposal"
    slug, n = base_slug, 1
    while Page.objects.filter(slug=slug, path__startswith=index.path).exists():
        n += 1
        slug = f"{base_slug}-{n}"
    proposal = ProposalPage(
        title=title.strip(), slug=slug, summary=summary.strip(), live=False, owner=author
    )
    index.add_child(instance=proposal)
    if themes:
        proposal.themes.set(themes)
        proposal.save()  # a ParentalManyToMany is written to the database on save
    ProposalAuthor.objects.create(proposal=proposal, user=author, role=AuthorRole.LEAD)
    revision = proposal.save_revision(user=author, log_action=True)
    RevisionNote.objects.create(
        revision=revision, proposal=proposal, author=author, note=_("Started the proposal"),
        sections=["summary", "title"],
    )  # fmt: skip
    return proposal


def section_save(
    *,
    proposal: ProposalPage,
    section: str,
    text: str,
    base_revision_id: int,
    author: User,
    note: str = "",
) -> SaveResult:
    """Save one section as a new revision.

    If others saved since ``base_revision_id``: changes to other sections are kept and
    this one is applied on top; a change to this same section raises SectionConflict (a
    ServiceError, code ``conflict``), after keeping the editor's text as a ConflictCopy so
    that nothing typed is lost.
    """
    _require(author, "proposals.edit", proposal, _("Only co-authors can change this proposal now"))
    text = _clean_section_text(section, text)
    note = _clean_note(note)
    with transaction.atomic():
        proposal = _locked_proposal(proposal)
        latest = latest_revision(proposal)
        merged = False
        conflict_with: tuple[Revision, str] | None = None
        if latest.pk != base_revision_id:
            try:
                base = Revision.page_revisions.get(pk=base_revision_id, object_id=str(proposal.pk))
            except Revision.DoesNotExist:
                raise ServiceError(
                    UNKNOWN_REVISION,
                    _(
                        "This edit started from a version that does not exist. "
                        "Open the section again."
                    ),
                    field="text",
                ) from None
            theirs = section_text(latest.as_object(), section)
            if theirs not in (section_text(base.as_object(), section), text):
                conflict_with = (base, theirs)
            merged = True
        if conflict_with is None:
            revision = _new_revision(
                proposal=proposal, changes={section: text}, author=author, note=note
            )
            ConflictCopy.objects.filter(
                proposal=proposal, section=section, author=author, resolved_at__isnull=True
            ).update(resolved_at=timezone.now())
            return SaveResult(revision=revision, merged=merged)
    base, theirs = conflict_with
    copy = ConflictCopy.objects.create(
        proposal=proposal, section=section, author=author, text=text, base_revision=base
    )
    raise SectionConflict(section=section, yours=text, theirs=theirs, latest=latest, copy=copy)


def _decide_suggestion(suggestion: Suggestion, by: User) -> Suggestion:
    locked = (
        Suggestion.objects.select_for_update()
        .select_related("proposal", "author")
        .get(pk=suggestion.pk)
    )
    _require(
        by,
        "proposals.review_suggestions",
        locked.proposal,
        _("Only co-authors can decide on suggestions"),
    )
    if locked.status == Suggestion.Status.ACCEPTED:
        raise ServiceError(ALREADY_DECIDED, _("This suggestion was already accepted"))
    if locked.status == Suggestion.Status.DECLINED:
        raise ServiceError(ALREADY_DECIDED, _("This suggestion was already declined"))
    return locked


@transaction.atomic
def suggestion_create(
    *,
    proposal: ProposalPage,
    section: str,
    text: str,
    reason: str,
    author: User,
    on_behalf_of: Any = None,
    language: str | None = None,
) -> Suggestion:
    """Suggest a change to a section; ``on_behalf_of`` makes ``author`` the supporter of
    the person it is really from. ``language`` is the one the text and reason are written
    in; without it, the one the author is reading Hearth in (deliberation.languages)."""
    author, supporter = _author_and_supporter(author, on_behalf_of)
    _require(
        author, "proposals.suggest", proposal, _("This proposal is not taking suggestions now")
    )
    errors: list[ServiceError] = []
    try:
        text = _clean_section_text(section, text)
    except ServiceError as error:
        errors.append(error)
    try:
        reason = clean_text(
            reason,
            # Translators: as refusals name the reason for a suggestion ("Why you suggest this
            # change must be 2,000 characters or fewer").
            label=_("why you suggest this change"),
            field="reason",
            max_length=2000,
        )
    except ServiceError as error:
        if error.code == EMPTY:
            error = ServiceError(EMPTY, _("Say why you suggest this change"), field="reason")
        errors.append(error)
    written = ""
    try:
        written = language_written_in(language)
    except ServiceError as error:
        errors.append(error)
    base = latest_revision(proposal)
    if not errors and text == section_text(base.as_object(), section):
        errors.append(
            ServiceError(
                UNCHANGED,
                _("Your suggestion is the same as the text now. Change something first"),
                field="text",
            )
        )
    refuse(errors)
    suggestion = Suggestion.objects.create(
        proposal=proposal,
        section=section,
        text=text,
        reason=reason,
        language=written,
        author=author,
        supporter=supporter,
        base_revision=base,
    )
    _tell_authors(
        proposal,
        _writers(author, supporter),
        lambda: (
            _("New suggestion for ‘%(section)s’ in ‘%(title)s’: accept or decline it.")
            % {"section": get_section(section).label, "title": proposal.title}
        ),
        reverse("proposals:suggestion", args=[suggestion.pk]),
    )
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, by: User, note: str = "") -> Revision:
    """Make the suggestion a new revision, credited to the co-author and the suggester."""
    locked = _decide_suggestion(suggestion, by)
    proposal = _locked_proposal(locked.proposal)
    label = get_section(locked.section).label
    revision = _new_revision(
        proposal=proposal,
        changes={locked.section: locked.text},
        author=by,
        note=_clean_note(note)
        or _("Accepted a suggestion from %(name)s") % {"name": locked.author.display_name},
        suggestion=locked,
    )
    locked.status = Suggestion.Status.ACCEPTED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    notification_send(
        user=locked.author,
        message=lambda: (
            _("%(name)s accepted your suggestion for ‘%(section)s’ in ‘%(title)s’.")
            % {"name": by.display_name, "section": label, "title": proposal.title}
        ),
        url=f"/write/{proposal.pk}/history/",
        email_subject=lambda: _("Your suggestion was accepted"),
    )
    return revision


@transaction.atomic
def suggestion_decline(*, suggestion: Suggestion, by: User, reason: str) -> Suggestion:
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            EMPTY, _("Say why you are declining it, so the person can learn why"), field="response"
        )
    if len(reason) > 2000:
        raise ServiceError(
            TOO_LONG, _("The reason must be 2,000 characters or fewer"), field="response"
        )
    locked = _decide_suggestion(suggestion, by)
    locked.status = Suggestion.Status.DECLINED
    locked.response = reason
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "response", "decided_by", "decided_at"])
    label = get_section(locked.section).label
    notification_send(
        user=locked.author,
        message=lambda: (
            _(
                "%(name)s declined your suggestion for ‘%(section)s’ in ‘%(title)s’. "
                "Their reason: %(reason)s"
            )
            % {
                "name": by.display_name,
                "section": label,
                "title": locked.proposal.title,
                "reason": reason,
            }
        ),
        url=f"/write/suggestions/{locked.pk}/",
        email_subject=lambda: _("Your suggestion was declined"),
    )
    return locked


@transaction.atomic
def coauthor_add(
    *, proposal: ProposalPage, by: User, user: User, role: str = AuthorRole.CO_AUTHOR
) -> ProposalAuthor:
    _require(by, "proposals.manage_authors", proposal, _("Only the lead author can add co-authors"))
    if ProposalAuthor.objects.filter(proposal=proposal, user=user).exists():
        raise ServiceError(
            ALREADY_AUTHOR,
            _("%(name)s is already an author") % {"name": user.display_name},
            field="display_name",
        )
    author = ProposalAuthor.objects.create(proposal=proposal, user=user, role=role)
    notification_send(
        user=user,
        message=lambda: (
            _("%(name)s added you as a co-author of ‘%(title)s’.")
            % {"name": by.display_name, "title": proposal.title}
        ),
        url=f"/write/{proposal.pk}/",
        email_subject=lambda: _("You are now a co-author"),
    )
    return author


@transaction.atomic
def proposal_open(*, proposal: ProposalPage, by: User) -> ProposalPage:
    """Open a draft for discussion: its newest revision goes live."""
    proposal = _locked_proposal(proposal)
    _require(by, "proposals.open", proposal, _("Only the lead author can open this proposal"))
    latest_revision(proposal).publish(user=by, skip_permission_checks=True)
    proposal.refresh_from_db()
    proposal.stage = Stage.OPEN
    proposal.save(update_fields=["stage"])
    proposal_discussion(proposal=proposal)
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def proposal_advance(*, proposal: ProposalPage, by: User) -> ProposalPage:
    proposal = _locked_proposal(proposal)
    if proposal.stage == Stage.WITH_BOARD:
        # Only a recorded decision, with its reasons, moves a proposal on from the board.
        raise ServiceError(
            DECISION_NEEDED, _("Record the board's decision, with its reasons, to move this on")
        )
    next_stage = NEXT.get(Stage(proposal.stage))
    if next_stage is None:
        raise ServiceError(CLOSED, _("This proposal is closed"))
    _require(
        by, "proposals.advance", proposal, _("Only staff and the board can move a proposal on")
    )
    proposal.stage = next_stage
    proposal.save(update_fields=["stage"])
    return proposal


@transaction.atomic
def comment_post(
    *,
    proposal: ProposalPage,
    section: str,
    author: User,
    body: str,
    reply_to: SectionComment | None = None,
    on_behalf_of: Any = None,
    language: str | None = None,
) -> SectionComment:
    """Comment on a section, or reply to a comment on it. ``language`` is the one the
    comment is written in; without it, the one the author is reading Hearth in."""
    author, supporter = _author_and_supporter(author, on_behalf_of)
    _require(author, "proposals.comment", proposal, _("Comments are closed on this proposal"))
    get_section(section)
    # Translators: as refusals name a comment ("Enter your comment").
    body = clean_text(body, label=_("your comment"), field="body", max_length=4000)
    if reply_to is not None and (
        reply_to.proposal_id != proposal.pk or reply_to.section != section
    ):
        raise ServiceError(
            INVALID_REPLY, _("You can only reply to a comment on the same section"), field="body"
        )
    language = language_written_in(language)
    comment = SectionComment.objects.create(
        proposal=proposal,
        section=section,
        author=author,
        supporter=supporter,
        body=body,
        language=language,
        reply_to=reply_to,
    )
    names = {"section": get_section(section).label, "title": proposal.title}
    _tell_authors(
        proposal,
        _writers(author, supporter),
        lambda: (
            (
                _("New reply on ‘%(section)s’ in ‘%(title)s’.")
                if reply_to
                else _("New comment on ‘%(section)s’ in ‘%(title)s’.")
            )
            % names
        ),
        reverse("proposals:comments", args=[proposal.pk, section]) + f"#comment-{comment.pk}",
    )
    return comment


@transaction.atomic
def supported_suggestion_withdraw(*, person: User, suggestion: Suggestion) -> None:
    """The person takes back a suggestion a supporter made for them. One the co-authors
    already accepted is part of the proposal's history and stays."""
    if suggestion.author_id != person.pk or suggestion.supporter_id is None:
        raise ServiceError(FORBIDDEN, _("You can only withdraw what a supporter did for you"))
    if suggestion.status == Suggestion.Status.ACCEPTED:
        raise ServiceError(
            ALREADY_ACCEPTED,
            _(
                "The co-authors have already accepted this suggestion into the proposal, so it "
                "is part of its history. Ask them to change the text back."
            ),
        )
    suggestion.delete()


@transaction.atomic
def supported_comment_withdraw(*, person: User, comment: SectionComment) -> SectionComment:
    """The person takes back a comment a supporter wrote for them: the text goes, and a
    note stays so replies keep their place."""
    if comment.author_id != person.pk or comment.supporter_id is None:
        raise ServiceError(FORBIDDEN, _("You can only withdraw what a supporter did for you"))
    comment.body = ""
    comment.hidden_reason = WITHDRAWN_BY_PERSON
    comment.save(update_fields=["body", "hidden_reason"])
    return comment


# Stored as the comment's hidden reason and compared, so never translated: pages show their
# own words for it (templates/proposals/_comment.html).
WITHDRAWN_BY_PERSON = "Withdrawn by the person it was written for"


@transaction.atomic
def comment_flag(*, comment: SectionComment, by: User, reason: str) -> CommentFlag:
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(EMPTY, _("Say what is wrong with this comment"), field="reason")
    if len(reason) > 500:
        raise ServiceError(
            TOO_LONG, _("The reason must be 500 characters or fewer"), field="reason"
        )
    flag, created = CommentFlag.objects.get_or_create(
        comment=comment, flagged_by=by, defaults={"reason": reason}
    )
    if not created:
        raise ServiceError(
            ALREADY_REPORTED, _("You have already reported this comment"), field="reason"
        )
    return flag


@transaction.atomic
def comment_hide(*, comment: SectionComment, by: User, reason: str) -> SectionComment:
    """Hide a comment, keeping it, with a reason everyone sees in its place."""
    if not can(by, "proposals.moderate", comment.proposal):
        raise ServiceError(FORBIDDEN, _("Only moderators can hide comments"))
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(
            EMPTY, _("Say why you are hiding this comment; everyone will see it"), field="reason"
        )
    if len(reason) > 300:
        raise ServiceError(
            TOO_LONG, _("The reason must be 300 characters or fewer"), field="reason"
        )
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_reason"])
    return comment


@transaction.atomic
def proposal_discussion(*, proposal: ProposalPage) -> Thread:
    """The proposal's live discussion thread, started the first time anyone needs it: one
    for all its languages, kept on the original (a translation is a copy of it)."""
    proposal = _locked_proposal(original_of(proposal))
    if proposal.thread is None:
        title = _("Discussion: %(title)s") % {"title": proposal.title}
        proposal.thread = thread_create(title=title[:200])
        proposal.save(update_fields=["thread"])
    return proposal.thread
