"""Organisations and memberships in the Wagtail admin, for the site administrators who set up
councils and boards; and the chooser they find people with."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.models import Membership, Organisation
from accounts.viewsets import PersonChooserViewSet

person_chooser = PersonChooserViewSet("person_chooser", url_prefix="people/choose")


@hooks.register("register_admin_viewset")
def register_person_chooser() -> PersonChooserViewSet:
    return person_chooser


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "minimum_consultation_days"]
    list_filter = ["kind"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("minimum_consultation_days"),
    ]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation"]
    panels = [
        FieldPanel("organisation"),
        # Found by search: a list of every account would put them all on the page.
        FieldPanel("user", widget=person_chooser.widget_class),
        FieldPanel("role"),
    ]


class OrganisationGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Organisations")
    menu_name = "organisations"


register_snippet(OrganisationGroup)
