from dataclasses import dataclass
from importlib import import_module

import pytest

from accounts.models import MembershipRole, Organisation, RelationshipToCare, User
from accounts.services import membership_add, notification_send
from cms.models import HomePage, ProposalIndexPage
from deliberation.models import Message, Poll, Statement, Thread
from deliberation.services import member_add, message_flag, message_post, poll_answer, vote_cast
from proposals import services as proposals
from proposals.models import ProposalPage, Theme
from tests.factories import (
    OrganisationFactory,
    PollFactory,
    StatementFactory,
    ThreadFactory,
    UserFactory,
)


@dataclass
class Life:
    """A person who has done a bit of everything, and a neighbour who did the same things."""

    sam: User
    neighbour: User
    thread: Thread
    message: Message
    statements: list[Statement]
    poll: Poll
    proposal: ProposalPage
    council: Organisation


@pytest.fixture
def life(site_tree: HomePage) -> Life:
    for name, slug in import_module("proposals.migrations.0002_themes").THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    sam = UserFactory.create(
        display_name="Sam Okafor",
        email="sam@example.org",
        relationship_to_care=RelationshipToCare.UNPAID_CARER,
    )
    neighbour = UserFactory.create(display_name="Neighbour", email="neighbour@example.org")
    council = OrganisationFactory.create(name="Northshire Council")
    membership_add(organisation=council, user=sam, role=MembershipRole.FACILITATOR)
    thread = ThreadFactory.create(title="Respite for carers")
    member_add(thread=thread, user=sam)
    message = message_post(user=sam, thread=thread, body="My mum needs a break every month")
    message_post(user=neighbour, thread=thread, body="Agreed, and so do I")
    statements = StatementFactory.create_batch(2, thread=thread)
    for person, values in ((sam, (1, -1)), (neighbour, (1, 1))):
        for statement, value in zip(statements, values, strict=True):
            vote_cast(user=person, thread_id=thread.pk, statement_id=statement.pk, value=value)
    poll = PollFactory.create(thread=thread, question="What first?")
    poll_answer(user=sam, poll=poll, ranking=[poll.options.get(text="Pay").pk])
    neighbours_message = Message.objects.get(author=neighbour)
    message_flag(user=sam, message=neighbours_message, reason="Off topic")
    index = ProposalIndexPage.objects.get()
    proposal = proposals.proposal_create(
        index=index, author=neighbour, title="Carers' breaks", summary="Breaks for carers."
    )
    proposals.coauthor_add(proposal=proposal, by=neighbour, user=sam)
    proposal = proposals.proposal_open(proposal=proposal, by=neighbour)
    suggestion = proposals.suggestion_create(
        proposal=proposal,
        section="goal",
        text="A week of respite a year by 2028.",
        reason="Measurable.",
        author=neighbour,
    )
    proposals.suggestion_accept(suggestion=suggestion, by=sam, note="Clearer goal")
    proposals.comment_post(proposal=proposal, section="goal", author=sam, body="Is 2028 too late?")
    notification_send(user=sam, message="Welcome to the respite thread")
    return Life(
        sam=sam,
        neighbour=neighbour,
        thread=thread,
        message=message,
        statements=statements,
        poll=poll,
        proposal=proposal,
        council=council,
    )
