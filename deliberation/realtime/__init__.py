"""Hearth's one real-time package, used by threads, co-writing and the health check alike.

* :mod:`.fanout`: the one transport (Redis pub/sub, or in-process without Redis);
* :mod:`.consumer`: the one base socket (parsing, error frames, close codes, joining);
* :mod:`.presence`: the one presence (how many are here; who has what open).

It lives in ``deliberation`` because threads are its first user and ``proposals``, which
co-writes over it, sits above ``deliberation`` already; it imports no other app.
"""
