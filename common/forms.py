"""Form helpers every app shares: GOV.UK markup for every form, and service refusals shown
beside the fields they concern."""

from django import forms
from django.forms.renderers import TemplatesSetting

from common.errors import ServiceError


class GovukFormRenderer(TemplatesSetting):
    """Renders every form and field with GOV.UK Design System markup.

    Project templates (``templates/forms/``) take precedence over Django's defaults;
    Wagtail's admin forms render with their own templates and are unaffected.
    """

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def add_service_errors(form: forms.BaseForm, error: ServiceError, field: str | None = None) -> None:
    """Show a service's refusal (each of them, for :class:`common.errors.Refusals`) beside
    the form field it names (``field`` overrides it); errors for fields the form does not
    have go to the top of the form. The one place a refusal becomes a form error."""
    for one in error.each():
        target = field or one.field
        form.add_error(target if target in form.fields else None, one.detail)
