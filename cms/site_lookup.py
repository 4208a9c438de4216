"""Which Wagtail site answers a request, without a query while no site has changed."""

from __future__ import annotations

import copy
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from common.page_tree import read_once, remembered


def site_for_request(request: HttpRequest) -> Site | None:
    """What ``Site.find_for_request`` answers, remembered per host and port
    (:mod:`common.page_tree`). Each request gets its own copy: no two share an object."""
    host, port = split_domain_port(request.get_host())[0], int(request.get_port())
    site = remembered(("site", host, port), lambda: _find_site(request))
    return copy.deepcopy(site)


def _find_site(request: HttpRequest) -> Site | None:
    """The site, its root page already of its own class: every request is routed from
    that page (``site.root_page.specific.route``), which would otherwise cost a query.
    Its live content changes only by publishing, which renews the memo."""
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


class SiteLookupMiddleware:
    """Puts the request's site where Wagtail looks for it before querying."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with read_once():
            # Wagtail's find_for_request keeps its answer on this attribute (its docstring).
            request._wagtail_site = site_for_request(request)  # type: ignore[attr-defined]
            return self.get_response(request)
