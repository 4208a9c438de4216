"""Writes for board decisions and commitments, and the closed loop that tells everyone
who took part in a proposal what the board decided and what became of their suggestion."""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.images.models import AbstractImage

from accounts.models import Organisation, User
from accounts.selectors import boards_of
from accounts.services import notification_send
from common.errors import FORBIDDEN, ServiceError, refuse, validate_model
from common.i18n import is_supported
from common.text import EMPTY, TOO_LONG, clean_text
from deliberation.errors import INVALID_LANGUAGE
from deliberation.languages import current_language
from proposals.decision_selectors import Contribution, contributors_of, deciding_boards
from proposals.lifecycle import Stage
from proposals.models import (
    REASONS_MAX_LENGTH,
    WHAT_WAS_HEARD_MAX_LENGTH,
    Commitment,
    CommitmentTranslation,
    Decision,
    DecisionEasyReadLine,
    DecisionEasyReadLineTranslation,
    DecisionTranslation,
    Outcome,
    PartTranslation,
    ProgressStatus,
    ProgressUpdate,
    ProgressUpdateTranslation,
    ProposalPage,
    Suggestion,
    language_name,
)
from proposals.rules import can
from proposals.sections import get_section

# Marked here, translated where it is raised.
ALREADY_DECIDED = gettext_noop("The board has already recorded a decision on this proposal")
ACCOUNTABILITY_URL = "/decisions/"
# The codes of this module's refusals (common.errors.ServiceError), besides forbidden and
# common.text's.
DECIDED = "already_decided"
INVALID_CHOICE = "invalid_choice"
FUTURE_DATE = "future_date"
NO_ALT_TEXT = "no_alt_text"
# A translation into the language the decision is written in (and INVALID_LANGUAGE, from
# deliberation.errors, for a language Hearth does not offer).
SAME_LANGUAGE = "same_language"
# A translation of a commitment, progress update or easy read line of another decision, or
# of one since removed.
NOT_IN_DECISION = "not_in_decision"


def _clean_text(value: str, *, field: str, required: str, max_length: int) -> list[ServiceError]:
    """The field's refusal, if any (common.text.clean_text's rules); ``required`` is what to
    say when it is empty."""
    try:
        # Translators: as refusals name a board's answer ("This answer must be 4,000
        # characters or fewer").
        clean_text(value, label=_("this answer"), field=field, max_length=max_length)
    except ServiceError as error:
        return [ServiceError(EMPTY, required, field=field) if error.code == EMPTY else error]
    return []


def _board_for(proposal: ProposalPage, by: User, board: Organisation | None) -> Organisation:
    boards = deciding_boards(proposal)
    if not by.is_staff:
        boards = boards.filter(pk__in=boards_of(by))
    if board is not None:
        boards = boards.filter(pk=board.pk)
    chosen = boards.order_by("name").first()
    if chosen is None:
        raise ServiceError(
            FORBIDDEN, _("Only members of the board that decides this proposal can record it")
        )
    return chosen


@transaction.atomic
def decision_record(
    *,
    proposal: ProposalPage,
    by: User,
    outcome: str,
    what_was_heard: str,
    reasons: str,
    board: Organisation | None = None,
) -> Decision:
    """Record the board's decision, move the proposal to 'decided' and tell everyone who
    took part. One decision per proposal: concurrent attempts queue on the proposal's row
    and the second is refused (the unique key on Decision.proposal backs this up)."""
    proposal = ProposalPage.objects.select_for_update().get(pk=proposal.pk)
    if Decision.objects.filter(proposal=proposal).exists():
        raise ServiceError(DECIDED, _(ALREADY_DECIDED))
    if not can(by, "proposals.decide", proposal):
        raise ServiceError(
            FORBIDDEN, _("Only the board can record a decision, once a proposal is with it")
        )
    errors: list[ServiceError] = []
    if outcome not in Outcome.values:
        errors.append(
            ServiceError(INVALID_CHOICE, _("Choose what the board decided"), field="outcome")
        )
    errors += _clean_text(
        what_was_heard,
        field="what_was_heard",
        required=_("Say what the board heard from people that this decision answers"),
        max_length=WHAT_WAS_HEARD_MAX_LENGTH,
    )
    errors += _clean_text(
        reasons,
        field="reasons",
        required=_("Give the board's reasons for this decision"),
        max_length=REASONS_MAX_LENGTH,
    )
    refuse(errors)
    decision = Decision(
        proposal=proposal,
        board=_board_for(proposal, by, board),
        outcome=outcome,
        what_was_heard=what_was_heard.strip(),
        reasons=reasons.strip(),
        # Written in the language its member is reading Hearth in.
        language=current_language(),
        decided_by=by,
        decided_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise ServiceError(DECIDED, _(ALREADY_DECIDED)) from None
    proposal.stage = Stage.DECIDED
    proposal.save(update_fields=["stage"])
    for contribution in contributors_of(proposal):
        if contribution.user.pk != by.pk:
            _tell(contribution, decision)
    return decision


def _cleaned(
    value: str, *, field: str, required: str, max_length: int, errors: list[ServiceError]
) -> str:
    """``value`` as common.text.clean_text keeps it, its refusal (if any) added to
    ``errors``; ``required`` is what to say when it is empty."""
    found = _clean_text(value, field=field, required=required, max_length=max_length)
    errors += found
    return "" if found else value.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class TranslatedCommitment:
    """A commitment's texts in another language. Only those its original shows are kept:
    who is responsible where no organisation is, and the milestones it has."""

    text: str
    owner_text: str = ""
    milestone_2_years: str = ""
    milestone_5_years: str = ""
    milestone_10_years: str = ""


@dataclass(frozen=True)
class TranslatedEasyReadLine:
    """An easy read idea's sentence in another language, and what its picture shows (kept
    only where it has one)."""

    sentence: str
    alt_text: str = ""


# How refusals name each text of a translation, marked here, translated where raised.
COMMITMENT_TEXTS = {
    # Translators: as refusals name a translation ("Enter the translation of commitment 2").
    "text": gettext_noop("the translation of commitment %(number)s"),
    "owner_text": gettext_noop("the translation of who is responsible for commitment %(number)s"),
    "milestone_2_years": gettext_noop(
        "the translation of the 2-year milestone of commitment %(number)s"
    ),
    "milestone_5_years": gettext_noop(
        "the translation of the 5-year milestone of commitment %(number)s"
    ),
    "milestone_10_years": gettext_noop(
        "the translation of the 10-year milestone of commitment %(number)s"
    ),
}
EASY_READ_TEXTS = {
    # Translators: as refusals name a translation ("Enter the translation of easy read idea 2").
    "sentence": gettext_noop("the translation of easy read idea %(number)s"),
    "alt_text": gettext_noop(
        "the translation of what the picture of easy read idea %(number)s shows"
    ),
}


def translation_field(part: Commitment | ProgressUpdate | DecisionEasyReadLine, name: str) -> str:
    """The form field a refusal names for the translation of ``name`` of ``part``:
    "commitment-12-text"."""
    return f"{part._meta.model_name}-{part.pk}-{name}"


def _max_length(model: type[Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a text, not a relation
    assert field.max_length is not None  # every translated text has one
    return field.max_length


def _translated(
    original: str,
    given: str,
    *,
    field: str,
    label: str,
    max_length: int,
    errors: list[ServiceError],
    single_line: bool = False,
) -> str:
    """``given``, the translation of ``original``, as common.text.clean_text keeps it, its
    refusal (if any) added to ``errors``. What the original leaves empty stays empty."""
    if not original:
        return ""
    try:
        return clean_text(
            given, label=label, field=field, max_length=max_length, single_line=single_line
        )
    except ServiceError as error:
        errors.append(error)
        return ""


def _not_in_decision(
    given: Mapping[int, object], parts: Mapping[int, object]
) -> list[ServiceError]:
    if set(given) <= set(parts):
        return []
    return [
        ServiceError(
            NOT_IN_DECISION,
            _(
                "The decision has changed since you opened it: check the translation and "
                "publish it again"
            ),
        )
    ]


@dataclass(frozen=True)
class _Box:
    """One text of a decision's part as its translation page asks for it."""

    name: str  # the field, of the part and of its translation alike
    original: str  # empty where the part shows nothing there: nothing to translate
    given: str
    label: str  # how a refusal names it
    single_line: bool = False


Part = TypeVar("Part", Commitment, ProgressUpdate, DecisionEasyReadLine)
Words = TypeVar("Words")
Translation = TypeVar(
    "Translation", CommitmentTranslation, ProgressUpdateTranslation, DecisionEasyReadLineTranslation
)


def _part_translations(
    parts: Iterable[tuple[int, Part]],
    given: Mapping[int, Words],
    existing: Iterable[tuple[int, Translation]],
    new: Callable[[Part], Translation],
    boxes: Callable[[int, Part, Words], list[_Box]],
    errors: list[ServiceError],
) -> list[Translation]:
    """The translations of the parts in ``given`` (by their keys), checked: ``parts`` are
    the decision's, each with the number its page gives it; ``existing``, the translations
    into this language they have, by the part's key; ``new`` makes one for a part with
    none. Refusals are added to ``errors``."""
    numbered = {part.pk: (number, part) for number, part in parts}
    errors += _not_in_decision(given, numbered)
    translations = dict(existing)
    found = []
    for pk, words in given.items():
        if pk not in numbered:
            continue
        number, part = numbered[pk]
        translation = translations.get(pk) or new(part)
        for box in boxes(number, part, words):
            value = _translated(
                box.original,
                box.given,
                field=translation_field(part, box.name),
                label=box.label,
                max_length=_max_length(type(translation), box.name),
                errors=errors,
                single_line=box.single_line,
            )
            setattr(translation, box.name, value)
        found.append(translation)
    return found


def _commitment_boxes(
    number: int, commitment: Commitment, words: TranslatedCommitment
) -> list[_Box]:
    return [
        _Box(
            name,
            # An owning organisation's name is shown, not the text: nothing to translate.
            ""
            if name == "owner_text" and commitment.owner_organisation_id is not None
            else getattr(commitment, name),
            getattr(words, name),
            _(label) % {"number": number},
            single_line=name == "owner_text",
        )
        for name, label in COMMITMENT_TEXTS.items()
    ]


def _progress_boxes(number: int, update: ProgressUpdate, text: str) -> list[_Box]:
    # Translators: as refusals name a translation ("Enter the translation of the
    # progress update of 3 March 2027 on commitment 2").
    label = _("the translation of the progress update of %(date)s on commitment %(number)s")
    when = date_format(update.date, "j F Y")
    return [_Box("text", update.text, text, label % {"date": when, "number": number})]


def _easy_read_boxes(
    number: int, line: DecisionEasyReadLine, words: TranslatedEasyReadLine
) -> list[_Box]:
    return [
        _Box(
            name,
            getattr(line, name),
            getattr(words, name),
            _(label) % {"number": number},
            single_line=True,
        )
        for name, label in EASY_READ_TEXTS.items()
    ]


def _commitment_translations(
    decision: Decision,
    language: str,
    given: Mapping[int, TranslatedCommitment],
    errors: list[ServiceError],
) -> list[CommitmentTranslation]:
    return _part_translations(
        enumerate(decision.commitments.all(), start=1),
        given,
        (
            (one.commitment_id, one)
            for one in CommitmentTranslation.objects.filter(
                commitment__decision=decision, language=language
            )
        ),
        lambda commitment: CommitmentTranslation(commitment=commitment, language=language),
        _commitment_boxes,
        errors,
    )


def _progress_translations(
    decision: Decision, language: str, given: Mapping[int, str], errors: list[ServiceError]
) -> list[ProgressUpdateTranslation]:
    """Each progress update is numbered as its commitment is."""
    return _part_translations(
        (
            (number, update)
            for number, commitment in enumerate(
                decision.commitments.prefetch_related("updates"), start=1
            )
            for update in commitment.updates.all()
        ),
        given,
        (
            (one.update_id, one)
            for one in ProgressUpdateTranslation.objects.filter(
                update__commitment__decision=decision, language=language
            )
        ),
        lambda update: ProgressUpdateTranslation(update=update, language=language),
        _progress_boxes,
        errors,
    )


def _easy_read_translations(
    decision: Decision,
    language: str,
    given: Mapping[int, TranslatedEasyReadLine],
    errors: list[ServiceError],
) -> list[DecisionEasyReadLineTranslation]:
    return _part_translations(
        enumerate(decision.easy_read.all(), start=1),
        given,
        (
            (one.line_id, one)
            for one in DecisionEasyReadLineTranslation.objects.filter(
                line__decision=decision, language=language
            )
        ),
        lambda line: DecisionEasyReadLineTranslation(line=line, language=language),
        _easy_read_boxes,
        errors,
    )


@transaction.atomic
def decision_translate(
    *,
    decision: Decision,
    by: User,
    language: str,
    what_was_heard: str,
    reasons: str,
    commitments: Mapping[int, TranslatedCommitment] | None = None,
    progress: Mapping[int, str] | None = None,
    easy_read: Mapping[int, TranslatedEasyReadLine] | None = None,
) -> DecisionTranslation:
    """Give the board's decision in another language Hearth offers, or change the
    translation it has: what the board heard and its reasons, and the commitments,
    progress updates (their text) and easy read ideas given, each by its key; readers of
    that language then see them in place of the originals. Only the board that decided
    may (and CMS editors, as for recording it: the ``proposals.commit`` rule). Everything
    is checked before anything is written; translations of one decision queue on its row."""
    decision = Decision.objects.select_for_update().select_related("proposal").get(pk=decision.pk)
    if not can(by, "proposals.commit", decision.proposal):
        raise ServiceError(FORBIDDEN, _("Only the board that decided can translate its decision"))
    if not is_supported(language):
        raise ServiceError(
            INVALID_LANGUAGE,
            _("Hearth has no language “%(code)s” to translate the decision into")
            % {"code": language},
            field="language",
        )
    if language == decision.language:
        raise ServiceError(
            SAME_LANGUAGE,
            _("The board wrote this decision in %(language)s: translate it into another language")
            % {"language": language_name(language)},
            field="language",
        )
    errors: list[ServiceError] = []
    heard = _cleaned(
        what_was_heard,
        field="what_was_heard",
        required=_("Enter the translation of what the board heard"),
        max_length=WHAT_WAS_HEARD_MAX_LENGTH,
        errors=errors,
    )
    why = _cleaned(
        reasons,
        field="reasons",
        required=_("Enter the translation of the board's reasons"),
        max_length=REASONS_MAX_LENGTH,
        errors=errors,
    )
    parts: list[PartTranslation] = [
        *_commitment_translations(decision, language, commitments or {}, errors),
        *_progress_translations(decision, language, progress or {}, errors),
        *_easy_read_translations(decision, language, easy_read or {}, errors),
    ]
    refuse(errors)
    given = DecisionTranslation.objects.filter(decision=decision, language=language).first()
    if given is None:
        given = DecisionTranslation(decision=decision, language=language)
    given.what_was_heard = heard
    given.reasons = why
    now = timezone.now()
    translations: list[DecisionTranslation | PartTranslation] = [given, *parts]
    for translation in translations:
        translation.translated_by = by
        translation.translated_at = now
        validate_model(translation)
        translation.save()
    return given


# What became of a person's suggestion, told with the board's decision: marked here,
# translated when told.
SUGGESTION_FATE = {
    Suggestion.Status.ACCEPTED: gettext_noop(
        "Your suggestion for ‘%(section)s’ was accepted into the proposal."
    ),
    Suggestion.Status.DECLINED: gettext_noop(
        "Your suggestion for ‘%(section)s’ was declined by the co-authors."
    ),
    Suggestion.Status.PENDING: gettext_noop(
        "Your suggestion for ‘%(section)s’ was still waiting for the co-authors when the "
        "board decided."
    ),
}


def _own_part(contribution: Contribution) -> str:
    parts = []
    for suggestion in contribution.suggestions:
        try:
            label = get_section(suggestion.section).label
        except LookupError:
            label = suggestion.section
        fate = SUGGESTION_FATE[Suggestion.Status(suggestion.status)]
        parts.append(_(fate) % {"section": label})
    if not parts and contribution.authored:
        parts.append(_("Thank you for co-writing it."))
    if not parts and contribution.commented:
        parts.append(_("Thank you for your comments."))
    return " ".join(parts)


def _decision_notice(contribution: Contribution, decision: Decision) -> str:
    title = decision.proposal.title
    title = title if len(title) <= 100 else title[:99] + "…"
    head = _("%(board)s decided on ‘%(title)s’: %(outcome)s.") % {
        "board": decision.board.name,
        "title": title,
        "outcome": decision.get_outcome_display(),
    }
    own = _own_part(contribution)
    message = f"{head} {own}".strip()
    return message if len(message) <= 480 else message[:479] + "…"


def _tell(contribution: Contribution, decision: Decision) -> None:
    notification_send(
        user=contribution.user,
        message=lambda: _decision_notice(contribution, decision),
        url=f"{ACCOUNTABILITY_URL}#decision-{decision.proposal_id}",
        email_subject=lambda: _("The board has decided on a proposal you took part in"),
    )


@transaction.atomic
def commitment_add(
    *,
    decision: Decision,
    by: User,
    text: str,
    owner_text: str = "",
    owner_organisation: Organisation | None = None,
    milestone_2_years: str = "",
    milestone_5_years: str = "",
    milestone_10_years: str = "",
) -> Commitment:
    if not can(by, "proposals.commit", decision.proposal):
        raise ServiceError(FORBIDDEN, _("Only the board that decided can add commitments"))
    errors = _clean_text(
        text, field="text", required=_("Say what the board commits to do"), max_length=2000
    )
    try:
        owner_text = " ".join(
            clean_text(
                owner_text,
                # Translators: as refusals name the owner of a commitment ("Who is
                # responsible has a control character…").
                label=_("who is responsible"),
                field="owner_text",
                single_line=True,
                required=False,
            ).split()
        )
    except ServiceError as error:
        errors.append(error)
    else:
        if not owner_text and owner_organisation is None:
            errors.append(
                ServiceError(
                    EMPTY, _("Say who is responsible for this commitment"), field="owner_text"
                )
            )
    milestones = [m.strip() for m in (milestone_2_years, milestone_5_years, milestone_10_years)]
    if not any(milestones):
        errors.append(
            ServiceError(
                EMPTY,
                _("Give at least one milestone: in 2, 5 or 10 years"),
                field="milestone_2_years",
            )
        )
    refuse(errors)
    commitment = Commitment(
        decision=decision,
        text=text.strip(),
        owner_text=owner_text,
        owner_organisation=owner_organisation,
        milestone_2_years=milestones[0],
        milestone_5_years=milestones[1],
        milestone_10_years=milestones[2],
        created_by=by,
    )
    validate_model(commitment)
    commitment.save()
    return commitment


@transaction.atomic
def progress_update_add(
    *, commitment: Commitment, by: User, date: datetime.date, status: str, text: str
) -> ProgressUpdate:
    if not can(by, "proposals.commit", commitment.decision.proposal):
        raise ServiceError(FORBIDDEN, _("Only the board that decided can report progress"))
    errors = _clean_text(
        text,
        field="text",
        required=_("Say what has happened since the last update"),
        max_length=2000,
    )
    if status not in ProgressStatus.values:
        errors.append(
            ServiceError(INVALID_CHOICE, _("Choose how the commitment is going"), field="status")
        )
    if date > timezone.localdate():
        errors.append(
            ServiceError(
                FUTURE_DATE, _("The date of the update must be today or in the past"), field="date"
            )
        )
    refuse(errors)
    update = ProgressUpdate(
        commitment=commitment, date=date, status=status, text=text.strip(), created_by=by
    )
    validate_model(update)
    update.save()
    return update


@dataclass(frozen=True)
class EasyReadLine:
    sentence: str
    image: AbstractImage | None = None
    alt_text: str = ""


EASY_READ_SENTENCE_MAX = 120


@transaction.atomic
def decision_easy_read_set(
    *, decision: Decision, by: User, lines: list[EasyReadLine]
) -> list[DecisionEasyReadLine]:
    """Replace the easy read version of a decision: one short sentence per idea, each with
    an optional picture that must say what it shows. Empty lines are dropped."""
    if not can(by, "proposals.commit", decision.proposal):
        raise ServiceError(
            FORBIDDEN, _("Only the board that decided can write its easy read version")
        )
    errors: list[ServiceError] = []
    kept: list[EasyReadLine] = []
    for number, line in enumerate(lines, start=1):
        sentence, alt = line.sentence.strip(), line.alt_text.strip()
        if not sentence and line.image is None and not alt:
            continue
        if not sentence:
            errors.append(
                ServiceError(
                    EMPTY, _("Idea %(number)s: write a short sentence") % {"number": number}
                )
            )
        elif len(sentence) > EASY_READ_SENTENCE_MAX:
            errors.append(
                ServiceError(
                    TOO_LONG,
                    _(
                        "Idea %(number)s: keep the sentence to %(max)s characters or fewer "
                        "(it has %(length)s)"
                    )
                    % {"number": number, "max": EASY_READ_SENTENCE_MAX, "length": len(sentence)},
                )
            )
        if line.image is not None and not alt:
            errors.append(
                ServiceError(
                    NO_ALT_TEXT,
                    _("Idea %(number)s: say what the picture shows, for people who cannot see it")
                    % {"number": number},
                )
            )
        kept.append(EasyReadLine(sentence, line.image, alt if line.image is not None else ""))
    refuse(errors)
    DecisionEasyReadLine.objects.filter(decision=decision).delete()
    return DecisionEasyReadLine.objects.bulk_create(
        DecisionEasyReadLine(
            decision=decision,
            position=position,
            sentence=line.sentence,
            image=line.image,
            alt_text=line.alt_text,
        )
        for position, line in enumerate(kept)
    )
