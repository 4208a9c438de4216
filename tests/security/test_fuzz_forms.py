# ruff: noqa: E501 - the form table reads best with one form a line
"""Every Hearth form gets arbitrary input through the test client: never a 500, and a form
that is refused writes nothing at all."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_permission_matrix import fill
from tests.security.world import World, build_world


@dataclass(frozen=True)
class Target:
    role: str
    state: str
    url: str
    fields: tuple[str, ...]


# fmt: off
TARGETS: dict[str, Target] = {
    "sign-up": Target("anonymous", "published", "/account/sign-up/", ("email", "display_name", "relationship_to_care", "password", "password_confirmation")),
    "sign-in": Target("anonymous", "published", "/account/sign-in/", ("username", "password")),
    "details": Target("participant", "published", "/account/details/", ("display_name", "relationship_to_care", "email", "notify_by_email")),
    "password change": Target("participant", "published", "/account/password/", ("old_password", "new_password1", "new_password2")),
    "password reset": Target("anonymous", "published", "/account/password-reset/", ("email",)),
    "thread message": Target("participant", "published", "/threads/{thread}/", ("body", "reply_to")),
    "statement": Target("participant", "published", "/threads/{thread}/statements/", ("text",)),
    "vote": Target("participant", "published", "/threads/{thread}/statements/{statement}/vote/", ("value",)),
    "message edit": Target("participant", "published", "/threads/{thread}/messages/{message}/edit/", ("body",)),
    "message report": Target("participant", "published", "/threads/{thread}/messages/{message}/report/", ("reason",)),
    "poll answer": Target("participant", "published", "/threads/{thread}/polls/{poll}/", ("choice", "place_1", "place_2")),
    "moderation": Target("facilitator", "published", "/threads/{thread}/moderation/", ("action", "reason", "message", "statement", "person", "seconds", "question", "kind", "options", "days_open", "results_shown")),
    "start proposal": Target("participant", "published", "/write/new/", ("title", "summary", "themes")),
    "section": Target("co_author", "published", "/write/{proposal}/section/problem/", ("text", "note", "base_revision")),
    "suggestion": Target("participant", "published", "/write/{proposal}/suggest/problem/", ("text", "reason")),
    "suggestion decision": Target("co_author", "published", "/write/suggestions/{suggestion}/", ("decision", "response")),
    "section comment": Target("participant", "published", "/write/{proposal}/comments/problem/", ("body", "reply_to")),
    "co-author": Target("staff", "published", "/write/{proposal}/co-authors/", ("display_name",)),
    "stage": Target("staff", "published", "/write/{proposal}/stage/", ("to",)),
    "comment flag": Target("participant", "published", "/write/comments/{comment}/flag/", ("reason",)),
    "comment hide": Target("staff", "published", "/write/comments/{comment}/hide/", ("reason",)),
    "decision": Target("board", "with_board", "/write/{proposal}/decide/", ("outcome", "what_was_heard", "reasons")),
    "commitment": Target("board", "decided", "/write/{proposal}/commitments/", ("text", "owner_text", "owner_organisation", "milestone_2_years", "milestone_5_years", "milestone_10_years")),
    "progress": Target("board", "decided", "/write/commitments/{commitment}/progress/", ("date", "status", "text")),
    "report run": Target("officer", "published", "{consultation}report/run/", ("anything",)),
}
# fmt: on

TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "x" * 100_000,
        "-1",
        "0",
        "1",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        "2026-02-30",
        "open",
        "next",
        "accept",
        "decline",
        "hide",
        "keep",
        "remove",
        "poll",
        "slow_mode",
        "adopted",
        "\u202e\u200b\ufeff",
        "🧡" * 500,
        "<script>alert('XSS')</script>",
    ]
)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
VALUE = st.one_of(TRICKY, TEXT, st.lists(st.one_of(TRICKY, TEXT), max_size=3))


# Modest and repeatable, so the suite stays fast and a failure shows up on every run.
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form_data(fields: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={**{f: VALUE for f in fields}, "unexpected": VALUE, "csrfmiddlewaretoken": VALUE},
    )


WATCHED = [
    apps.get_model(label)
    for label in (
        "accounts.User",
        "accounts.Notification",
        "deliberation.Message",
        "deliberation.Statement",
        "deliberation.Vote",
        "deliberation.Poll",
        "deliberation.PollResponse",
        "deliberation.Flag",
        "deliberation.ModerationLogEntry",
        "deliberation.ThreadMember",
        "proposals.ProposalAuthor",
        "proposals.Suggestion",
        "proposals.SectionComment",
        "proposals.CommentFlag",
        "proposals.Decision",
        "proposals.Commitment",
        "proposals.ProgressUpdate",
        "wagtailcore.Revision",
        "wagtailcore.Page",
        "analysis.AnalysisRun",
    )
]


# One query for all the counts: forty separate ones per example were a fifth of this test.
# The names in it are the models' own tables, quoted, never input.
_TABLES = [connection.ops.quote_name(model._meta.db_table) for model in WATCHED]
_COUNTS_SQL = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in _TABLES)  # noqa: S608


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL)
        row = cursor.fetchone()
    return {model.__name__: count for model, count in zip(WATCHED, row, strict=True)}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_any_input_is_answered_without_a_server_error(name: str, world: World, db: None) -> None:
    target = TARGETS[name]
    url = fill(target.url, world.values[target.state])
    client = Client(raise_request_exception=False)
    person = world.people[target.role]
    if person is not None:
        client.force_login(person)

    @FUZZ
    @given(data=form_data(target.fields))
    def post(data: dict[str, Any]) -> None:
        cache.clear()
        with transaction.atomic():
            before = counts()
            response = client.post(url, data)
            after = counts()
            transaction.set_rollback(True)
        assert response.status_code < 500, (name, data)
        if response.status_code not in (301, 302):
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            assert not changed, f"{name}: refused with {response.status_code} but wrote {changed}"

    post()
