"""Wagtail's page permissions, organisations apart.

Wagtail's groups (Editors, Moderators) give their permissions over the whole page tree. On a
page that belongs to an organisation (a consultation, an organisation's own page) Hearth
narrows them: an officer of another organisation may do nothing there, whichever admin view
asks (editing, publishing, deleting, moving, copying, locking, view restrictions, scheduled
revisions, bulk actions, previews of drafts), and the page explorer offers them nothing.
The rule itself is ``cms.edit_page`` (cms/rules.py).
"""

from typing import Any

from wagtail.models import PagePermissionTester

from cms.rules import can


class OrganisationPagePermissionTester(PagePermissionTester):
    def __init__(self, user: Any, page: Any) -> None:
        super().__init__(user, page)
        self.speaks_for_the_page = can(user, "cms.edit_page", page)
        if not self.speaks_for_the_page:
            # What the person's groups grant over the tree stops at this page.
            self.permissions: set[str] = set()

    # A workflow task can let someone edit, lock or unlock beside their permissions; and
    # whoever holds a lock may unlock. None of it crosses into another organisation's page.

    def can_edit(self) -> bool:
        return self.speaks_for_the_page and super().can_edit()

    def can_lock(self) -> bool:
        return self.speaks_for_the_page and super().can_lock()

    def can_unlock(self) -> bool:
        return self.speaks_for_the_page and super().can_unlock()

    def can_submit_for_moderation(self) -> bool:
        return self.speaks_for_the_page and super().can_submit_for_moderation()


class OrganisationPagePermissionsMixin:
    """For page models with an ``organisation``: Wagtail asks the page for its tester."""

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        return OrganisationPagePermissionTester(user, self)
