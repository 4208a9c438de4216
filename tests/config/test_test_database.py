"""Consumers write on one thread while the fan-out reads a refreshed frame on another
(deliberation/realtime/fanout.py): a write must not be refused while another thread is
part-way through reading.

PostgreSQL never refuses it. The in-process tier's SQLite in memory is one shared cache for
every thread's connection, where a reader holds a lock on each table it reads until its
statement ends and a writer meeting it failed at once with "database table is locked" (no
timeout applies): a race that failed the suite now and then, until its connections read
without those locks (harness/sqlite_template).
"""

import threading

import pytest
from django.db import connection, connections

from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_write_is_not_refused_while_another_thread_is_part_way_through_reading() -> None:
    UserFactory.create_batch(3)
    reading = threading.Event()
    written = threading.Event()
    failures: list[BaseException] = []

    def read_slowly() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM accounts_user")
                cursor.fetchone()  # the statement is open, its table lock held
                reading.set()
                written.wait(timeout=10)
                cursor.fetchall()
        except BaseException as error:  # reported on the test's own thread
            failures.append(error)
            reading.set()
        finally:
            connections.close_all()

    reader = threading.Thread(target=read_slowly)
    reader.start()
    assert reading.wait(timeout=10)
    try:
        UserFactory.create()
    finally:
        written.set()
        reader.join(timeout=10)
    assert not failures
