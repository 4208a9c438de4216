"""Who took part, against who lives here: the report's participation table and each
headline and group figure reweighted to the area's mix, on planted numbers."""

import re
from html import unescape

import pytest
from django.test import Client

from accounts.models import RelationshipToCare
from analysis.selectors import votes_by_relationship
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Statement, Vote
from tests.factories import UserFactory, make_consultation
from tests.support.planted_report import AREA, COMMON_GROUND, DIVIDED, plant_reweighted_run
from tests.support.tables import tables_that_cannot_scroll

URL = "/consultations/home-care/report/"
LABEL = "Reweighted to the area's mix"


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def summary(html: str) -> list[str]:
    block = html.split('id="plain-summary"')[1].split("</ul>")[0]
    return [words(line) for line in re.findall(r"<li>(.*?)</li>", block, re.S)]


def participation_rows(html: str) -> dict[str, list[str]]:
    table = html.split('id="who-took-part"')[1].split("</table>")[0]
    rows = {}
    for key, row in re.findall(r'data-relationship="([^"]+)">(.*?)</tr>', table, re.S):
        rows[key] = [words(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    return rows


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    return make_consultation(**AREA)


@pytest.mark.django_db
def test_who_took_part_is_shown_against_the_area_with_each_weight(
    consultation: ConsultationPage,
) -> None:
    plant_reweighted_run(consultation)
    html = Client().get(URL).content.decode()
    rows = participation_rows(html)
    assert rows["draws_on_care"] == [
        "I draw on care and support", "1", "5%", "30%", "5.00 people (capped at 5)",
    ]  # fmt: skip
    assert rows["unpaid_carer"][1:4] == ["11", "55%", "20%"]
    assert rows["care_provider"] == [
        "I run or work for a care provider", "0", "0%", "5%",
        "Nobody took part: cannot be reweighted",
    ]  # fmt: skip
    assert rows["not-stated"] == [
        "Not stated", "2", "10%", "Not part of the area's mix", "Left out of reweighted figures",
    ]  # fmt: skip
    rule = words(html.split('id="reweighting-rule">')[1].split("</p>")[0])
    assert "(source: Census 2021 and Skills for Care, 2024)" in rule
    assert "Only the 18 people counted who said how they relate to care are reweighted" in rule
    assert "No one counts for more than 5 people" in rule
    assert (
        "Nobody counted chose “I run or work for a care provider” or “Other”. A relationship "
        "with nobody taking part cannot be reweighted, so these cannot be: their share of the "
        "area is spread over the others."
    ) in rule
    assert tables_that_cannot_scroll(html) == []


@pytest.mark.django_db
def test_each_headline_and_group_figure_has_its_reweighted_figure_beside_it(
    consultation: ConsultationPage,
) -> None:
    plant_reweighted_run(consultation)
    html = Client().get(URL).content.decode()
    lines = summary(html)
    common = next(line for line in lines if line.startswith("Common ground"))
    assert f"17 of the 20 people who voted on it agreed that “{COMMON_GROUND}”. " in common
    assert f"{LABEL}: 66% agreed." in common
    assert common.rstrip(" .").endswith("Who took part")  # linked to the table
    divided = next(line for line in lines if line.startswith("The groups divide"))
    assert f"{LABEL}: 34% agreed, 66% disagreed and 0% passed." in divided
    group_a = next(line for line in lines if line.startswith("Group A"))
    assert f"{LABEL}, Group A is 72% of the people counted (60% as counted)." in group_a

    groups = words(html.split('id="groups-table"')[1].split("</table>")[0])
    assert "Share, reweighted to the area's mix" in groups
    assert "Group A circle, #1d70b8 12 60% 72%" in groups
    assert "Group B square, #d4351c 8 40% 28%" in groups
    cells = re.findall(r"<td[^>]*data-reweighted>(.*?)</td>", html)
    assert "66% agreed, 34% disagreed and 0% passed" in cells
    divided_table = words(html.split('id="divided-table"')[1].split("</table>")[0])
    assert "Everyone counted, reweighted to the area's mix (per cent) 34% 66% 0%" in divided_table

    data = Client().get(URL + "json/").json()
    assert data["consensus"][0]["reweighted"] == {
        "agree": 66, "disagree": 34, "pass": 0, "people": 18,
    }  # fmt: skip
    assert data["groups"][0]["share"] == {"percent": 60, "reweighted": 72}
    taken_part = {row["key"]: row for row in data["who_took_part"]["relationships"]}
    assert taken_part["draws_on_care"]["capped"] is True
    assert taken_part["care_provider"]["missing"] is True


@pytest.mark.django_db
def test_without_the_area_mix_nothing_is_reweighted_and_the_page_says_so(
    site_tree: object,
) -> None:
    plant_reweighted_run(make_consultation())
    html = Client().get(URL).content.decode()
    assert LABEL not in html
    assert "The consultation does not give the area's mix of relationships to care" in words(html)
    assert participation_rows(html)["unpaid_carer"] == ["I am an unpaid carer", "11", "55%"]
    assert Client().get(URL + "json/").json()["consensus"][0]["reweighted"] is None


@pytest.mark.django_db
def test_a_run_made_before_runs_kept_votes_by_relationship_says_so(
    consultation: ConsultationPage,
) -> None:
    run = plant_reweighted_run(consultation)
    assert run.result is not None
    del run.result["votes_by_relationship"]
    run.save(update_fields=["result"])
    html = Client().get(URL).content.decode()
    assert "Not available for this analysis" in html
    # Group shares need only who is in each group, which such runs kept.
    assert f"{LABEL}, Group A is 72% of the people counted" in words(html)


@pytest.mark.django_db
def test_a_run_keeps_the_votes_of_the_people_counted_by_relationship(
    site_tree: object,
) -> None:
    thread = consultation_discussion(consultation=make_consultation())
    statement = Statement.objects.create(
        thread=thread, author=UserFactory.create(), text=DIVIDED, status="accepted"
    )
    carers = UserFactory.create_batch(3, relationship_to_care=RelationshipToCare.UNPAID_CARER)
    quiet = UserFactory.create(relationship_to_care="")  # did not say
    outside = UserFactory.create(relationship_to_care=RelationshipToCare.CARE_WORKER)
    for person, value in [*zip(carers, [1, 1, -1], strict=True), (quiet, 0), (outside, 1)]:
        Vote.objects.create(statement=statement, voter=person, value=value)
    participants: dict[str, int | None] = {str(p.pk): 0 for p in [*carers, quiet]}
    participants[str(outside.pk)] = None  # voted too little to be placed in a group
    said = {p.pk: p.relationship_to_care for p in [*carers, quiet, outside]}
    kept = votes_by_relationship(thread, {str(statement.pk)}, participants, said)
    assert kept == {str(statement.pk): {"unpaid_carer": [2, 1, 0], "": [0, 0, 1]}}
