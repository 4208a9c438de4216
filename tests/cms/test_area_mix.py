"""The officer gives the area's mix of relationships to care on the consultation, in the
Wagtail admin; shares that cannot be used are refused with a message a person can act on."""

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts import services as accounts_services
from accounts.models import MembershipRole, User
from cms.models import AREA_MIX_FIELDS, AREA_MIX_SOURCE_NEEDED, ConsultationPage
from tests.factories import make_consultation
from tests.support.planted_report import AREA

SUM_ERROR = "The area’s mix of relationships to care adds up to 96%. The shares must add up to 100%"


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    return make_consultation()


def errors_of(page: ConsultationPage, **fields: Any) -> dict[str, list[str]]:
    for name, value in fields.items():
        setattr(page, name, value)
    try:
        page.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.django_db
def test_blank_means_no_reweighting(consultation: ConsultationPage) -> None:
    assert errors_of(consultation) == {}
    assert consultation.area_mix() is None


@pytest.mark.django_db
def test_a_mix_that_adds_up_with_its_source_is_kept_and_a_blank_share_is_none(
    consultation: ConsultationPage,
) -> None:
    # 99.5% is 100% within rounding; the blank "everyone else" counts as 0%.
    shares = {**AREA, "area_other": None, "area_draws_on_care": Decimal("59.5")}
    assert errors_of(consultation, **shares) == {}
    mix = consultation.area_mix()
    assert mix is not None
    assert mix["draws_on_care"] == 59.5
    assert mix["other"] == 0.0
    assert set(mix) == set(AREA_MIX_FIELDS)


@pytest.mark.django_db
def test_shares_that_do_not_add_up_to_100_are_refused_saying_by_how_much(
    consultation: ConsultationPage,
) -> None:
    errors = errors_of(consultation, **{**AREA, "area_other": 26})
    assert errors[NON_FIELD_ERRORS][0].startswith(SUM_ERROR)
    assert "from 99% to 101%, to allow for rounding" in errors[NON_FIELD_ERRORS][0]
    assert "or clear them all" in errors[NON_FIELD_ERRORS][0]


@pytest.mark.django_db
def test_a_negative_or_too_large_share_is_refused_on_its_own_field(
    consultation: ConsultationPage,
) -> None:
    errors = errors_of(consultation, **{**AREA, "area_other": -5, "area_unpaid_carer": 150})
    assert errors["area_other"] == ["Give a share of 0% or more."]
    assert errors["area_unpaid_carer"] == ["A share cannot be more than 100%."]
    assert NON_FIELD_ERRORS not in errors  # no sum to check until each share is possible


@pytest.mark.django_db
def test_a_mix_needs_its_source(consultation: ConsultationPage) -> None:
    errors = errors_of(consultation, **{**AREA, "area_mix_source": "  "})
    assert errors == {"area_mix_source": [AREA_MIX_SOURCE_NEEDED]}


@pytest.mark.django_db
def test_an_officer_gives_the_mix_in_the_wagtail_admin_and_is_told_what_to_fix(
    consultation: ConsultationPage,
) -> None:
    officer = User.objects.create_user("priya@example.org", display_name="Priya", is_staff=True)
    officer.groups.add(Group.objects.get(name="Moderators"))
    accounts_services.membership_add(
        organisation=consultation.organisation, user=officer, role=MembershipRole.OFFICER
    )
    client = Client()
    client.force_login(officer)
    url = f"/admin/pages/{consultation.pk}/edit/"
    form_page = client.get(url).content.decode()
    assert "Who lives here: the area&#x27;s mix of relationships to care (optional)" in form_page
    assert 'name="area_unpaid_carer"' in form_page

    def form(**mix: object) -> dict[str, object]:
        return nested_form_data(
            {
                "title": consultation.title,
                "slug": consultation.slug,
                "organisation": consultation.organisation_id,
                "reform_board": "",
                "summary": consultation.summary,
                "open_to_change": consultation.open_to_change,
                "already_decided": "",
                "background": rich_text("Home care visits are often 15 minutes."),
                "options": rich_text("Longer visits."),
                "costs_and_impacts": rich_text("£2m a year."),
                "documents": inline_formset([]),
                "easy_read": streamfield([]),
                "opens_at": consultation.opens_at.strftime("%Y-%m-%d %H:%M"),
                "closes_at": consultation.closes_at.strftime("%Y-%m-%d %H:%M"),
                "what_we_heard": rich_text(""),
                "what_we_decided": rich_text(""),
                "report_easy_read": streamfield([]),
                **{name: "" for name in AREA_MIX_FIELDS.values()},
                "area_mix_source": "",
                **mix,
                "action-publish": "publish",
            }
        )

    refused = client.post(url, form(**{**AREA, "area_other": 26}))
    assert refused.status_code == 200
    assert SUM_ERROR in refused.content.decode()
    consultation.refresh_from_db()
    assert consultation.area_mix() is None

    saved = client.post(url, form(**AREA), follow=True)
    assert saved.status_code == 200
    consultation.refresh_from_db()
    assert consultation.area_mix() == {
        "draws_on_care": 30.0, "unpaid_carer": 20.0, "care_worker": 10.0,
        "council_nhs_staff": 5.0, "care_provider": 5.0, "other": 30.0,
    }  # fmt: skip
    assert consultation.area_mix_source == AREA["area_mix_source"]
