"""Easy read on proposals and on the board's response (its decision)."""

import pytest
from django.test import Client

from accounts.models import User
from proposals import decision_services
from proposals.lifecycle import Stage
from proposals.models import Decision, DecisionEasyReadLine, Outcome, ProposalPage
from tests.factories import UserFactory
from tests.support.easy_read import before, easy_read_stream, picture

NO_EASY_READ = "There is no easy read version of this page yet."


@pytest.fixture
def decision(open_proposal: ProposalPage, member: User) -> Decision:
    ProposalPage.objects.filter(pk=open_proposal.pk).update(stage=Stage.WITH_BOARD)
    open_proposal.refresh_from_db()
    return decision_services.decision_record(
        proposal=open_proposal,
        by=member,
        outcome=Outcome.ADOPTED,
        what_was_heard="People said pay matters most.",
        reasons="Fair pay keeps care workers in their jobs, which people told us matters.",
    )


def _publish_easy_read(proposal: ProposalPage) -> None:
    image = picture()
    proposal.easy_read = easy_read_stream(("Care workers need fair pay.", image, "A pay slip"))
    proposal.save_revision().publish()


@pytest.mark.django_db
def test_a_proposal_shows_the_easy_read_editors_wrote(open_proposal: ProposalPage) -> None:
    _publish_easy_read(open_proposal)
    page = Client().get(open_proposal.url).content.decode()
    assert "Care workers need fair pay." in page
    assert 'alt="A pay slip"' in page
    assert NO_EASY_READ not in page


@pytest.mark.django_db
def test_co_authors_easy_read_summary_shows_one_idea_per_line(
    open_proposal: ProposalPage,
) -> None:
    open_proposal.easy_read_summary = "Pay care workers more.\n\nTrain them well."
    open_proposal.save_revision().publish()
    page = Client().get(open_proposal.url).content.decode()
    assert "<li>Pay care workers more.</li>" in page
    assert "<li>Train them well.</li>" in page


@pytest.mark.django_db
def test_a_proposal_without_easy_read_shows_its_summary(open_proposal: ProposalPage) -> None:
    page = Client().get(open_proposal.url).content.decode()
    assert NO_EASY_READ in page
    assert before(page, NO_EASY_READ, "Here is a short summary:")
    assert page.count("Pay care workers fairly.") == 2  # under the title, and here


@pytest.mark.django_db
def test_a_reader_who_prefers_easy_read_sees_it_first(
    open_proposal: ProposalPage, participant: User
) -> None:
    _publish_easy_read(open_proposal)
    participant.prefers_easy_read = True
    participant.save()
    client = Client()
    client.force_login(participant)
    page = client.get(open_proposal.url).content.decode()
    assert before(page, "Care workers need fair pay.", "Who changed what")
    assert 'href="#full-text">Read the full text</a>' in page


@pytest.mark.django_db
def test_the_board_writes_an_easy_read_response_with_pictures_that_say_what_they_show(
    decision: Decision, member: User, participant: User
) -> None:
    url = f"/write/{decision.proposal_id}/decision/easy-read/"
    outsider = Client()
    outsider.force_login(participant)
    assert outsider.get(url).status_code == 403

    image = picture("Money")
    client = Client()
    client.force_login(member)
    form = client.get(url).content.decode()
    assert "Idea 1" in form
    assert "What the picture shows" in form
    data = {
        "idea-TOTAL_FORMS": "3",
        "idea-INITIAL_FORMS": "0",
        "idea-0-sentence": "We said yes.",
        "idea-0-image": str(image.pk),
        "idea-0-alt_text": "",
        "idea-1-sentence": "Care workers will get more money.",
        "idea-2-sentence": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "There is a problem" in body
    assert "Idea 1: say what the picture shows, for people who cannot see it" in body
    assert not DecisionEasyReadLine.objects.exists()

    data["idea-0-alt_text"] = "A hand holding coins"
    assert client.post(url, data).status_code == 302
    assert [line.sentence for line in decision.easy_read.all()] == [
        "We said yes.",
        "Care workers will get more money.",
    ]
    page = Client().get("/decisions/").content.decode()
    assert "Care workers will get more money." in page
    assert 'alt="A hand holding coins"' in page
    assert before(page, "Fair pay keeps care workers", "We said yes.")


@pytest.mark.django_db
def test_a_decision_without_easy_read_says_so(decision: Decision) -> None:
    page = Client().get("/decisions/").content.decode()
    assert "There is no easy read version of this decision yet." in page
    assert "The decision in short: adopted." in page


@pytest.mark.django_db
def test_editors_find_the_easy_read_panel_for_proposals_in_the_admin(
    open_proposal: ProposalPage,
) -> None:
    editor = UserFactory.create(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    form = client.get(f"/admin/pages/{open_proposal.pk}/edit/").content.decode()
    assert 'data-contentpath="easy_read"' in form
    assert "Easy read version" in form
