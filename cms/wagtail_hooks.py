"""Wagtail admin customisation for Hearth's pages."""

from django.contrib import messages
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from cms.models import ConsultationPage


def _warn_about_a_short_window(request: HttpRequest, page: Page) -> None:
    """A model's clean() can only refuse, not warn; after a save, tell the officer if the
    consultation gives people less time than their organisation's minimum."""
    specific = page.specific
    if isinstance(specific, ConsultationPage):
        warning = specific.short_window_warning()
        if warning:
            messages.warning(request, warning)


@hooks.register("after_create_page")
def warn_after_create(request: HttpRequest, page: Page) -> None:
    _warn_about_a_short_window(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request: HttpRequest, page: Page) -> None:
    _warn_about_a_short_window(request, page)


@hooks.register("insert_editor_js")
def submit_after_autosave_js() -> str:
    return format_html('<script src="{}"></script>', static("cms/js/submit-after-autosave.js"))
