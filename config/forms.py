from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form and field with GOV.UK Design System markup.

    Project templates (``templates/forms/``) take precedence over Django's defaults;
    Wagtail's admin forms render with their own templates and are unaffected.
    """

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError beside the form fields it names (model field names);
    errors for fields the form does not have go to the top of the form."""
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
