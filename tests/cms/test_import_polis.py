"""Importing a Pol.is export into a consultation gives the same opinion groups as the CLI."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from sklearn.metrics import adjusted_rand_score

from accounts.models import User
from analysis.votes import thread_opinion_groups, thread_vote_triples
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
from opinion_core.polis_io import read_polis_export
from opinion_core.report import opinion_groups_report
from tests.factories import make_consultation

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
