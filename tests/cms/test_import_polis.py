"""Importing a Pol.is export into a consultation gives the same opinion groups as the CLI."""

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from sklearn.metrics import adjusted_rand_score

import opinion_core.polis_io as polis_io
from accounts.models import User
from analysis.votes import thread_opinion_groups, thread_vote_triples
from cms import imports
from cms.imports import MODERATED_OUT_REASON
from cms.models import ConsultationPage
from deliberation.models import (
    STATEMENT_MAX_LENGTH,
    ImportedRecord,
    ImportedRecordKind,
    Statement,
    StatementStatus,
    Vote,
)
from deliberation.selectors import counted_votes
from opinion_core.polis_io import read_polis_export
from opinion_core.report import opinion_groups_report
from tests.factories import ThreadFactory, make_consultation

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"


def run_import(directory: Path | str, slug: str = "home-care") -> str:
    out = io.StringIO()
    call_command("import_polis", str(directory), consultation=slug, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Statement.objects.count(),
        Vote.objects.count(),
        ImportedRecord.objects.count(),
    )


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    return make_consultation()


def pids_by_user(page: ConsultationPage) -> dict[str, str]:
    assert page.thread is not None
    return {
        str(user_id): pid
        for pid, user_id in ImportedRecord.objects.filter(
            thread=page.thread, kind=ImportedRecordKind.PARTICIPANT
        ).values_list("external_id", "user_id")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("conversation", ["london.youth.policing", "canadian-electoral-reform"])
def test_imported_thread_has_the_same_opinion_groups_as_the_cli(
    consultation: ConsultationPage, conversation: str
) -> None:
    directory = POLIS / conversation
    output = run_import(directory)
    consultation.refresh_from_db()
    thread = consultation.thread
    assert thread is not None

    expected = opinion_groups_report(read_polis_export(directory).matrix)
    got = thread_opinion_groups(thread)

    assert got["n_votes"] == expected["n_votes"]
    assert got["n_participants"] == expected["n_participants"]
    assert got["n_statements"] == expected["n_statements"]
    assert got["n_clustered"] == expected["n_clustered"]
    assert len(got["groups"]) == len(expected["groups"]) >= 2
    to_pid = pids_by_user(consultation)
    ours = {to_pid[user]: group for user, group in got["participants"].items()}
    pids = sorted(expected["participants"])
    assert sorted(ours) == pids
    as_label = [-1 if g is None else g for g in (ours[p] for p in pids)]
    theirs = [-1 if g is None else g for g in (expected["participants"][p] for p in pids)]
    assert adjusted_rand_score(theirs, as_label) == 1.0

    # Progress per stage, then a summary.
    assert "Participants:" in output
    assert "Statements:" in output
    assert f"Votes: {expected['n_votes']} created" in output
    assert "Imported Pol.is conversation" in output


@pytest.mark.django_db
def test_moderation_long_comments_and_pseudonymous_participants(
    consultation: ConsultationPage,
) -> None:
    directory = POLIS / "canadian-electoral-reform"
    export = read_polis_export(directory)
    run_import(directory)
    consultation.refresh_from_db()
    thread = consultation.thread
    assert thread is not None

    n_out = int(export.matrix.moderated_out.sum())
    rejected = Statement.objects.filter(thread=thread, status=StatementStatus.REJECTED)
    assert rejected.count() == n_out > 0
    assert set(rejected.values_list("rejection_reason", flat=True)) == {MODERATED_OUT_REASON}
    accepted = Statement.objects.filter(thread=thread, status=StatementStatus.ACCEPTED)
    assert accepted.count() == export.matrix.n_statements - n_out

    # Comments longer than a statement may be: shortened visibly, the full text kept.
    long_ones = {sid: t for sid, t in export.statements.items() if len(t) > STATEMENT_MAX_LENGTH}
    assert long_ones
    for record in ImportedRecord.objects.filter(external_id__in=long_ones, kind="statement"):
        assert record.statement is not None
        assert record.full_text == long_ones[record.external_id]
        assert len(record.statement.text) <= STATEMENT_MAX_LENGTH
        assert record.statement.text.endswith("…")

    # Accepted-only triples leave out the votes on moderated-out statements.
    participants, statements, values = thread_vote_triples(thread)
    assert len(participants) == len(statements) == len(values)
    assert set(statements.tolist()) <= set(accepted.values_list("pk", flat=True))
    on_out = int(export.matrix.votes[:, export.matrix.moderated_out].nnz)
    assert len(values) == export.matrix.n_votes - on_out

    person = User.objects.get(email="polis-canadian-electoral-reform-1@import.invalid")
    assert not person.is_active
    assert not person.has_usable_password()
    assert len(person.display_name) <= 50


@pytest.mark.django_db
def test_votes_written_in_many_small_batches_are_exactly_the_exports(
    consultation: ConsultationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches far smaller than a statement's votes: each statement's votes span several,
    # and a batch ends partway through the statements.
    monkeypatch.setattr(imports, "COPY_BATCH_VOTES", 97)
    monkeypatch.setattr(imports, "VOTE_BATCH_SIZE", 97)
    directory = POLIS / "brexit-consensus"
    run_import(directory)
    consultation.refresh_from_db()
    thread = consultation.thread
    assert thread is not None
    pid = pids_by_user(consultation)
    sid = {
        str(pk): external
        for external, pk in ImportedRecord.objects.filter(
            thread=thread, kind=ImportedRecordKind.STATEMENT
        ).values_list("external_id", "statement_id")
    }
    stored = [
        (pid[str(voter)], sid[str(statement)], value)
        for statement, voter, value in Vote.objects.filter(statement__thread=thread).values_list(
            "statement_id", "voter_id", "value"
        )
    ]
    matrix = read_polis_export(directory).matrix
    votes = matrix.votes.tocoo()
    expected = {
        (str(matrix.participant_ids[row]), str(matrix.statement_ids[column]), int(value))
        for row, column, value in zip(votes.row, votes.col, votes.data, strict=True)
    }
    assert len(stored) == len(expected) > 97 * 10
    assert set(stored) == expected


@pytest.mark.django_db
def test_importing_twice_changes_nothing(consultation: ConsultationPage) -> None:
    directory = POLIS / "london.youth.policing"
    run_import(directory)
    before = counts()
    output = run_import(directory)
    assert counts() == before
    assert "Votes: 0 created" in output
    assert "nothing changed" in output


@pytest.mark.django_db
def test_a_vote_of_2_is_refused_naming_file_and_line(
    consultation: ConsultationPage, tmp_path: Path
) -> None:
    broken = tmp_path / "london.youth.policing"
    shutil.copytree(POLIS / "london.youth.policing", broken)
    votes = broken / "votes.csv"
    lines = votes.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\n").rsplit(",", 1)[0] + ",2\n"
    votes.write_text("".join(lines), encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError) as caught:
        run_import(broken)

    message = str(caught.value)
    assert f"{votes} line 5" in message
    assert "vote must be -1, 0 or 1, got '2'" in message
    assert "\n" not in message
    assert caught.value.returncode != 0  # manage.py exits with it
    assert counts() == before


@pytest.mark.django_db
def test_a_missing_directory_is_refused(consultation: ConsultationPage, tmp_path: Path) -> None:
    before = counts()
    with pytest.raises(CommandError) as caught:
        run_import(tmp_path / "nowhere")
    assert str(caught.value) == f"{tmp_path / 'nowhere'}: no such directory"
    assert counts() == before


@pytest.mark.django_db
def test_an_unknown_consultation_is_refused(consultation: ConsultationPage) -> None:
    before = counts()
    with pytest.raises(CommandError, match="no consultation with the slug 'elsewhere'"):
        run_import(POLIS / "london.youth.policing", slug="elsewhere")
    assert counts() == before


def latest_votes_in_export(directory: Path) -> set[tuple[str, str, int]]:
    matrix = read_polis_export(directory).matrix
    cells = matrix.votes.tocoo()
    return {
        (matrix.participant_ids[r], matrix.statement_ids[c], int(v))
        for r, c, v in zip(cells.row, cells.col, cells.data, strict=True)
    }


def imported_votes(page: ConsultationPage) -> set[tuple[str, str, int]]:
    assert page.thread is not None
    records = ImportedRecord.objects.filter(thread=page.thread)
    pid = dict(records.filter(kind="participant").values_list("user_id", "external_id"))
    sid = dict(records.filter(kind="statement").values_list("statement_id", "external_id"))
    return {
        (pid[voter], sid[statement], value)
        for voter, statement, value in Vote.objects.filter(
            statement__thread=page.thread
        ).values_list("voter_id", "statement_id", "value")
    }


@pytest.mark.django_db
def test_the_stored_votes_are_the_exports_latest_votes(consultation: ConsultationPage) -> None:
    """On PostgreSQL through binary COPY, elsewhere bulk_create: the same rows."""
    directory = POLIS / "canadian-electoral-reform"
    run_import(directory)
    consultation.refresh_from_db()
    assert imported_votes(consultation) == latest_votes_in_export(directory)
    assert consultation.thread is not None
    votes = Vote.objects.filter(statement__thread=consultation.thread)
    assert not votes.filter(supporter__isnull=False).exists()
    for created, modified in votes.values_list("created", "modified"):
        assert abs((timezone.now() - created).total_seconds()) < 120
        assert abs((modified - created).total_seconds()) < 1
    # The accounts went in as unusable, inactive and named as before.
    person = User.objects.get(email="polis-canadian-electoral-reform-1@import.invalid")
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.display_name.startswith("Pol.is participant 1 ")


@pytest.mark.django_db
def test_a_reimport_restores_missing_votes_and_leaves_the_rest(
    consultation: ConsultationPage,
) -> None:
    directory = POLIS / "london.youth.policing"
    run_import(directory)
    consultation.refresh_from_db()
    assert consultation.thread is not None
    votes = Vote.objects.filter(statement__thread=consultation.thread).order_by("pk")
    gone = list(votes.values_list("pk", flat=True)[:5])
    Vote.objects.filter(pk__in=gone).delete()
    changed = votes.first()
    assert changed is not None
    changed.value = 1 if changed.value != 1 else -1
    changed.save()

    output = run_import(directory)

    assert "Votes: 5 created" in output
    expected = latest_votes_in_export(directory)
    assert len(imported_votes(consultation)) == len(expected)
    changed.refresh_from_db()
    assert changed.value in (1, -1)  # the person's own change stands
    assert len(imported_votes(consultation) - expected) == 1


@pytest.mark.django_db
def test_a_bad_line_late_in_a_large_export_writes_nothing(
    consultation: ConsultationPage, tmp_path: Path
) -> None:
    export = tmp_path / "late-error"
    export.mkdir()
    (export / "comments.csv").write_text(
        "comment-id,author-id,moderated,comment-body\n"
        + "".join(f"{s},{s},1,Statement {s}\n" for s in range(40))
    )
    n = 60_000  # a file of over a megabyte: read by pyarrow
    rows = [f"{i},Wed Jul 27 21:56:00 WIB 2022,{i % 40},{i // 40},{i % 3 - 1}" for i in range(n)]
    rows.append(f"{n},Wed Jul 27 21:56:00 WIB 2022,3,7,11")
    votes = export / "votes.csv"
    votes.write_text("timestamp,datetime,comment-id,voter-id,vote\n" + "\n".join(rows) + "\n")
    assert votes.stat().st_size >= polis_io.ARROW_MIN_BYTES
    before = counts()

    with pytest.raises(CommandError) as caught:
        run_import(export)

    assert str(caught.value) == f"{votes} line {n + 2}: vote must be -1, 0 or 1, got '11'"
    assert counts() == before
    consultation.refresh_from_db()
    assert (
        consultation.thread is None
        or not Vote.objects.filter(statement__thread=consultation.thread).exists()
    )


@pytest.mark.django_db
def test_a_failure_while_writing_votes_leaves_nothing(
    consultation: ConsultationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: accounts and statements written before the votes go too."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports, "_vote_batches", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        run_import(POLIS / "london.youth.policing")
    assert counts() == before


@pytest.mark.django_db
def test_a_run_reads_the_votes_the_database_holds(consultation: ConsultationPage) -> None:
    """A run's votes, read as a run reads them: by binary COPY on PostgreSQL (CI's second
    pass), through the ORM elsewhere; the same rows either way, typed as the core wants."""
    run_import(POLIS / "canadian-electoral-reform")
    consultation.refresh_from_db()
    assert consultation.thread is not None
    voters, statements, values = thread_vote_triples(consultation.thread)
    assert voters.dtype == statements.dtype == np.int64
    assert values.dtype == np.int8
    got = sorted(zip(voters.tolist(), statements.tolist(), values.tolist(), strict=True))
    held = counted_votes(consultation.thread).filter(statement__status=StatementStatus.ACCEPTED)
    assert got == sorted(held.values_list("voter_id", "statement_id", "value"))
    assert len(got) > 1000
    assert [len(a) for a in thread_vote_triples(ThreadFactory.create())] == [0, 0, 0]
