"""The one error type for services and its one translation into forms and HTTP statuses."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from common.errors import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    RATE_LIMITED,
    Refusals,
    ServiceError,
    as_validation_error,
    from_validation_error,
    http_status,
    refuse,
)
from common.forms import add_service_errors


class TwoFields(forms.Form):
    name = forms.CharField(required=False)
    reason = forms.CharField(required=False)


@pytest.mark.parametrize(
    ("code", "status"),
    [(FORBIDDEN, 403), (CONFLICT, 409), (RATE_LIMITED, 429), ("empty", 400), (INVALID, 400)],
)
def test_the_status_of_a_page_showing_a_refusal(code: str, status: int) -> None:
    assert http_status(ServiceError(code, "No.")) == status


def test_refuse_raises_nothing_the_one_refusal_or_all_of_them() -> None:
    refuse([])
    one = ServiceError("empty", "Enter a name", field="name")
    with pytest.raises(ServiceError) as raised:
        refuse([one])
    assert raised.value is one
    other = ServiceError("too_long", "The reason must be 10 characters or fewer", field="reason")
    with pytest.raises(Refusals) as both:
        refuse([one, other])
    assert both.value.code == INVALID
    assert both.value.each() == (one, other)
    assert both.value.detail == "Enter a name. The reason must be 10 characters or fewer."


def test_each_refusal_is_shown_beside_its_field_and_the_rest_at_the_top() -> None:
    form = TwoFields({"name": "", "reason": ""})
    assert form.is_valid()
    add_service_errors(
        form,
        Refusals(
            [
                ServiceError("empty", "Enter a name", field="name"),
                ServiceError("forbidden", "You cannot do this"),
                ServiceError("unknown", "Not a field of this form", field="elsewhere"),
            ]
        ),
    )
    assert form.errors == {
        "name": ["Enter a name"],
        "__all__": ["You cannot do this", "Not a field of this form"],
    }


def test_djangos_model_validation_becomes_the_same_refusal_and_back() -> None:
    error = from_validation_error(
        ValidationError(
            {
                "name": [ValidationError("Enter a name", code="blank")],
                "__all__": [ValidationError("Something else", code="other")],
            }
        )
    )
    assert [(one.code, one.field, one.detail) for one in error.each()] == [
        ("blank", "name", "Enter a name"),
        ("other", None, "Something else"),
    ]
    assert as_validation_error(error).message_dict == {
        "name": ["Enter a name"],
        "__all__": ["Something else"],
    }
