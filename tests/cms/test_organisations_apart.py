"""In the content admin, an officer changes only their own organisation's pages: whichever
admin view they use (the editor, delete, copy, move, unpublish, locks, view restrictions,
bulk actions), another council's consultation or organisation page stays as it was, and a
new consultation can only be made for their own organisation."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import Membership, MembershipRole, Organisation, User
from analysis.rules import can as analysis_can
from cms.models import ConsultationPage
from cms.rules import can as cms_can
from tests.factories import OrganisationFactory, UserFactory, make_consultation

pytestmark = pytest.mark.django_db

REFUSED = "Sorry, you do not have permission to access this area."


def editor(*, officer_of: Organisation | None = None, superuser: bool = False) -> Client:
    """A content editor and moderator (Wagtail's groups), an officer of ``officer_of`` if given."""
    user: User = UserFactory.create(is_staff=True, is_superuser=superuser)
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    if officer_of is not None:
        Membership.objects.create(user=user, organisation=officer_of, role=MembershipRole.OFFICER)
    client = Client()
    client.force_login(user)
    return client


def assert_refused(response: Any) -> None:
    """Wagtail's own refusal: back to the admin's home, saying so."""
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.fixture
def councils(site_tree: Any) -> dict[str, Any]:
    north, south = OrganisationFactory.create(), OrganisationFactory.create()
    return {
        "north": north,
        "south": south,
        "north_page": make_consultation(organisation=north, slug="north-care"),
        "south_page": make_consultation(organisation=south, slug="south-care"),
    }


@pytest.mark.parametrize("action", ["edit", "delete", "copy", "unpublish", "lock", "privacy"])
def test_an_officer_cannot_touch_another_councils_consultation(
    councils: dict[str, Any], action: str
) -> None:
    client = editor(officer_of=councils["north"])
    south_page = councils["south_page"]
    assert_refused(client.post(f"/admin/pages/{south_page.pk}/{action}/", {}))
    south_page.refresh_from_db()
    assert south_page.live
    assert not south_page.locked
    assert not south_page.view_restrictions.exists()
    assert REFUSED in client.get("/admin/").content.decode()
    if action != "lock":  # locking has no page of its own, only the POST
        assert_refused(client.get(f"/admin/pages/{south_page.pk}/{action}/"))


def test_an_officer_cannot_move_another_councils_consultation(councils: dict[str, Any]) -> None:
    client = editor(officer_of=councils["north"])
    south_page = councils["south_page"]
    parent = south_page.get_parent()
    # Another consultation index: a place a consultation may go.
    destination = parent.copy(update_attrs={"slug": "more-consultations", "title": "More"})
    assert_refused(client.post(f"/admin/pages/{south_page.pk}/move/{destination.pk}/confirm/"))
    south_page.refresh_from_db()
    assert south_page.get_parent().pk == parent.pk


@pytest.mark.parametrize("action", ["unpublish", "delete", "publish"])
def test_bulk_actions_pass_over_another_councils_consultation(
    councils: dict[str, Any], action: str
) -> None:
    """Bulk actions act only on the pages a person may change: the officer's own council's
    consultation is acted on, the other council's is left as it was."""
    north_page, south_page = councils["north_page"], councils["south_page"]
    south_page.title = "A draft title nobody has published"
    south_page.save_revision()
    client = editor(officer_of=councils["north"])
    url = f"/admin/bulk/wagtailcore/page/{action}/?id={north_page.pk}&id={south_page.pk}"
    page = client.get(url).content.decode()
    assert "have permission to" in page  # "You don't have permission to publish this page"
    client.post(url, {"include_descendants": ""})
    south_page = ConsultationPage.objects.get(pk=south_page.pk)
    assert south_page.live
    assert south_page.title == "Home care in Northshire"
    north = ConsultationPage.objects.filter(pk=north_page.pk).first()
    acted_on = {"unpublish": north is not None and not north.live, "delete": north is None}
    assert acted_on.get(action, True)


def test_the_page_explorer_offers_no_edit_of_another_councils_consultation(
    councils: dict[str, Any],
) -> None:
    client = editor(officer_of=councils["north"])
    listing = client.get(f"/admin/pages/{councils['north_page'].get_parent().pk}/")
    html = listing.content.decode()
    assert f"/admin/pages/{councils['north_page'].pk}/edit/" in html
    assert f"/admin/pages/{councils['south_page'].pk}/edit/" not in html


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


def test_staff_who_are_another_councils_officer_do_not_act_for_this_one() -> None:
    """Outside the admin too: running a consultation's analysis, seeing its small groups
    and its officers' warnings belong to its own council and the site's own editors."""
    ours, theirs = OrganisationFactory.create(), OrganisationFactory.create()
    consultation = make_consultation(organisation=ours)
    their_officer = UserFactory.create(is_staff=True)
    Membership.objects.create(user=their_officer, organisation=theirs, role=MembershipRole.OFFICER)
    our_officer = UserFactory.create(is_staff=True)
    Membership.objects.create(user=our_officer, organisation=ours, role=MembershipRole.OFFICER)
    site_editor = UserFactory.create(is_staff=True)  # nobody's officer
    for rule in ("analysis.request_run", "analysis.see_small_groups"):
        assert not analysis_can(their_officer, rule, consultation)
        assert analysis_can(our_officer, rule, consultation)
        assert analysis_can(site_editor, rule, consultation)
    assert not cms_can(their_officer, "cms.manage_consultation", consultation)
    assert cms_can(our_officer, "cms.manage_consultation", consultation)
    assert cms_can(site_editor, "cms.manage_consultation", consultation)
