"""Copies of the browser tier's SQLite test database, put back before each test.

A browser test drives a server that was started once for the whole run, so its data must
be committed, and many journeys use fixed names and addresses ("alex@example.org"). Each
test therefore starts from a copy of the database as it was after the migrations and the
site tree (or the demo), restored with SQLite's backup API in milliseconds: content type
ids stay the same, so the running server's caches stay valid, unlike after a flush.

Row ids are never given twice in a run: after each restore every table's AUTOINCREMENT
counter moves past everything earlier tests could have used, so state the server keeps
in memory for a thread or a statement of an earlier test cannot reach a new one.

The in-process tier's database, SQLite in memory, is put back the same way after each
test that commits (tests/conftest.py): a flush would empty every table, make the content
types and permissions again and leave the next test to build the site tree again, about
a quarter of a second each time.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.db import connections

IDS_PER_TEST = 1_000_000


class Snapshots:
    """Named in-memory copies of one SQLite database: a file, or a URI (``uri=True``) such
    as Django's name for a shared in-memory test database."""

    def __init__(self, path: Path | str, *, uri: bool = False) -> None:
        self.path = path
        self.uri = uri
        self.copies: dict[str, sqlite3.Connection] = {}
        self.restores = 0

    def take(self, name: str) -> None:
        connections.close_all()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with closing(sqlite3.connect(self.path, uri=self.uri)) as source:
            source.backup(copy)
        self.copies[name] = copy

    def has(self, name: str) -> bool:
        return name in self.copies

    def restore(self, name: str) -> None:
        connections.close_all()
        self.restores += 1
        target = sqlite3.connect(self.path, uri=self.uri, timeout=30)
        try:
            self.copies[name].backup(target)
            target.execute("DELETE FROM sqlite_sequence")
            target.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT name, ? FROM sqlite_master"
                " WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'",
                (self.restores * IDS_PER_TEST,),
            )
            target.commit()
        finally:
            target.close()
