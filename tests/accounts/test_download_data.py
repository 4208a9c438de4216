"""Download my data: a zip of JSON and CSV with everything linked to the person."""

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from accounts.personal_data import POLICY, key, links_to_people
from tests.accounts.conftest import Life

pytestmark = pytest.mark.django_db


def download(life: Life) -> zipfile.ZipFile:
    client = Client()
    client.force_login(life.sam)
    page = client.get("/account/your-data/")
    assert page.status_code == 200
    assert "Download your data" in page.content.decode()
    response = client.post("/account/your-data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="hearth-data-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(archive.read(f"{name}.json"))
    as_csv = list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))
    assert len(as_csv) == len(data), f"{name}: the CSV and JSON differ"
    return data


def test_the_zip_holds_everything_about_the_person_and_nothing_about_others(life: Life) -> None:
    archive = download(life)
    (profile,) = rows(archive, "profile")
    assert profile["email"] == "sam@example.org"
    assert profile["display_name"] == "Sam Okafor"
    assert profile["relationship_to_care"] == "unpaid_carer"
    messages = rows(archive, "deliberation.message.author")
    assert [m["body"] for m in messages] == ["My mum needs a break every month"]
    assert messages[0]["thread (name)"] == "Respite for carers"
    votes = rows(archive, "deliberation.vote.voter")
    assert sorted((v["statement"], v["value"]) for v in votes) == sorted(
        [(life.statements[0].pk, 1), (life.statements[1].pk, -1)]
    )
    assert [c["option"] for c in rows(archive, "poll_choices")] == ["Pay"]
    assert len(rows(archive, "deliberation.pollresponse.respondent")) == 1
    assert [f["reason"] for f in rows(archive, "deliberation.flag.flagged_by")] == ["Off topic"]
    (authorship,) = rows(archive, "proposals.proposalauthor.user")
    assert authorship["proposal (name)"] == "Carers' breaks"
    (change,) = rows(archive, "proposals.revisionnote.author")
    assert change["note"] == "Clearer goal"
    assert change["sections"] == ["goal"]
    decided = rows(archive, "proposals.suggestion.decided_by")
    assert [d["status"] for d in decided] == ["accepted"]
    assert rows(archive, "proposals.suggestion.author") == []  # the neighbour suggested it
    assert [c["body"] for c in rows(archive, "proposals.sectioncomment.author")] == [
        "Is 2028 too late?"
    ]
    notes = [n["message"] for n in rows(archive, "accounts.notification.user")]
    assert "Welcome to the respite thread" in notes
    (role,) = rows(archive, "accounts.membership.user")
    assert role["organisation (name)"] == "Northshire Council"
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"neighbour@example.org" not in everything
    assert b"Agreed, and so do I" not in everything
    assert "README.txt" in archive.namelist()


def test_every_exported_link_has_its_own_files_in_the_zip(life: Life) -> None:
    """Built from the model metadata: a new exported link needs no change to the export."""
    names = set(download(life).namelist())
    for field in links_to_people():
        label = f"{field.model._meta.label_lower}.{field.name}"
        expected = {f"{label}.json", f"{label}.csv"}
        if POLICY[key(field)].export:
            assert expected <= names, label
        else:
            assert not expected & names, label


def test_spreadsheet_formulas_in_what_a_person_wrote_are_neutralised(life: Life) -> None:
    life.message.body = '=HYPERLINK("http://evil.example")'
    life.message.save()
    archive = download(life)
    text = archive.read("deliberation.message.author.csv").decode()
    assert "'=HYPERLINK" in text
    assert json.loads(archive.read("deliberation.message.author.json"))[0]["body"].startswith("=")


def test_downloading_needs_signing_in() -> None:
    response = Client().post("/account/your-data/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]
