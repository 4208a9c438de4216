"""SQLite whose test databases start as a copy of a migrated template.

Running every migration takes about 15 s of CPU in each test process (each pytest-xdist
worker, each tier). ``make test`` migrates the file named by ``HEARTH_TEST_DB_TEMPLATE``
once, and each process's test database, in memory or a file, starts as a copy of it.
Django's ``migrate`` then applies only migrations newer than the template: a stale
template costs time, never correctness. Only the test settings use this engine.
"""

import os
import shutil
import sqlite3
from contextlib import closing
from typing import Any

from django.db.backends.sqlite3 import base, creation

# A shared in-memory database lives only while some connection to it is open: these keep
# each one from vanishing between its copy and Django's first connection.
_holding_open: list[sqlite3.Connection] = []


class DatabaseCreation(creation.DatabaseCreation):
    def _create_test_db(self, verbosity: int, autoclobber: bool, keepdb: bool = False) -> Any:
        # django-stubs omits this private hook; Django has it (sqlite3/creation.py).
        name = super()._create_test_db(verbosity, autoclobber, keepdb)  # type: ignore[misc]
        template = os.environ.get("HEARTH_TEST_DB_TEMPLATE", "")
        if keepdb or not template or not os.path.exists(template):
            return name
        if self.is_in_memory_db(name):
            memory = sqlite3.connect(name, uri=True, check_same_thread=False)
            with closing(sqlite3.connect(template)) as source:
                source.backup(memory)
            _holding_open.append(memory)
        else:
            shutil.copyfile(template, name)
        return name


class DatabaseWrapper(base.DatabaseWrapper):
    """In memory, the test database is one shared cache for every thread's connection, where
    a reader locks each table it reads until its statement ends and a writer meeting that
    lock fails at once ("database table is locked"; the busy timeout does not apply). The
    sockets write on one thread while the fan-out reads on another, so readers here read
    without taking those locks. Files (the live tiers) keep SQLite's usual locking."""

    creation_class = DatabaseCreation

    def get_new_connection(self, conn_params: Any) -> Any:
        conn = super().get_new_connection(conn_params)
        if self.is_in_memory_db():
            conn.execute("PRAGMA read_uncommitted = 1")
        return conn
