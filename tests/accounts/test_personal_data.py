"""Every link from a record to a person has a decided download and erasure treatment."""

import pytest

from accounts.personal_data import POLICY, Erase, key, links_to_people


def test_every_link_to_a_person_is_decided_for_download_and_erasure() -> None:
    links = {key(field): field for field in links_to_people()}
    undecided = sorted(set(links) - set(POLICY))
    assert not undecided, (
        "These fields point at a person but accounts/personal_data.py POLICY does not say "
        f"whether download-my-data includes them or what erasure does with them: {undecided}"
    )
    assert sorted(set(POLICY) - set(links)) == [], "POLICY names fields that no longer exist"


@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_treatment_says_why_and_can_be_applied_to_its_field(name: str) -> None:
    field = {key(f): f for f in links_to_people()}[name]
    treatment = POLICY[name]
    assert len(treatment.why.split()) >= 3, f"{name}: say why in words"
    if treatment.erase == Erase.CLEAR:
        assert field.null, f"{name} cannot be emptied: it is not nullable"
