from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form and field with GOV.UK Design System markup.

    Project templates (``templates/forms/``) take precedence over Django's defaults;
    Wagtail's admin forms render with their own templates and are unaffected.
    """

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
