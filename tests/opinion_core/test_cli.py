"""``python -m analysis``: the JSON contract and one-line errors with exit status 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opinion_core.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = {
    "n_participants",
    "n_statements",
    "n_votes",
    "n_clustered",
    "participants",
    "projection",
    "groups",
    "consensus",
    "divisive",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


@pytest.fixture
def export(polis_data: Path, tmp_path: Path) -> Path:
    """A writable copy of the small London conversation."""
    target = tmp_path / "london"
    shutil.copytree(polis_data / "london.youth.policing", target)
    return target


def test_polis_writes_the_json_contract(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    proc = run("polis", str(export), "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert set(result) >= CONTRACT
    assert (result["n_participants"], result["n_statements"], result["n_votes"]) == (26, 39, 638)
    assert result["participants"]["1"] in {g["id"] for g in result["groups"]}
    assert all(isinstance(k, str) for k in result["projection"])
    assert sum(g["size"] for g in result["groups"]) == result["n_clustered"]
    for group in result["groups"]:
        for item in group["representative"]:
            assert {"statement", "direction", "agree", "disagree", "n", "score"} <= set(item)
            assert len(item["by_group"]) == len(result["groups"])
    for item in result["consensus"]:
        assert {"statement", "direction", "score", "agree", "disagree", "pass"} <= set(item)
    for item in result["divisive"]:
        assert {"statement", "score"} <= set(item)


def test_polis_to_stdout_in_process(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["polis", str(export), "--json", "-"]) == 0
    assert set(json.loads(capsys.readouterr().out)) >= CONTRACT


def test_falls_back_to_participants_votes(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (export / "votes.csv").unlink()
    assert main(["polis", str(export), "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["n_votes"] == 638


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_missing_directory(tmp_path: Path) -> None:
    proc = run("polis", str(tmp_path / "nope"), "--json", "-")
    assert_one_line_error(proc, "nope", "no such directory")


def test_missing_file(export: Path) -> None:
    (export / "comments.csv").unlink()
    assert_one_line_error(run("polis", str(export), "--json", "-"), "comments.csv", "not found")


def test_no_votes_at_all(export: Path) -> None:
    (export / "votes.csv").unlink()
    (export / "participants-votes.csv").unlink()
    assert_one_line_error(run("polis", str(export), "--json", "-"), "votes.csv", "not found")


def test_vote_outside_range_names_file_and_line(export: Path) -> None:
    lines = (export / "votes.csv").read_text().splitlines()
    fields = lines[16].split(",")
    fields[-1] = "2"
    lines[16] = ",".join(fields)
    (export / "votes.csv").write_text("\n".join(lines) + "\n")
    proc = run("polis", str(export), "--json", "-")
    assert_one_line_error(proc, "votes.csv line 17: vote must be -1, 0 or 1, got '2'")


def test_malformed_row_names_file_and_line(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (export / "votes.csv").open("a") as fh:
        fh.write("1658933760180,oops\n")
    n = len((export / "votes.csv").read_text().splitlines())
    assert main(["polis", str(export), "--json", "-"]) == 2
    err = capsys.readouterr().err.strip()
    assert f"votes.csv line {n}: expected 5 fields, got 2" in err
    assert len(err.splitlines()) == 1


def test_bad_cell_in_participants_votes(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (export / "votes.csv").unlink()
    lines = (export / "participants-votes.csv").read_text().splitlines()
    fields = lines[2].split(",")
    fields[-1] = "yes"
    lines[2] = ",".join(fields)
    (export / "participants-votes.csv").write_text("\n".join(lines) + "\n")
    assert main(["polis", str(export), "--json", "-"]) == 2
    err = capsys.readouterr().err
    assert "participants-votes.csv line 3: vote must be -1, 0 or 1, got 'yes'" in err


def test_bad_moderation_value_in_comments(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (export / "comments.csv").read_text().replace(",23,2,1,1,", ",23,2,1,7,", 1)
    (export / "comments.csv").write_text(text)
    assert main(["polis", str(export), "--json", "-"]) == 2
    assert "comments.csv line 2: moderated must be -1, 0 or 1, got '7'" in capsys.readouterr().err


def test_max_groups_option(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["polis", str(export), "--json", "-", "--max-groups", "2"]) == 0
    assert len(json.loads(capsys.readouterr().out)["groups"]) <= 2
    with pytest.raises(SystemExit) as exit_info:
        main(["polis", str(export), "--json", "-", "--max-groups", "0"])
    assert exit_info.value.code == 2
    assert "--max-groups: must be at least 1, got 0" in capsys.readouterr().err


def test_themes_cli(polis_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "themes.json"
    proc = run(
        "themes",
        str(polis_data / "scoop-hivemind.taxes" / "comments.csv"),
        "--text-column",
        "comment-body",
        "--group-column",
        "moderated",
        "--json",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert result["n_texts"] == 148
    assert sum(t["size"] for t in result["themes"]) == 148
    for theme in result["themes"]:
        assert theme["terms"]
        assert theme["label"]
        assert len(theme["quotes"]) <= 3
        assert {b["group"] for b in theme["by_group"]} == set(result["groups"])


def test_themes_cli_missing_column(polis_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = polis_data / "london.youth.policing" / "comments.csv"
    assert main(["themes", str(path), "--text-column", "body", "--json", "-"]) == 2
    err = capsys.readouterr().err
    assert "comments.csv line 1: missing column 'body'" in err


def test_python_m_analysis_loads_no_django_module(export: Path, tmp_path: Path) -> None:
    """The command line runs the core alone: ``-X importtime`` lists every module loaded."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "analysis", "polis", str(export),
         "--json", str(tmp_path / "out.json")],
        capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    assert "opinion_core.matrix" in loaded  # the listing is real
    apps = ("django", "wagtail", "accounts", "cms", "deliberation", "proposals", "config", "common")
    assert not [name for name in loaded if name.split(".")[0] in apps]
