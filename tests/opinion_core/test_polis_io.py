"""Reading Pol.is exports: pyarrow's columnar reader and the csv module's scan agree, and
every problem is one error naming the file and the physical line, whichever reads it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import opinion_core.polis_io as polis_io
from opinion_core.exceptions import ExportError
from opinion_core.polis_io import read_polis_export, read_polis_groups

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS = ["london.youth.policing", "canadian-electoral-reform", "brexit-consensus"]
VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


@pytest.fixture(params=["arrow", "scan"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once through pyarrow (every file counts as large) and once through the
    csv module (none does)."""
    monkeypatch.setattr(polis_io, "ARROW_MIN_BYTES", 0 if request.param == "arrow" else 1 << 60)
    return str(request.param)


@pytest.fixture
def export(polis_data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "london"
    shutil.copytree(polis_data / "london.youth.policing", target)
    return target


def read_both(directory: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    monkeypatch.setattr(polis_io, "ARROW_MIN_BYTES", 1 << 60)
    scanned = read_polis_export(directory)
    monkeypatch.setattr(polis_io, "ARROW_MIN_BYTES", 0)
    return scanned, read_polis_export(directory)


def assert_same_export(a: polis_io.PolisExport, b: polis_io.PolisExport) -> None:
    assert a.matrix.participant_ids.tolist() == b.matrix.participant_ids.tolist()
    assert a.matrix.statement_ids.tolist() == b.matrix.statement_ids.tolist()
    assert (a.matrix.votes != b.matrix.votes).nnz == 0
    assert a.matrix.votes.nnz == b.matrix.votes.nnz
    assert np.array_equal(a.matrix.moderated_out, b.matrix.moderated_out)
    assert np.array_equal(a.matrix.is_meta, b.matrix.is_meta)
    assert a.matrix.n_vote_events == b.matrix.n_vote_events
    assert a.statements == b.statements
    assert a.authors == b.authors
    assert a.polis_groups == b.polis_groups


@pytest.mark.parametrize("conversation", CONVERSATIONS)
def test_both_readers_give_the_same_export(
    polis_data: Path, tmp_path: Path, conversation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanned, fast = read_both(polis_data / conversation, monkeypatch)
    assert_same_export(scanned, fast)  # type: ignore[arg-type]
    # From participants-votes.csv alone, with Pol.is's groups.
    only_pv = tmp_path / conversation
    shutil.copytree(polis_data / conversation, only_pv)
    (only_pv / "votes.csv").unlink(missing_ok=True)
    scanned, fast = read_both(only_pv, monkeypatch)
    assert_same_export(scanned, fast)  # type: ignore[arg-type]
    monkeypatch.setattr(polis_io, "ARROW_MIN_BYTES", 0)
    fast_groups = read_polis_groups(only_pv)
    monkeypatch.setattr(polis_io, "ARROW_MIN_BYTES", 1 << 60)
    assert fast_groups == read_polis_groups(only_pv)


def test_ids_are_read_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spaces around ids go, but "07" and "7" stay two participants, as in the scan."""
    (tmp_path / "comments.csv").write_text("comment-id,moderated\n1,1\n2,1\n")
    (tmp_path / "votes.csv").write_text(
        VOTES_HEADER + "1,,1, 7,1\n2,,1,07,-1\n3,,2,7 ,0\n4,,2,x9,1\n5,,1,7,-1\n"
    )
    scanned, fast = read_both(tmp_path, monkeypatch)
    assert_same_export(scanned, fast)  # type: ignore[arg-type]
    assert fast.matrix.participant_ids.tolist() == ["07", "7", "x9"]  # type: ignore[attr-defined]
    assert fast.matrix.n_votes == 4  # type: ignore[attr-defined]  # 7's second vote on 1 wins


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def error_of(directory: Path) -> str:
    with pytest.raises(ExportError) as caught:
        read_polis_export(directory)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("1658933760180,x,1,1,2", "vote must be -1, 0 or 1, got '2'"),
        ("1658933760180,x,1,1,yes", "vote must be -1, 0 or 1, got 'yes'"),
        ("1658933760180,x,1, ,1", "empty voter-id"),
        ("1658933760180,x,,1,1", "empty comment-id"),
        ("soon,x,1,1,1", "timestamp must be a number, got 'soon'"),
        (",x,1,1,1", "timestamp must be a number, got ''"),
        ("1658933760180,oops", "expected 5 fields, got 2"),
        ('1658933760180,"x,1,1,1', "malformed CSV (unexpected end of data)"),
    ],
)
def test_a_bad_vote_row_names_file_and_line(
    export: Path, reader: str, row: str, expected: str
) -> None:
    votes = export / "votes.csv"
    lines = votes.read_text(encoding="utf-8").splitlines()
    lines[20] = row
    write_lines(votes, lines)
    assert error_of(export) == f"{votes} line 21: {expected}"


def test_a_bad_line_late_in_a_large_file_is_found(tmp_path: Path) -> None:
    """Large enough for pyarrow: the error still names the last line."""
    (tmp_path / "comments.csv").write_text(
        "comment-id,moderated\n" + "".join(f"{s},1\n" for s in range(50))
    )
    n = 60_000
    rows = [f"{i},Wed Jul 27 21:56:00 WIB 2022,{i % 50},{i // 50},{i % 3 - 1}" for i in range(n)]
    rows.append(f"{n},Wed Jul 27 21:56:00 WIB 2022,3,7,maybe")
    votes = tmp_path / "votes.csv"
    write_lines(votes, [VOTES_HEADER.strip(), *rows])
    assert votes.stat().st_size >= polis_io.ARROW_MIN_BYTES
    assert error_of(tmp_path) == f"{votes} line {n + 2}: vote must be -1, 0 or 1, got 'maybe'"
    rows[-1] = f"{n},Wed Jul 27 21:56:00 WIB 2022,3,7,1"
    write_lines(votes, [VOTES_HEADER.strip(), *rows])
    assert read_polis_export(tmp_path).matrix.n_vote_events == n + 1


def test_quoted_newlines_are_counted_as_lines(export: Path, reader: str) -> None:
    comments = export / "comments.csv"
    lines = comments.read_text(encoding="utf-8").splitlines()
    # A comment body over two physical lines, then a bad moderation value.
    lines[1] = lines[1].rsplit(",", 1)[0] + ',"first line\nsecond line"'
    fields = lines[2].split(",")
    fields[6] = "7"
    lines[2] = ",".join(fields)
    write_lines(comments, lines)
    assert error_of(export) == f"{comments} line 4: moderated must be -1, 0 or 1, got '7'"


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (6, "7", "moderated must be -1, 0 or 1, got '7'"),
        (2, " ", "empty comment-id"),
    ],
)
def test_a_bad_comment_row_names_file_and_line(
    export: Path, reader: str, column: int, value: str, expected: str
) -> None:
    comments = export / "comments.csv"
    lines = comments.read_text(encoding="utf-8").splitlines()
    fields = lines[5].split(",")
    fields[column] = value
    lines[5] = ",".join(fields)
    write_lines(comments, lines)
    assert error_of(export) == f"{comments} line 6: {expected}"


def test_a_bad_is_meta_flag(tmp_path: Path, reader: str) -> None:
    comments = tmp_path / "comments.csv"
    write_lines(comments, ["comment-id,moderated,is-meta", "1,1,false", "2,1,perhaps"])
    write_lines(tmp_path / "votes.csv", [VOTES_HEADER.strip(), "1,,1,1,1"])
    assert error_of(tmp_path) == f"{comments} line 3: is-meta must be true or false, got 'perhaps'"


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (-1, "yes", "vote must be -1, 0 or 1, got 'yes'"),
        (-1, "-0", "vote must be -1, 0 or 1, got '-0'"),
        (2, "two", "group-id must be an integer, got 'two'"),
        (0, "", "empty participant"),
    ],
)
def test_a_bad_participants_votes_row_names_file_and_line(
    export: Path, reader: str, column: int, value: str, expected: str
) -> None:
    (export / "votes.csv").unlink()
    pv = export / "participants-votes.csv"
    lines = pv.read_text(encoding="utf-8").splitlines()
    fields = lines[2].split(",")
    fields[column] = value
    lines[2] = ",".join(fields)
    write_lines(pv, lines)
    assert error_of(export) == f"{pv} line 3: {expected}"


def test_header_problems_name_line_1(export: Path, reader: str) -> None:
    votes = export / "votes.csv"
    votes.write_text("timestamp,datetime,comment-id,voter,vote\n1,,1,1,1\n")
    assert error_of(export) == f"{votes} line 1: missing column 'voter-id' in the header"
    votes.write_text("")
    assert error_of(export) == f"{votes} line 1: empty file, expected a header row"


def test_not_utf8_names_the_line(export: Path, reader: str) -> None:
    votes = export / "votes.csv"
    data = votes.read_bytes().splitlines(keepends=True)
    data[9] = data[9].replace(b"WIB", b"W\xffB")
    votes.write_bytes(b"".join(data))
    assert error_of(export) == f"{votes} line 10: is not UTF-8 text"


@pytest.mark.parametrize(("threshold", "imported"), [(None, False), (0, True)])
def test_pyarrow_is_imported_only_for_large_files(
    export: Path, threshold: int | None, imported: bool
) -> None:
    """A small run starts without importing pyarrow (about 0.2 s)."""
    setup = "" if threshold is None else f"polis_io.ARROW_MIN_BYTES = {threshold}; "
    code = (
        "import sys; import opinion_core.polis_io as polis_io; "
        f"{setup}polis_io.read_polis_export({str(export)!r}); "
        "print('pyarrow' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert proc.stdout.strip() == str(imported)
