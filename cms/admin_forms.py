"""The content admin's page forms, organisations apart."""

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

from accounts.selectors import officer_organisation_ids


class OwnOrganisationPageForm(WagtailAdminPageForm):
    """An officer chooses only among the organisations they are an officer of, so they
    cannot make a consultation or an organisation page for another council."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        user = self.for_user
        if field is None or user is None or user.is_superuser:
            return
        mine = officer_organisation_ids(user)
        if mine:
            field.queryset = field.queryset.filter(pk__in=mine)
