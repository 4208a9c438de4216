"""Writes to accounts. Views and commands call these; none of them saves a user directly."""

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import (
    DEFAULT_MINIMUM_CONSULTATION_DAYS,
    Membership,
    Notification,
    Organisation,
    RelationshipToCare,
    User,
    normalise_email,
)
from common.errors import ServiceError, refuse, validate_model
from common.i18n import in_language, in_own_language

DISPLAY_NAME_TAKEN = gettext_lazy(
    "That display name is already taken. Try adding a word or a number"
)
# The codes of this module's refusals (common.errors.ServiceError), besides the codes of
# Django's model and password validation, which they keep.
TAKEN = "taken"
ALREADY_MEMBER = "already_member"


def _validation_errors(user: User) -> list[ServiceError]:
    """What is wrong with a user about to be saved, each keyed by its field."""
    errors: list[ServiceError] = []
    try:
        # The case-insensitive display-name constraint is checked below, keyed by field.
        validate_model(user, exclude=["password"], validate_constraints=False)
    except ServiceError as error:
        errors.extend(error.each())
    taken = User.objects.filter(display_name__iexact=user.display_name).exclude(pk=user.pk)
    if user.display_name and taken.exists():
        errors.append(ServiceError(TAKEN, str(DISPLAY_NAME_TAKEN), field="display_name"))
    return errors


def _save_or_explain(user: User, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            user.save(update_fields=update_fields)
    except IntegrityError:
        # Someone else took the email or display name between our check and this save.
        raise ServiceError(
            TAKEN,
            _("That email address or display name was taken just now"),
            field="display_name",
        ) from None


def user_sign_up(
    *,
    email: str,
    display_name: str,
    password: str,
    relationship_to_care: RelationshipToCare | str = "",
    preferred_language: str = "",
) -> User:
    """Create a participant's account; refuses (common.errors.ServiceError, each problem
    keyed by its field) creating nothing. ``preferred_language`` is the language a visitor
    chose before signing up, kept on the account ('' for none)."""
    user = User(
        email=normalise_email(email),
        display_name=display_name,
        relationship_to_care=relationship_to_care,
        preferred_language=preferred_language,
    )
    errors = _validation_errors(user)
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors.extend(
            ServiceError(one.code or "invalid_password", " ".join(one.messages), field="password")
            for one in error.error_list
        )
    refuse(errors)
    user.set_password(password)
    _save_or_explain(user)
    return user


def user_update_details(
    *,
    user: User,
    email: str,
    display_name: str,
    relationship_to_care: RelationshipToCare | str,
    prefers_easy_read: bool | None = None,
    email_digest: bool | None = None,
    preferred_language: str | None = None,
) -> User:
    """Change a person's own details; refuses (each problem keyed by its field) saving nothing.
    ``prefers_easy_read``, ``email_digest`` or ``preferred_language`` None leaves that choice
    as it is."""
    # Validate a copy, so a refused change leaves the caller's instance as it was.
    changed = copy.copy(user)
    changed.email = normalise_email(email)
    changed.display_name = display_name
    changed.relationship_to_care = relationship_to_care
    if preferred_language is not None:
        changed.preferred_language = preferred_language
    refuse(_validation_errors(changed))
    user.email = changed.email
    user.display_name = changed.display_name
    user.relationship_to_care = changed.relationship_to_care
    fields = ["email", "display_name", "relationship_to_care"]
    if prefers_easy_read is not None:
        user.prefers_easy_read = prefers_easy_read
        fields.append("prefers_easy_read")
    if email_digest is not None:
        user.email_digest = email_digest
        fields.append("email_digest")
    if preferred_language is not None:
        user.preferred_language = changed.preferred_language
        fields.append("preferred_language")
    _save_or_explain(user, update_fields=fields)
    return user


def user_set_easy_read_first(*, user: User, first: bool) -> User:
    """Show pages' easy read version first (or the full text first) for this person."""
    user.prefers_easy_read = first
    user.save(update_fields=["prefers_easy_read"])
    return user


def user_set_preferred_language(*, user: User, language: str) -> User:
    """The language Hearth speaks to this person in (a code from ``settings.LANGUAGES``)."""
    user.preferred_language = language
    others = [field.name for field in User._meta.fields if field.name != "preferred_language"]
    validate_model(user, exclude=others, validate_unique=False, validate_constraints=False)
    user.save(update_fields=["preferred_language"])
    return user


# The email connection notifications use; None means the configured EMAIL_BACKEND.
_notification_email: ContextVar[BaseEmailBackend | None] = ContextVar(
    "notification_email", default=None
)


@contextmanager
def notification_emails_through(connection: BaseEmailBackend) -> Iterator[None]:
    """Send the emails of every notification made inside this block through ``connection``
    (the demo, whose people are made up, passes one that discards them)."""
    token = _notification_email.set(connection)
    try:
        yield
    finally:
        _notification_email.reset(token)


def _fits(message: str) -> str:
    """The message cut to what a notification holds (a long reason quoted in it would
    otherwise fail the save that carries it)."""
    most = Notification._meta.get_field("message").max_length or len(message)
    return message if len(message) <= most else message[: most - 1].rstrip() + "…"


# What a notification says: text, or a function that writes it, called in each recipient's
# own language (``lambda: _("%(name)s accepted your suggestion") % {...}``).
Wording = str | Callable[[], str]


def _written(wording: Wording) -> str:
    return _fits(wording() if callable(wording) else str(wording))


def notification_send(
    *, user: User, message: Wording, url: str = "", email_subject: Wording = ""
) -> None:
    """Tell a person something in Hearth, in their own language, and by email once the
    change is committed; with no ``email_subject`` it waits for their daily digest
    (accounts.services_digest)."""
    emailing = bool(email_subject and user.email)
    with in_own_language(user.preferred_language):
        text = _written(message)
        Notification.objects.create(
            user=user, message=text, url=url, emailed_at=timezone.now() if emailing else None
        )
        if not emailing:
            return
        subject = _written(email_subject)
        here = in_language(url, translation.get_language()) if url else ""
        link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{here}" if here else ""
        greeting = _("Hello %(name)s,") % {"name": user.display_name}
    body = f"{greeting}\n\n{text}{link}\n\nHearth"
    connection = _notification_email.get()
    transaction.on_commit(
        lambda: send_mail(
            subject, body, None, [user.email], fail_silently=True, connection=connection
        )
    )


def notifications_send_on_commit(*, users: Iterable[User], message: Wording, url: str = "") -> None:
    """Tell each of these people the same thing in Hearth, each in their own language,
    once the current transaction commits, so that nobody hears of a change that was rolled
    back. People who can no longer sign in (closed accounts, the stand-ins of the erased)
    are not told. The email comes in each person's daily digest."""
    by_language: dict[str, list[User]] = defaultdict(list)
    for user in users:
        if user.is_active:
            by_language[user.preferred_language].append(user)
    if not by_language:
        return
    notifications = []
    for language, recipients in by_language.items():
        with in_own_language(language):
            text = _written(message)
        notifications += [Notification(user=user, message=text, url=url) for user in recipients]
    transaction.on_commit(lambda: Notification.objects.bulk_create(notifications))


def notifications_mark_read(*, user: User) -> int:
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def organisation_create(
    *,
    name: str,
    kind: str,
    slug: str = "",
    minimum_consultation_days: int | None = None,
) -> Organisation:
    """Add a council, reform board or charity; refuses, each problem keyed by its field."""
    organisation = Organisation(
        name=" ".join(name.split()),
        slug=slug or slugify(name)[:120],
        kind=kind,
        minimum_consultation_days=(
            DEFAULT_MINIMUM_CONSULTATION_DAYS
            if minimum_consultation_days is None
            else minimum_consultation_days
        ),
    )
    validate_model(organisation)
    with transaction.atomic():
        organisation.save()
    return organisation


def membership_add(
    *, organisation: Organisation, user: User, role: str, by: User | None = None
) -> Membership:
    """Give a person a role in an organisation (only reform boards have board members);
    refuses, each problem keyed by its field, adding nothing."""
    membership = Membership(organisation=organisation, user=user, role=role, created_by=by)
    validate_model(membership, validate_constraints=False)
    with transaction.atomic():
        existing = Membership.objects.filter(organisation=organisation, user=user, role=role)
        if existing.exists():
            raise ServiceError(
                ALREADY_MEMBER,
                # Translators: as in "Sam is already officer": %(role)s is a role's name.
                _("%(name)s is already %(role)s")
                % {"name": user.display_name, "role": membership.get_role_display().lower()},
                field="role",
            )
        membership.save()
    return membership


def membership_remove(*, membership: Membership) -> None:
    with transaction.atomic():
        membership.delete()
