"""Skip Wagtail's view-restriction check on every page while no page has a restriction.

Wagtail checks every page it serves for restrictions (login, password, groups) on the
page and its ancestors: two queries per page view. Hearth's pages are public, and
restrictions are something an editor adds rarely, so whether any exists at all is
remembered until the page tree or a restriction changes (:mod:`common.page_tree`); once
one exists, every page is checked as Wagtail does.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import PageViewRestriction

from common.page_tree import remembered


class ViewRestrictionsWhenAnyMixin:
    """For page models: the mixin comes before ``Page`` in the bases."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        if not remembered("any view restriction", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc] # Page's, next in the MRO
