"""Route a request down the page tree in one query instead of two per level.

Wagtail's ``Page.route`` finds each path component among the current page's children
(a query), then loads that child's specific page (another query) and asks it to route
the rest. A proposal three levels down costs six queries, each a wide page row that
takes longer to build in the ORM than to run. :func:`route_from` fetches the pages for
every component at once by their indexed slugs, walks them in Python with the same
rules, and hands over to a page's own ``route`` where its class has one (a routable
page's sub-routes come before its children, as in Wagtail) and at the last page.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from wagtail.models import Page


def _routes_itself(page: Page) -> bool:
    cls = page.specific_class
    return cls is None or cls.route is not Page.route


def route_from(root: Page, request: HttpRequest, components: list[str]) -> Any:
    """What ``root.route(request, components)`` returns, with one query for the walk."""
    if not components:
        return Page.route(root, request, components)
    candidates = Page.objects.filter(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(components),
        slug__in=set(components),
    )
    by_step = {(page.depth, page.slug, page.path[: -Page.steplen]): page for page in candidates}
    parent, step = root, 0
    while True:
        child = by_step.get((parent.depth + 1, components[step], parent.path))
        if child is None:
            raise Http404
        # As Wagtail's route does: treebeard's get_parent() reads this, not the database.
        child._cached_parent_obj = parent
        step += 1
        remaining = components[step:]
        if not remaining or _routes_itself(child):
            return child.specific.route(request, remaining)
        parent = child
