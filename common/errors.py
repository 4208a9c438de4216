"""The one error type for services, and its one translation into Django's form errors and
HTTP statuses (consumers turn it into ``error`` frames)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model

# Codes more than one app gives. Each app keeps its own codes beside its services.
FORBIDDEN = "forbidden"  # who the person is does not allow this, whatever they send
CONFLICT = "conflict"  # someone else changed the same thing first
INVALID = "invalid"  # several things are wrong at once: see ``ServiceError.each()``
RATE_LIMITED = "rate_limited"


class ServiceError(Exception):
    """A refusal a person can act on, raised by a service before it writes anything.

    ``code`` is stable (tests and clients rely on it); ``detail`` is a sentence a person
    can act on; ``field`` names the form field it concerns, if any. Views turn it into a
    form error or a message with an HTTP status, consumers into an ``error`` frame.
    """

    def __init__(self, code: str, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.field = field

    def each(self) -> tuple["ServiceError", ...]:
        """Every refusal this one stands for: itself, or those of :class:`Refusals`."""
        return (self,)


class Refusals(ServiceError):
    """Several refusals at once, so a form can show every problem in one go (the error
    summary lists them all). Its ``detail`` joins theirs, for where one sentence is shown."""

    def __init__(self, errors: Iterable[ServiceError]) -> None:
        self.errors = tuple(one for error in errors for one in error.each())
        super().__init__(INVALID, " ".join(_sentence(error.detail) for error in self.errors))

    def each(self) -> tuple[ServiceError, ...]:
        return self.errors


def refuse(errors: Iterable[ServiceError]) -> None:
    """Raise nothing when ``errors`` is empty, the one refusal, or all of them together."""
    errors = list(errors)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise Refusals(errors)


def from_validation_error(error: ValidationError) -> ServiceError:
    """Django's model validation (``full_clean``, password validators) as the refusal a
    service raises, each message keyed by its field and keeping Django's code."""
    if hasattr(error, "error_dict"):
        found = [
            ServiceError(
                one.code or INVALID,
                " ".join(one.messages),
                field=None if field == NON_FIELD_ERRORS else field,
            )
            for field, errors in error.error_dict.items()
            for one in errors
        ]
    else:
        found = [
            ServiceError(one.code or INVALID, " ".join(one.messages)) for one in error.error_list
        ]
    return found[0] if len(found) == 1 else Refusals(found)


def validate_model(instance: Model, **options: Any) -> None:
    """``instance.full_clean(**options)``, its ValidationError raised as a ServiceError: for
    services, whose callers expect nothing else."""
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        raise from_validation_error(error) from None


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


# The HTTP status of a page that shows a refusal: not the request's fault but its timing
# (429, Too Many Requests); not the request but who sent it (403); someone else's change
# first (409). Anything else is the request's own fault (400).
_STATUS = {RATE_LIMITED: 429, FORBIDDEN: 403, CONFLICT: 409}


def http_status(error: ServiceError) -> int:
    """The HTTP status of a page that shows this refusal: the one place it is decided."""
    return _STATUS.get(error.code, 400)


def as_validation_error(error: ServiceError) -> ValidationError:
    """The same refusal as Django's form and model error, keyed by its field when it has one."""
    if len(error.each()) == 1 and not error.field:
        return ValidationError(error.detail, code=error.code)
    by_field: dict[str, list[ValidationError]] = {}
    for one in error.each():
        by_field.setdefault(one.field or NON_FIELD_ERRORS, []).append(
            ValidationError(one.detail, code=one.code)
        )
    return ValidationError(by_field)
