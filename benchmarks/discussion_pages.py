"""What a real conversation's discussion pages weigh, and how many queries they take.

    python -m benchmarks.discussion_pages \
        --data ../shared/data/polis/american-assembly.bowling-green

Imports the Pol.is export into a consultation of ``seed_demo`` on a fresh PostgreSQL
database (``hearth_discussion``, dropped and recreated), then fetches the discussion page,
the voting page and the first page of statements as a visitor and as a participant who
has voted on all but a few statements, and prints each page's size in KB and its number
of queries, beside the same pages of the demo's own small discussion. Fails (exit 1) when
a page is over ``--max-kb`` or takes more queries than the small one.
"""

import argparse
import io
import sys
import time
from pathlib import Path

from benchmarks.stack import django_env, fresh_database, machine, seed_demo, table

MAX_KB = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a Pol.is export directory")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_discussion"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--max-kb", type=float, default=MAX_KB)
    args = parser.parse_args()

    env = django_env(args.database_url, args.redis_url)
    fresh_database(args.database_url, env)
    seed_demo(env)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from cms.models import ConsultationPage
    from cms.services import consultation_discussion
    from deliberation.models import Statement, StatementStatus, Vote

    demo = ConsultationPage.objects.live().first()
    assert demo is not None, "seed_demo makes a consultation"
    assert demo.thread is not None, "seed_demo's consultation has a discussion"
    small = demo.thread
    big_page = demo.copy(
        update_attrs={"slug": "imported", "title": f"Imported: {args.data.name}"},
        exclude_fields=["thread"],
        keep_live=True,
    )
    started = time.perf_counter()
    call_command("import_polis", str(args.data), consultation=big_page.slug, stdout=io.StringIO())
    imported_in = time.perf_counter() - started
    big = consultation_discussion(consultation=big_page)
    n_statements = Statement.objects.filter(thread=big, status=StatementStatus.ACCEPTED).count()

    voter = User.objects.create_user("bench-voter@example.org", "x" * 16, display_name="Voter")
    Vote.objects.bulk_create(
        Vote(statement=s, voter=voter, value=1)
        for s in Statement.objects.filter(thread=big, status=StatementStatus.ACCEPTED)[5:]
    )
    Vote.objects.bulk_create(
        Vote(statement=s, voter=voter, value=1)
        for s in Statement.objects.filter(thread=small, status=StatementStatus.ACCEPTED)[:1]
    )

    def fetch(user: User | None, url: str) -> tuple[float, int]:
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url)  # the first request fills the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content) / 1000, len(queries)

    rows = []
    failed = False
    for path, who in [
        ("", None),
        ("", voter),
        ("vote/", voter),
        ("statements/", None),
        ("statements/", voter),
    ]:
        kb, queries = fetch(who, f"/threads/{big.pk}/{path}")
        small_kb, small_queries = fetch(who, f"/threads/{small.pk}/{path}")
        ok = kb <= args.max_kb and queries <= small_queries
        failed |= not ok
        rows.append(
            {
                "page": f"/threads/<id>/{path}",
                "as": "participant" if who else "visitor",
                f"KB ({n_statements} statements)": f"{kb:.1f}",
                "queries": queries,
                "KB (demo)": f"{small_kb:.1f}",
                "queries (demo)": small_queries,
                f"<= {args.max_kb:g} KB, queries constant": "yes" if ok else "NO",
            }
        )
    print(f"{args.data.name}: imported in {imported_in:.1f} s; {machine()}\n")
    print(table(rows))
    if failed:
        print("BENCHMARK FAILED: a page is too heavy or takes more queries", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
