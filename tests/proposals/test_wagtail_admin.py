"""CMS editors get Wagtail's own machinery on proposals; co-authors respect its locks."""

import pytest
from django.test import Client

from accounts.models import User
from common.errors import ServiceError
from proposals import services
from proposals.models import ProposalPage
from proposals.selectors import latest_revision, revisions_of
from tests.factories import UserFactory


@pytest.fixture
def editor_client(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_editors_edit_preview_and_see_revisions_in_the_admin(
    editor_client: Client, open_proposal: ProposalPage, lead: User
) -> None:
    services.section_save(
        proposal=open_proposal,
        section="problem",
        text="Written in Hearth.",
        base_revision_id=latest_revision(open_proposal).pk,
        author=lead,
    )
    edit = editor_client.get(f"/admin/pages/{open_proposal.pk}/edit/")
    assert edit.status_code == 200
    assert "Written in Hearth." in edit.content.decode()
    history = editor_client.get(f"/admin/pages/{open_proposal.pk}/history/")
    assert history.status_code == 200
    assert revisions_of(open_proposal).count() == 2  # started, then the problem written
    preview = editor_client.get(f"/admin/pages/{open_proposal.pk}/edit/preview/")
    assert preview.status_code == 200


@pytest.mark.django_db
def test_a_page_locked_in_the_admin_refuses_co_author_saves(
    open_proposal: ProposalPage, lead: User, co_author: User
) -> None:
    editor = UserFactory.create(is_staff=True)
    ProposalPage.objects.filter(pk=open_proposal.pk).update(locked=True, locked_by=editor)
    open_proposal.refresh_from_db()
    before = revisions_of(open_proposal).count()
    with pytest.raises(ServiceError, match="locked this proposal"):
        services.section_save(
            proposal=open_proposal,
            section="problem",
            text="Sneaky.",
            base_revision_id=latest_revision(open_proposal).pk,
            author=co_author,
        )
    assert revisions_of(open_proposal).count() == before
