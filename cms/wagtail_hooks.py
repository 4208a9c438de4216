"""Wagtail admin customisation for Hearth's pages."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from cms.models import ConsultationPage
from cms.rules import can


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


ANOTHER_ORGANISATIONS_PAGE = (
    "This page belongs to another organisation. Only its own officers can change it."
)


def refuse_another_organisations_page(
    request: HttpRequest, page: Page, *args: Any
) -> HttpResponse | None:
    """An officer of one council may not open, publish, move, copy or delete another's pages
    (consultations and organisation pages): they get a page that says so, and nothing runs."""
    if can(request.user, "cms.edit_page", page.specific):
        return None
    return render(
        request,
        "403.html",
        {"reason": ANOTHER_ORGANISATIONS_PAGE},
        status=403,
    )


for hook in (
    "before_edit_page",
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
    "before_unpublish_page",
):
    hooks.register(hook, refuse_another_organisations_page)
