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


# The refusals that are not the request's fault but its timing: HTTP 429, Too Many Requests.
TOO_SOON = frozenset({"rate_limited"})


def http_status(error: ServiceError) -> int:
    """The HTTP status of a page that shows this refusal: the one place it is decided."""
    return 429 if error.code in TOO_SOON else 400


def as_validation_error(error: ServiceError) -> ValidationError:
    """The same refusal as Django's form and model error, keyed by its field when it has one."""
    if error.field:
        return ValidationError({error.field: [ValidationError(error.detail, code=error.code)]})
    return ValidationError(error.detail, code=error.code)
