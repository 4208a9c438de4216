"""The permission matrix (tests/security/matrix.py), built from the URL configuration:
every URL pattern, page route, WebSocket route and client frame type must have a row, and
every row's answer is checked with a real request by each role on real objects."""

import copy
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, get_args

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from config.routing import websocket_urlpatterns
from tests.security.matrix import HTTP_ROWS, SOCKET_ROWS, STATES_TO_COVER, Row
from tests.security.world import World, build_world

# Included URL confs covered as a whole by their rows: Wagtail's admin, for editors only.
WHOLE = {"admin/"}
# Where Wagtail's admin sends someone it refuses (wagtail.admin.auth.permission_denied).
ADMIN_HOME = "/admin/"


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route in WHOLE:
                yield route
            else:
                yield from _walk(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route


def http_routes() -> set[str]:
    """Every URL pattern, and every page type and sub-route Wagtail's catch-all serves."""
    routes = set(_walk(get_resolver().url_patterns))
    for model in get_page_models():
        if model is Page:
            continue
        if issubclass(model, RoutablePageMixin):
            for sub in model.get_subpage_urls():
                name = str(sub.pattern)
                routes.add(f"page:{model.__name__}" + (f" {name}" if name else ""))
        else:
            routes.add(f"page:{model.__name__}")
    return routes


def socket_frame_types() -> dict[str, frozenset[str]]:
    """Every WebSocket route and the client frame types its consumer accepts."""
    found = {}
    for pattern in websocket_urlpatterns:
        consumer = pattern.callback.consumer_class
        found[str(pattern.pattern)] = frozenset(getattr(consumer, "client_frame_types", {"?"}))
    return found


def test_every_url_pattern_and_page_route_has_a_row() -> None:
    routes = http_routes()
    rows = {row.route for row in HTTP_ROWS}
    assert not routes - rows, f"URL patterns with no row in the matrix: {sorted(routes - rows)}"
    assert not rows - routes, (
        f"rows naming URL patterns that no longer exist: {sorted(rows - routes)}"
    )


def test_every_socket_route_and_frame_type_has_a_row() -> None:
    wanted: set[tuple[str, str | None]] = {
        (route, kind) for route, kinds in socket_frame_types().items() for kind in kinds
    }
    wanted |= {(route, None) for route in socket_frame_types()}
    rows = {(row.route, row.frame_type) for row in SOCKET_ROWS}
    assert not wanted - rows, (
        f"socket routes or frame types with no row: {sorted(wanted - rows, key=str)}"
    )
    assert not rows - wanted, (
        f"rows naming routes or frames that no longer exist: {sorted(rows - wanted, key=str)}"
    )


def _states_missing(rows: Iterable[tuple[Any, str, str]]) -> list[str]:
    """For rows given as (what they reach, url, state): the states in STATES_TO_COVER of
    the objects named in the url that the rows reaching the same thing have no row for."""
    states: dict[tuple[Any, str], set[str]] = defaultdict(set)
    for reached, url, state in rows:
        states[reached, url].add(state)
    missing = []
    for (reached, url), have in sorted(states.items(), key=str):
        wanted: set[str] = set()
        for placeholder in re.findall(r"\{(\w+)\}", url):
            wanted |= STATES_TO_COVER.get(placeholder, frozenset())
        if wanted - have:
            missing.append(f"{reached} {url}: no row for {sorted(wanted - have)}")
    return missing


def test_every_route_to_an_object_has_a_row_for_each_of_its_states() -> None:
    """Closed and paused threads, closed proposals and consultations, and another
    organisation's consultations and pages: on every route and frame that reaches them."""
    missing = _states_missing(((r.route, r.method), r.url, r.state) for r in HTTP_ROWS)
    missing += _states_missing(((r.route, r.frame_type), r.url, r.state) for r in SOCKET_ROWS)
    assert not missing, "\n".join(missing)


def test_a_frame_type_from_its_schema_is_declared_by_its_consumer() -> None:
    """The consumers' declared frame types follow their schemas, so a new frame in a
    schema cannot slip past the matrix."""
    from deliberation.events import PostFrame, ResumeFrame, VoteFrame
    from proposals.live import EditingFrame

    thread = {
        get_args(m.model_fields["type"].annotation)[0] for m in (PostFrame, ResumeFrame, VoteFrame)
    }
    editing = set(get_args(EditingFrame.model_fields["type"].annotation))
    types = socket_frame_types()
    assert types["ws/threads/<int:thread_id>/"] == thread
    assert types["ws/proposals/<int:proposal_id>/"] == editing


# ---- the checks ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at the end; each
    request below runs in its own savepoint, rolled back too, so no answer depends on
    what another role did before."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker: Any) -> dict[str, Client]:
    """One client per role, signed in once (in the module's transaction): each request
    puts its cookies back afterwards, so a request that signs out or starts a new session
    cannot change who the next request is made as."""
    signed_in = {}
    with django_db_blocker.unblock():
        for role, person in world.people.items():
            client = signed_in[role] = Client()
            if person is not None:
                client.force_login(person)
    return signed_in


def fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, str):
        if template.startswith("{") and template.endswith("}") and template[1:-1] in values:
            return values[template[1:-1]]
        return template.format(**values)
    return template


def answer_of(response: Any) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location == ADMIN_HOME:
            return "denied"
        return "login" if ("sign-in" in location or "/login/" in location) else "302"
    return str(response.status_code)


def check_row(row: Row, world: World, clients: dict[str, Client]) -> list[str]:
    values = world.values[row.state]
    url = fill(row.url, values)
    data = dict(values[row.form]) if row.form else {}
    data.update({key: fill(value, values) for key, value in row.data.items()})
    wrong = []
    for role, expected in row.expected().items():
        client = clients[role]
        cookies = copy.deepcopy(client.cookies)
        cache.clear()
        with transaction.atomic():
            response = client.get(url) if row.method == "GET" else client.post(url, data)
            transaction.set_rollback(True)
        client.cookies = cookies
        got = answer_of(response)
        if got != expected:
            wrong.append(
                f"{row.method} {url} [{row.state}] as {role}: expected {expected}, got {got}"
            )
    return wrong


ROUTES = sorted({row.route for row in HTTP_ROWS})


@pytest.mark.parametrize("route", ROUTES)
def test_http_answers(route: str, world: World, clients: dict[str, Client], db: None) -> None:
    wrong = [
        line for row in HTTP_ROWS if row.route == route for line in check_row(row, world, clients)
    ]
    assert not wrong, "\n".join(wrong)
