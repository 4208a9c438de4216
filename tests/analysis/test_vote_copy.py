"""Reading votes through PostgreSQL's COPY with libpq's own loop: an error from the server
is raised, and the connection takes the next query whatever happened (PostgreSQL only:
the embedded default reads votes through the ORM)."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from analysis.votes import _copy_out

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="COPY is PostgreSQL's: it runs in the PostgreSQL + Redis pass",
    ),
]

_NUMBERS = "COPY (SELECT n FROM generate_series(1, %s) AS n) TO STDOUT"


def _next_query_works() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        assert cursor.fetchone() == (42,)


def test_every_row_comes_back_and_the_connection_goes_on() -> None:
    with connection.cursor() as cursor:
        rows = [bytes(row) for row in _copy_out(cursor.cursor.connection, _NUMBERS, [3])]
    assert rows == [b"1\n", b"2\n", b"3\n"]
    _next_query_works()


def test_an_error_midway_is_raised_with_its_message_and_the_connection_goes_on() -> None:
    failing = "COPY (SELECT 1 / (3 - n) FROM generate_series(1, %s) AS n) TO STDOUT"
    with (
        pytest.raises(DatabaseError, match="division by zero"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        list(_copy_out(cursor.cursor.connection, failing, [5]))
    _next_query_works()


def test_a_reader_that_stops_early_leaves_the_connection_ready() -> None:
    with connection.cursor() as cursor:
        rows = _copy_out(cursor.cursor.connection, _NUMBERS, [10_000])
        assert bytes(next(rows)) == b"1\n"
        rows.close()
    _next_query_works()
