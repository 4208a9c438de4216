"""Wagtail hooks for Hearth's pages: warnings and scripts in the admin, and sending a reader
to the page in their own language."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from cms.models import ConsultationPage
from common.page_language import readers_translation_address


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


@hooks.register("before_serve_page")
def to_the_readers_translation(
    page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any
) -> HttpResponse | None:
    """A reader who reaches a page at their language's prefix but under another language's
    slug goes to the translation in their language, where one is published, rather than
    being told there is none (common/page_language.py)."""
    address = readers_translation_address(page, request)
    return redirect(address) if address else None


@hooks.register("insert_editor_js")
def submit_after_autosave_js() -> str:
    return format_html('<script src="{}"></script>', static("cms/js/submit-after-autosave.js"))
