"""Wagtail's user admin, adapted to Hearth's user: a display name instead of first and last;
and a chooser that finds a person by search, for the forms that name one (a membership)."""

from typing import Any

import rules
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.models import User
from accounts.selectors import people_found_by

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


# ---- the person chooser -------------------------------------------------------------


class PersonSearchForm(BaseFilterForm):
    """The chooser's search box: it lists nobody until something is typed."""

    q = forms.CharField(
        label=_("Display name or whole email address"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )

    def filter(self, objects: QuerySet[User]) -> QuerySet[User]:
        query = self.cleaned_data.get("q") or ""
        if not query.strip():
            return objects.none()
        self.is_searching = True
        self.search_query = query
        return people_found_by(query)


class OnlyThoseWhoFindPeople:
    """Every view of the chooser, the search and the choice alike, refuses anyone who does
    not set up memberships: the accounts are not for every editor to browse."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not rules.has_perm("accounts.find_people", request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc] # a View mixin


class _Searching:
    filter_form_class = PersonSearchForm
    results_template_name = "accounts/admin/person_chooser_results.html"


class ChoosePersonView(OnlyThoseWhoFindPeople, _Searching, chooser_views.ChooseView):
    pass


class ChoosePersonResultsView(OnlyThoseWhoFindPeople, _Searching, chooser_views.ChooseResultsView):
    pass


class PersonChosenView(OnlyThoseWhoFindPeople, chooser_views.ChosenView):
    pass


class PeopleChosenView(OnlyThoseWhoFindPeople, chooser_views.ChosenMultipleView):
    pass


class NoNewPersonView(OnlyThoseWhoFindPeople, chooser_views.CreateView):
    pass


class PersonChooserViewSet(ChooserViewSet):
    """Choose a person by searching for them, instead of a list of every account. Only the
    forms that ask for it use it (``register_widget`` is off)."""

    model = User
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    page_title = _("Find a person")
    register_widget = False
    choose_view_class = ChoosePersonView
    choose_results_view_class = ChoosePersonResultsView
    chosen_view_class = PersonChosenView
    chosen_multiple_view_class = PeopleChosenView
    create_view_class = NoNewPersonView
