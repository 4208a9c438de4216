"""Wagtail's user admin, adapted to Hearth's user: a display name instead of first and last."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

_FIELDS = ["email", "display_name", "relationship_to_care", "is_superuser", "groups"]


class HearthUserCreationForm(UserCreationForm):
    first_name = None  # Hearth keeps no real names
    last_name = None  # Hearth keeps no real names

    class Meta(UserCreationForm.Meta):
        fields = _FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}


class HearthUserEditForm(UserEditForm):
    first_name = None  # Hearth keeps no real names
    last_name = None  # Hearth keeps no real names

    class Meta(UserEditForm.Meta):
        fields = [*_FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return HearthUserEditForm if for_update else HearthUserCreationForm
