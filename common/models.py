from django.db import models


class PageTreeChange(models.Model):
    """A row for each change to what :mod:`common.page_tree` remembers, written in the
    change's own transaction: their number is the tree's version as committed, which
    outlives the shared cache that holds the token."""

    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Moved here from cms with its table, so the count (the committed version) goes on.
        db_table = "cms_pagetreechange"

    def __str__(self) -> str:
        return f"Page tree change {self.pk} at {self.at:%Y-%m-%d %H:%M:%S}"
