"""The language each contribution is written in (issue 19, item 6).

Every message, statement, suggestion and comment records the language its author wrote it
in: the language they were reading Hearth in when they wrote it (the request's, or the
socket's), unless they chose another. Pages mark each contribution's text with its
language (``lang``, WCAG 3.1.2) and, where it differs from the page's, show the language's
own name beside it; the analysis finds themes in each language apart.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ServiceError
from common.i18n import Language, is_supported, language_choices, own_language
from deliberation.errors import INVALID_LANGUAGE

LANGUAGE_MAX_LENGTH = 10


def language_field() -> models.CharField:
    """The ``language`` of a contribution: one of ``settings.LANGUAGES`` (the choices are
    a callable, so adding a language needs no migration)."""
    return models.CharField(
        gettext_lazy("language"),
        max_length=LANGUAGE_MAX_LENGTH,
        choices=language_choices,
        default=settings.LANGUAGE_CODE,
    )


def current_language() -> str:
    """The language being read now: the request's, or the socket's (activated when it
    opened); the default outside either."""
    return own_language(translation.get_language())


def written_in(code: str) -> Language:
    """A contribution's language, with its tag for ``lang`` and its name in itself
    ("Cymraeg"); a language Hearth no longer offers keeps its code as its name."""
    return Language(code, str(dict(settings.LANGUAGES).get(code, code)))


def language_written_in(chosen: str | None) -> str:
    """The language a contribution is stored in: the one its author chose, else the one
    they are reading Hearth in. One Hearth does not offer is refused (code
    ``invalid_language``), so nothing is stored under a language no page can name."""
    if chosen is None or chosen == "":
        return current_language()
    if not is_supported(chosen):
        offered = ", ".join(f"{code} ({name})" for code, name in language_choices())
        raise ServiceError(
            INVALID_LANGUAGE,
            _("Hearth has no language “%(code)s”. Choose one of: %(offered)s.")
            % {"code": chosen, "offered": offered},
            field="language",
        )
    return chosen
