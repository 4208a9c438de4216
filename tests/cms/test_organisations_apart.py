"""In the content admin, an officer changes only their own organisation's pages: another
council's consultation or organisation page cannot be opened, deleted, moved, copied or
unpublished, and a new consultation can only be made for their own organisation."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import Membership, MembershipRole, Organisation, User
from cms.models import ConsultationPage
from tests.factories import OrganisationFactory, UserFactory, make_consultation

pytestmark = pytest.mark.django_db

REFUSED = "This page belongs to another organisation"


def editor(*, officer_of: Organisation | None = None, superuser: bool = False) -> Client:
    """A content editor and moderator (Wagtail's groups), an officer of ``officer_of`` if given."""
    user: User = UserFactory.create(is_staff=True, is_superuser=superuser)
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    if officer_of is not None:
        Membership.objects.create(user=user, organisation=officer_of, role=MembershipRole.OFFICER)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def councils(site_tree: Any) -> dict[str, Any]:
    north, south = OrganisationFactory.create(), OrganisationFactory.create()
    return {
        "north": north,
        "south": south,
        "north_page": make_consultation(organisation=north, slug="north-care"),
        "south_page": make_consultation(organisation=south, slug="south-care"),
    }


@pytest.mark.parametrize("action", ["edit", "delete", "copy", "unpublish"])
def test_an_officer_cannot_touch_another_councils_consultation(
    councils: dict[str, Any], action: str
) -> None:
    client = editor(officer_of=councils["north"])
    south_page = councils["south_page"]
    response = client.post(f"/admin/pages/{south_page.pk}/{action}/", {})
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    south_page.refresh_from_db()
    assert south_page.live
    assert ConsultationPage.objects.filter(pk=south_page.pk).exists()
    if action == "edit":
        assert client.get(f"/admin/pages/{south_page.pk}/edit/").status_code == 403


def test_an_officer_cannot_move_another_councils_consultation(councils: dict[str, Any]) -> None:
    client = editor(officer_of=councils["north"])
    south_page = councils["south_page"]
    parent = south_page.get_parent()
    # Another consultation index: a place a consultation may go.
    destination = parent.copy(update_attrs={"slug": "more-consultations", "title": "More"})
    response = client.post(f"/admin/pages/{south_page.pk}/move/{destination.pk}/confirm/")
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    south_page.refresh_from_db()
    assert south_page.get_parent().pk == parent.pk


def test_an_officer_edits_their_own_councils_consultation(councils: dict[str, Any]) -> None:
    client = editor(officer_of=councils["north"])
    response = client.get(f"/admin/pages/{councils['north_page'].pk}/edit/")
    assert response.status_code == 200


def test_site_administrators_and_editors_for_no_council_edit_any(
    councils: dict[str, Any],
) -> None:
    for client in (editor(superuser=True), editor()):
        response = client.get(f"/admin/pages/{councils['south_page'].pk}/edit/")
        assert response.status_code == 200


def test_a_new_consultation_can_only_be_for_ones_own_council(councils: dict[str, Any]) -> None:
    officer = UserFactory.create(is_staff=True)
    Membership.objects.create(
        user=officer, organisation=councils["north"], role=MembershipRole.OFFICER
    )
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    form = form_class(instance=ConsultationPage(), for_user=officer)
    choices = set(form.fields["organisation"].queryset.values_list("pk", flat=True))
    assert choices == {councils["north"].pk}
    with pytest.raises(ValidationError):
        form.fields["organisation"].clean(councils["south"].pk)
