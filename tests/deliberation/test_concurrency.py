"""Fifty parallel requests by one person leave one row: the database enforces it."""

import pytest

from accounts.models import User
from deliberation.models import PollChoice, PollKind, PollResponse, Thread, Vote
from deliberation.services import poll_answer, vote_cast
from tests.factories import PollFactory, StatementFactory, UserFactory
from tests.support.parallel import run_at_once

pytestmark = [pytest.mark.concurrent, pytest.mark.django_db(transaction=True)]

PARALLEL = 50


@pytest.fixture
def voter(db: None) -> User:
    """Someone new: this tier keeps what earlier tests wrote, fixed names included."""
    return UserFactory.create()


def test_fifty_parallel_votes_by_one_person_leave_one_vote(thread: Thread, voter: User) -> None:
    statement = StatementFactory.create(thread=thread)
    values = [(-1, 0, 1)[n % 3] for n in range(PARALLEL)]
    failures = run_at_once(
        lambda n: vote_cast(
            user=voter, thread_id=thread.pk, statement_id=statement.pk, value=values[n]
        ),
        PARALLEL,
    )
    assert failures == []
    assert Vote.objects.filter(statement=statement, voter=voter).count() == 1
    assert Vote.objects.get(statement=statement).value in {-1, 0, 1}


@pytest.mark.parametrize("kind", [PollKind.SINGLE, PollKind.MULTIPLE, PollKind.RANKED])
def test_fifty_parallel_poll_answers_by_one_person_leave_one_response(
    thread: Thread, voter: User, kind: PollKind
) -> None:
    poll = PollFactory.create(thread=thread, kind=kind)
    ids = list(poll.options.values_list("pk", flat=True))

    def answer(n: int) -> None:
        if kind == PollKind.SINGLE:
            ranking = [ids[n % 3]]
        elif kind == PollKind.MULTIPLE:
            ranking = ids[: 1 + n % 3]
        else:
            ranking = ids[n % 3 :] + ids[: n % 3]
        poll_answer(user=voter, poll=poll, ranking=ranking)

    assert run_at_once(answer, PARALLEL) == []
    response = PollResponse.objects.get(poll=poll, respondent=voter)
    choices = list(PollChoice.objects.filter(response=response).order_by("rank", "option_id"))
    # One whole answer survives, not a mixture of several.
    if kind == PollKind.SINGLE:
        assert len(choices) == 1
    elif kind == PollKind.MULTIPLE:
        assert [c.option_id for c in choices] == ids[: len(choices)]
    else:
        assert sorted(c.rank or 0 for c in choices) == [1, 2, 3]
        first = [c.option_id for c in choices]
        assert first in [ids[k:] + ids[:k] for k in range(3)]
