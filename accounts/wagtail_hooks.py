"""Organisations and memberships in the Wagtail admin, for staff who set up councils and boards."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.models import Membership, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
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
    menu_label = "Memberships"
    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation"]
    panels = [FieldPanel("organisation"), FieldPanel("user"), FieldPanel("role")]


class OrganisationGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = "Organisations"
    menu_name = "organisations"


register_snippet(OrganisationGroup)
