"""Render a Django form field's widget with GOV.UK Frontend classes and ARIA links."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_ERROR_CLASS = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_widget(field: BoundField, css_class: str, extra_class: str = "") -> SafeString:
    classes = [css_class]
    if extra_class:
        classes.append(extra_class)
    if field.errors and css_class in _ERROR_CLASS:
        classes.append(_ERROR_CLASS[css_class])
    attrs: dict[str, str | bool] = {"class": " ".join(classes)}
    if description := described_by(field):
        attrs["aria-describedby"] = description
    return field.as_widget(attrs=attrs)


@register.filter
def govuk_described_by(field: BoundField) -> str:
    return described_by(field)
