"""The one error type for services, and its one translation into Django's form errors."""

from django.core.exceptions import ValidationError


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


def as_validation_error(error: ServiceError) -> ValidationError:
    """The same refusal as Django's form and model error, keyed by its field when it has one."""
    if error.field:
        return ValidationError({error.field: [ValidationError(error.detail, code=error.code)]})
    return ValidationError(error.detail, code=error.code)
