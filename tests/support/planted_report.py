"""A finished analysis with planted numbers: weak groups, one statement of common ground,
one the groups divide on, and votes by relationship to care to reweight, for a
consultation whose area's mix the officer gave.

Group A is 11 unpaid carers and 1 person who draws on care; Group B is 4 care workers,
2 council or NHS staff and 2 people who did not say. The area (:data:`AREA`) has far
more people who draw on care, and nobody here runs or works for a care provider.

Worked by hand (:mod:`opinion_core.reweighting`): on the common ground, the 18 people who
said how they relate to care weigh 5 (draws on care: 0.46 of the area over 0.06 here,
capped), 0.50 (unpaid carers) and 0.69 (care workers, council or NHS staff); 17 of the 20
people counted agreed (85%), reweighted 66% agreed and 34% disagreed. Group A is 60% of
the people counted, reweighted 72%.
"""

from typing import Any

from django.utils import timezone

from analysis.models import AnalysisRun, RunStatus
from analysis.selectors import DETAIL_KEYS
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Statement
from tests.factories import UserFactory

AREA = {
    "area_draws_on_care": 30,
    "area_unpaid_carer": 20,
    "area_care_worker": 10,
    "area_council_nhs_staff": 5,
    "area_care_provider": 5,
    "area_other": 30,
    "area_mix_source": "Census 2021 and Skills for Care, 2024",
}
COMMON_GROUND = "Home care visits should last at least 30 minutes"
DIVIDED = "Council tax should rise to pay for better care"
GROUP_MIX = {
    "0": {"unpaid_carer": 11, "draws_on_care": 1},
    "1": {"care_worker": 4, "council_nhs_staff": 2, "": 2},
}
WEAK = {
    "mean": 0.41, "std": 0.1, "min": 0.31, "max": 0.51, "n_resamples": 10,
    "fraction": 0.8, "refit": "projection and clustering", "weak_below": 0.6, "weak": True,
}  # fmt: skip


def _statement_item(
    pk: int, direction: str, votes: list[int], by_group: list[dict[str, int]]
) -> dict[str, Any]:
    agree, disagree, passes = votes
    return {
        "statement": str(pk), "direction": direction, "score": 1.0, "agree": agree,
        "disagree": disagree, "pass": passes, "n": sum(votes), "voted_by_half": True,
        "by_group": by_group,
    }  # fmt: skip


def plant_reweighted_run(consultation: ConsultationPage) -> AnalysisRun:
    """A succeeded run of the consultation's thread with the numbers above."""
    thread = consultation_discussion(consultation=consultation)
    author = UserFactory.create()
    common, divided = (
        Statement.objects.create(thread=thread, author=author, text=text, status="accepted")
        for text in (COMMON_GROUND, DIVIDED)
    )
    participants: dict[str, int | None] = {str(9000 + i): 0 if i < 12 else 1 for i in range(20)}
    common_item = _statement_item(
        common.pk,
        "agree",
        [17, 2, 1],
        [
            {"group": 0, "agree": 11, "disagree": 1, "pass": 0},
            {"group": 1, "agree": 6, "disagree": 1, "pass": 1},
        ],
    )
    divided_item = _statement_item(
        divided.pk,
        "agree",
        [10, 10, 0],
        [
            {"group": 0, "agree": 10, "disagree": 2, "pass": 0},
            {"group": 1, "agree": 0, "disagree": 8, "pass": 0},
        ],
    )
    result = {
        "n_participants": 20, "n_statements": 2, "n_votes": 40, "n_clustered": 20,
        "count": {
            "people": 20, "people_counted": 20, "statements": 2, "statements_moderated_out": 0,
            "votes": 40, "votes_counted": 40, "min_votes": 1, "min_participants": 15,
            "min_group_size": 5, "common_ground": 1, "divisive": 1,
        },
        "participants": participants,
        "projection": {
            p: [float(i), float(g or 0)] for i, (p, g) in enumerate(participants.items())
        },
        "groups": [
            {"id": 0, "size": 12, "representative": [{**divided_item, "disagree": 2, "n": 12}]},
            {"id": 1, "size": 8, "representative": [
                {**divided_item, "direction": "disagree", "agree": 0, "disagree": 8, "n": 8}
            ]},
        ],
        "consensus": [common_item],
        "divisive": [divided_item],
        "bridging": [],
        "themes": None,
        "stability": WEAK,
        "relationships": GROUP_MIX,
        "votes_by_relationship": {
            str(common.pk): {
                "unpaid_carer": [11, 0, 0], "draws_on_care": [0, 1, 0], "care_worker": [4, 0, 0],
                "council_nhs_staff": [2, 0, 0], "": [0, 1, 1],
            },
            str(divided.pk): {
                "unpaid_carer": [10, 1, 0], "draws_on_care": [0, 1, 0], "care_worker": [0, 4, 0],
                "council_nhs_staff": [0, 2, 0], "": [0, 2, 0],
            },
        },
    }  # fmt: skip
    return AnalysisRun.objects.create(
        thread=thread,
        status=RunStatus.SUCCEEDED,
        progress=100,
        result=result,
        # As analysis.services keeps them: what it found of each person, apart.
        details={key: result.pop(key) for key in DETAIL_KEYS if key in result},
        finished_at=timezone.now(),
    )
