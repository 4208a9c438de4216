"""Where you stand: a participant's own place in the latest analysis of a thread."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from analysis import services
from analysis.models import AnalysisRun, RunStatus
from analysis.reports import group_name
from deliberation.models import Statement, Thread, Vote
from deliberation.services import member_add
from tests.factories import StatementFactory, ThreadFactory, UserFactory
from tests.support.tables import tables_that_cannot_scroll

N_SIDED = 10  # statements 0-4 one side agrees with, 5-9 the other side
GROUP_A_PEOPLE = 8
GROUP_B_PEOPLE = 7
PAGE_QUERIES = 15  # 14 today: the run, your votes, statement texts; the rest is the site's


def url(thread: Thread) -> str:
    return f"/threads/{thread.pk}/where-you-stand/"


def words(response: Any) -> str:
    """What a person reads: the page's text without tags (inline ones inside a sentence
    leave no space), spaces collapsed."""
    html = re.sub(r"</?(?:strong|a|span)\b[^>]*>", "", response.content.decode())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def like_side(
    side: int, statements: list[Statement], skip: int | None = None
) -> dict[Statement, int]:
    """Votes of someone on one side (1 or -1): with that side on the ten sided statements
    (but the one numbered ``skip``), and agreeing with the last one, as everybody does."""
    votes = {
        s: side if i < N_SIDED // 2 else -side
        for i, s in enumerate(statements[:N_SIDED])
        if i != skip
    }
    votes[statements[N_SIDED]] = 1
    return votes


def cast(person: User, votes: dict[Statement, int]) -> None:
    Vote.objects.bulk_create(Vote(statement=s, voter=person, value=v) for s, v in votes.items())


@dataclass
class Planted:
    thread: Thread
    statements: list[Statement]
    side_a: list[User]
    side_b: list[User]


@pytest.fixture
def planted(db: None) -> Planted:
    """A thread with eleven statements and two sides of people who vote opposite ways on
    ten of them, each side more than five people; no analysis has been made yet."""
    thread = ThreadFactory.create()
    statements = [
        StatementFactory.create(thread=thread, text=f"Statement number {i} about respite")
        for i in range(N_SIDED + 1)
    ]
    side_a = [UserFactory.create(display_name=f"Alder Quill {i}") for i in range(GROUP_A_PEOPLE)]
    side_b = [UserFactory.create(display_name=f"Birch Wren {i}") for i in range(GROUP_B_PEOPLE)]
    # Each skips one of statements 5-9, so that people on one side are not all in one
    # place (the analysis finds no groups among two points).
    for i, person in enumerate(side_a):
        cast(person, like_side(1, statements, skip=5 + i % 5))
    for i, person in enumerate(side_b):
        cast(person, like_side(-1, statements, skip=5 + i % 5))
    return Planted(thread, statements, side_a, side_b)


def analyse(thread: Thread) -> AnalysisRun:
    run = services.analysis_run_now(thread=thread, by=None)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def group_of(run: AnalysisRun, person: User) -> str:
    assert run.details is not None
    return group_name(run.details["participants"][str(person.pk)])


@pytest.fixture
def viewer(db: None) -> User:
    return UserFactory.create(display_name="Rowan Reader")


def signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.django_db
def test_someone_who_votes_like_group_a_is_told_they_are_closest_to_it(
    planted: Planted, viewer: User, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    run = analyse(planted.thread)
    group_a, group_b = group_of(run, planted.side_a[0]), group_of(run, planted.side_b[0])
    assert group_a != group_b
    # After the run, and disagreeing with side A on one statement.
    mine = like_side(1, planted.statements)
    mine[planted.statements[0]] = -1
    cast(viewer, mine)

    client = signed_in(viewer)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(url(planted.thread))
    assert response.status_code == 200
    text = words(response)
    assert f"Your votes are closest to {group_a}, a group of {GROUP_A_PEOPLE} people" in text
    assert f"Where you differ from {group_a}" in text
    assert (
        "You disagreed that “Statement number 0 about respite”. Of the 8 people in "
        f"{group_a} who voted on it, 8 agreed (100%)."
    ) in text
    assert (
        "You agreed that “Statement number 10 about respite”. Of the 15 people counted in the "
        "analysis who voted on it, 15 agreed (100%)."
    ) in text
    html = response.content.decode()
    assert 'role="img"' in html
    assert '<title id="standing-map-title">' in html
    assert re.search(rf">{group_a}</th>\s*<td[^>]*>{GROUP_A_PEOPLE}</td>\s*<td[^>]*>Yes<", html)
    assert re.search(rf">{group_b}</th>\s*<td[^>]*>{GROUP_B_PEOPLE}</td>\s*<td[^>]*>No<", html)
    assert tables_that_cannot_scroll(html) == []


@pytest.mark.django_db
def test_someone_who_votes_like_group_b_is_closest_to_group_b(
    planted: Planted, viewer: User
) -> None:
    cast(viewer, like_side(-1, planted.statements))
    run = analyse(planted.thread)  # the viewer is in this run: their own votes place them
    text = words(signed_in(viewer).get(url(planted.thread)))
    assert f"Your votes are closest to {group_of(run, planted.side_b[0])}" in text


@pytest.mark.django_db
def test_the_page_names_no_other_participant(planted: Planted, viewer: User) -> None:
    analyse(planted.thread)
    cast(viewer, like_side(1, planted.statements))
    html = signed_in(viewer).get(url(planted.thread)).content.decode()
    others = [*planted.side_a, *planted.side_b, planted.thread.created_by]
    others += [s.author for s in planted.statements]
    for person in others:
        assert person is not None
        assert person.display_name not in html
    assert "Rowan Reader" in html  # the page does carry names: the viewer's own


@pytest.mark.django_db
def test_fewer_than_seven_votes_says_how_many_more_are_needed(
    planted: Planted, viewer: User
) -> None:
    analyse(planted.thread)
    cast(viewer, dict(list(like_side(1, planted.statements).items())[:3]))
    # A statement added after the analysis: its vote counts from the next one.
    cast(viewer, {StatementFactory.create(thread=planted.thread): 1})
    response = signed_in(viewer).get(url(planted.thread))
    assert response.status_code == 200
    text = words(response)
    assert "You have voted on 3 statements. Vote on 4 more to see where you stand." in text
    assert (
        "Your vote on 1 statement that had no votes yet at the latest analysis will count "
        "from the next one."
    ) in text
    assert "closest to" not in text
    assert f'href="/threads/{planted.thread.pk}/vote/"' in response.content.decode()


@pytest.mark.django_db
def test_before_any_analysis_the_page_says_to_come_back_later(
    planted: Planted, viewer: User
) -> None:
    cast(viewer, like_side(1, planted.statements))
    text = words(signed_in(viewer).get(url(planted.thread)))
    assert (
        "The facilitators have not yet looked for opinion groups in this discussion. "
        "Come back later."
    ) in text
    assert "closest to" not in text


@pytest.mark.django_db
def test_a_group_of_fewer_than_five_people_never_appears(planted: Planted, viewer: User) -> None:
    """A run with a third group of three people whose centre is right where the viewer
    stands: it is neither named, nor on the map, nor in the table, nor the closest."""
    run = analyse(planted.thread)
    cast(viewer, like_side(1, planted.statements))
    group_a = group_of(run, planted.side_a[0])
    assert run.result is not None
    assert run.details is not None
    result = run.result
    a = run.details["participants"][str(planted.side_a[0].pk)]
    placement = run.details["placement"]
    small = len(result["groups"])
    result["groups"].append({"id": small, "size": 3, "representative": []})
    placement["groups"].append({"id": small, "centre": placement["groups"][a]["centre"]})
    for item in placement["statements"].values():
        item["by_group"].append([0, 3, 0])
    run.save(update_fields=["result", "details"])
    small_name = group_name(small)

    response = signed_in(viewer).get(url(planted.thread))
    html = response.content.decode()
    assert f"Your votes are closest to {group_a}" in words(response)
    assert small_name not in html
    assert html.count("<circle") == 2
    assert html.count('<th scope="row"') == 2


@pytest.mark.django_db
def test_a_thread_the_person_may_not_see_is_not_found(viewer: User) -> None:
    private = ThreadFactory.create(members_only=True)
    assert signed_in(viewer).get(url(private)).status_code == 404
    member_add(thread=private, user=viewer)
    assert signed_in(viewer).get(url(private)).status_code == 200
    assert signed_in(viewer).get("/threads/999999/where-you-stand/").status_code == 404


@pytest.mark.django_db
def test_a_visitor_is_sent_to_sign_in_and_back(planted: Planted) -> None:
    response = Client().get(url(planted.thread))
    assert response.status_code == 302
    assert response["Location"] == f"/account/sign-in/?next={url(planted.thread)}"
