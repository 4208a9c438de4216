"""Erase me: the profile goes, public words stay as "Former participant", votes stay only
in the totals, and nothing is half-erased."""

from collections import Counter

import pytest
from django.test import Client

from accounts import services_erasure
from accounts.models import Membership, Notification, User
from accounts.personal_data import links_to_people
from deliberation.models import Flag, Message, PollResponse, ThreadMember, Vote
from deliberation.selectors import tally
from proposals import services as proposals
from proposals.models import ProposalAuthor, RevisionNote, SectionComment
from tests.accounts.conftest import Life
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def vote_matrix() -> Counter[tuple[tuple[int, int], ...]]:
    """Each participant's votes, without who they are: what the analysis clusters."""
    by_voter: dict[int, list[tuple[int, int]]] = {}
    for statement, voter, value in Vote.objects.values_list("statement_id", "voter_id", "value"):
        by_voter.setdefault(voter, []).append((statement, value))
    return Counter(tuple(sorted(votes)) for votes in by_voter.values())


def test_the_page_warns_and_a_wrong_password_erases_nothing(life: Life) -> None:
    client = signed_in(life.sam)
    page = client.get("/account/erase/").content.decode()
    assert "You cannot undo this." in page
    assert "govuk-warning-text" in page
    assert "Former participant" in page
    response = client.post("/account/erase/", {"password": "not my password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The password is not right" in html
    assert User.objects.filter(pk=life.sam.pk, email="sam@example.org").exists()
    assert Vote.objects.filter(voter=life.sam).count() == 2


def test_erasing_removes_the_profile_and_keeps_the_thread_readable(life: Life) -> None:
    tallies = [tally(s.pk) for s in life.statements]
    matrix = vote_matrix()
    client = signed_in(life.sam)
    response = client.post("/account/erase/", {"password": PASSWORD}, follow=True)
    assert "Your account has been erased" in response.content.decode()
    assert not User.objects.filter(pk=life.sam.pk).exists()
    assert not User.objects.filter(email="sam@example.org").exists()
    assert not User.objects.filter(display_name__icontains="Sam").exists()
    # Signed out, and the old password opens nothing.
    assert client.get("/account/details/").status_code == 302
    assert not Client().login(username="sam@example.org", password=PASSWORD)
    # Gone with the account.
    assert not Membership.objects.filter(organisation=life.council).exists()
    assert not Notification.objects.filter(message__contains="respite thread").exists()
    assert not ThreadMember.objects.filter(thread=life.thread, user_id=life.sam.pk).exists()
    # The thread still reads, credited to a former participant who cannot sign in.
    message = Message.objects.select_related("author").get(pk=life.message.pk)
    assert message.body == "My mum needs a break every month"
    former = message.author
    assert former.display_name.startswith("Former participant ")
    assert (former.is_active, former.has_usable_password(), former.relationship_to_care) == (
        False,
        False,
        "",
    )
    thread_page = Client().get(f"/threads/{life.thread.pk}/").content.decode()
    assert "My mum needs a break every month" in thread_page
    assert former.display_name in thread_page
    assert "Sam Okafor" not in thread_page
    assert ProposalAuthor.objects.filter(proposal=life.proposal, user=former).exists()
    assert RevisionNote.objects.get(note="Clearer goal").author == former
    assert SectionComment.objects.get(body="Is 2028 too late?").author == former
    # Votes stay only in the totals and the analysis, on a stand-in that is not the
    # former participant, so the votes do not lead to the words.
    assert [tally(s.pk) for s in life.statements] == tallies
    assert vote_matrix() == matrix
    stand_in = Vote.objects.get(statement=life.statements[1], value=-1).voter
    assert stand_in != former
    assert PollResponse.objects.get(poll=life.poll).respondent == stand_in
    assert Flag.objects.get(reason="Off topic").flagged_by == stand_in
    assert stand_in.display_name not in thread_page


@pytest.mark.django_db(transaction=True)
def test_nothing_points_at_an_erased_person(life: Life) -> None:
    """Committed for real, so PostgreSQL checks every (deferred) foreign key too."""
    pk = life.sam.pk
    services_erasure.account_erase(user=life.sam)
    for link in links_to_people():
        rows = link.model._default_manager.filter(**{link.attname: pk})
        assert not rows.exists(), f"{link.model._meta.label}.{link.name} still points at them"


def test_two_erasures_keep_one_vote_per_person_per_statement(life: Life) -> None:
    services_erasure.account_erase(user=life.sam)
    services_erasure.account_erase(user=life.neighbour)
    for statement in life.statements:
        voters = Vote.objects.filter(statement=statement).values_list("voter_id", flat=True)
        assert len(voters) == len(set(voters)) == 2


def test_a_failure_part_way_erases_nothing(life: Life, monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications and memberships are deleted before the stand-ins are made: a fault at
    that point must roll the deletions back too."""

    def broken(name: str) -> User:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services_erasure, "_stand_in", broken)
    with pytest.raises(RuntimeError):
        services_erasure.account_erase(user=life.sam)
    assert User.objects.filter(pk=life.sam.pk, display_name="Sam Okafor").exists()
    assert Notification.objects.filter(user=life.sam).exists()
    assert Membership.objects.filter(user=life.sam).exists()
    assert Vote.objects.filter(voter=life.sam).count() == 2


def test_a_stand_in_cannot_be_erased_again(life: Life) -> None:
    services_erasure.account_erase(user=life.sam)
    former = Message.objects.get(pk=life.message.pk).author
    with pytest.raises(ValueError, match="already stands in"):
        services_erasure.account_erase(user=former)


def test_notes_hearth_wrote_with_the_name_lose_it(life: Life) -> None:
    suggestion = proposals.suggestion_create(
        proposal=life.proposal,
        section="summary",
        text="Breaks for every unpaid carer.",
        reason="Shorter.",
        author=life.sam,
    )
    proposals.suggestion_accept(suggestion=suggestion, by=life.neighbour)
    note = RevisionNote.objects.get(suggestion=suggestion)
    assert note.note == "Accepted a suggestion from Sam Okafor"
    services_erasure.account_erase(user=life.sam)
    note.refresh_from_db()
    assert note.note.startswith("Accepted a suggestion from Former participant ")
    assert note.note.endswith(Message.objects.get(pk=life.message.pk).author.display_name[-6:])
