"""The demo consultation's discussion: enough people, statements, votes and messages for a
board report with real opinion groups and themes, and one analysis run of it.

Three made-up outlooks (carers first, care workers first, home first) each vote in their
own way, with a little noise from a fixed seed, so the groups are clear and the same on
every machine. Idempotent: people are matched by email, and the discussion and the
analysis are added only if the thread has none yet.
"""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import RelationshipToCare, User
from analysis.models import AnalysisRun, RunStatus
from analysis.services import analysis_run_now
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import Message, Statement, Thread, Vote
from deliberation.services.messages import message_post
from deliberation.services.statements import statement_submit

SEED = 2026
PEOPLE_DOMAIN = "people.hearth.example"
R = RelationshipToCare

# Each statement, and how each outlook votes on it: 1 agree, -1 disagree, 0 pass.
# Columns: carers first, care workers first, home first.
STATEMENTS: list[tuple[str, tuple[int, int, int]]] = [
    ("Every unpaid carer should be guaranteed a break at least once a month.", (1, 1, 0)),
    ("A cancelled break should be rebooked within two weeks.", (1, 0, 0)),
    ("Care workers should be paid at least the real living wage.", (0, 1, 1)),
    ("Travel time between visits should be paid.", (0, 1, -1)),
    ("Fifteen-minute home care visits should end.", (1, 1, 1)),
    ("Home adaptations should be fitted within six weeks of asking.", (0, -1, 1)),
    ("Money should go to home technology before more care homes.", (-1, -1, 1)),
    ("Council tax should rise to pay for better care.", (1, 1, -1)),
    ("Carers' assessments should be done by people who have been carers.", (1, -1, 0)),
    ("Care workers should have guaranteed hours, not zero-hours contracts.", (-1, 1, 0)),
    ("Information about care should be easy to find in one place.", (1, 1, 1)),
    ("People should choose who comes into their home to care for them.", (1, 0, 1)),
]

# What people in each outlook wrote in the discussion (themes are found in these).
MESSAGES: list[list[str]] = [
    [
        "My break was cancelled three times this year and nobody rebooked it.",
        "Carers need a break they can count on, not one that is cancelled the day before.",
        "Without a regular break I cannot keep caring for my mum at home.",
        "Respite care for carers should be booked months ahead and kept.",
        "A carers' break is not a luxury: it is what keeps the family going.",
        "The carers' assessment asked me nothing about my own health or my breaks.",
        "Unpaid carers save the council millions; a break once a month is the least.",
        "When my break was cancelled I had nobody else to ask for help.",
    ],
    [
        "I leave care work next month because supermarket pay is better.",
        "We are not paid for travel between visits, so our real pay is below the minimum wage.",
        "Care workers need fair pay and guaranteed hours to stay in the job.",
        "Zero-hours contracts mean I never know what my pay will be this month.",
        "Low pay is why agencies cannot keep care workers and visits get missed.",
        "Pay care workers properly and people will stay long enough to know the people they visit.",
        "Fifteen minutes is not enough time to help someone wash and eat.",
        "Paid travel time would make care work fair pay for the hours we actually work.",
    ],
    [
        "A grab rail fitted quickly would have kept my dad out of hospital.",
        "I waited nine months for a stairlift and could not use my bedroom.",
        "Home adaptations should come first so people can stay in their own homes.",
        "Simple technology like sensors and video calls helps me live at home on my own.",
        "Faster adaptations to the home save money on hospital stays.",
        "I want to stay in my own home; a ramp and a walk-in shower is all it takes.",
        "The wait for an occupational therapist to visit my home was longer than my hospital stay.",
        "Care and repair services that fix small things at home keep people independent.",
    ],
]

FIRST_NAMES = [
    "Aisha", "Ben", "Carys", "Dev", "Ella", "Femi", "Gwen", "Hari", "Iona", "Jack",
    "Kemi", "Liam", "Maya", "Nia", "Owen", "Pia", "Quinn", "Rhys", "Sana", "Tom",
    "Uma", "Vik", "Wren", "Yusuf", "Zara", "Alfie", "Bea", "Cal",
    "Dina", "Eli", "Fran", "Gus",
]  # fmt: skip
RELATIONSHIPS: list[list[str]] = [
    [R.UNPAID_CARER, R.UNPAID_CARER, R.UNPAID_CARER, R.DRAWS_ON_CARE, R.OTHER],
    [R.CARE_WORKER, R.CARE_WORKER, R.CARE_WORKER, R.CARE_PROVIDER, R.COUNCIL_NHS_STAFF],
    [R.DRAWS_ON_CARE, R.DRAWS_ON_CARE, R.UNPAID_CARER, R.OTHER, R.PREFER_NOT_TO_SAY],
]
GROUP_SIZES = (22, 22, 20)
# How often a person departs from their outlook's vote: passes, opposite votes, no vote.
P_PASS, P_FLIP, P_SKIP = 0.08, 0.07, 0.05


@dataclass(frozen=True)
class DemoVoice:
    email: str
    name: str
    outlook: int
    relationship: str


def demo_voices() -> list[DemoVoice]:
    voices = []
    n = 0
    for outlook, size in enumerate(GROUP_SIZES):
        for i in range(size):
            # Display names are unique: each first name twice, with a different initial.
            name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {'KM'[n // len(FIRST_NAMES)]}."
            relationship = RELATIONSHIPS[outlook][i % len(RELATIONSHIPS[outlook])]
            voices.append(
                DemoVoice(f"voice{n + 1:02d}@{PEOPLE_DOMAIN}", name, outlook, relationship)
            )
            n += 1
    return voices


def _people(voices: list[DemoVoice]) -> list[User]:
    """The demo's participants. They never sign in, so they have no usable password (which
    also spares 64 slow password hashes)."""
    existing = {u.email: u for u in User.objects.filter(email__endswith=f"@{PEOPLE_DOMAIN}")}
    people = []
    for voice in voices:
        user = existing.get(voice.email)
        if user is None:
            user = User.objects.create_user(
                voice.email,
                None,
                display_name=voice.name,
                relationship_to_care=voice.relationship,
                email_digest=False,  # made-up addresses: never emailed
            )
        people.append(user)
    return people


def _discussion(thread: Thread, facilitator: User, voices: list[DemoVoice]) -> None:
    people = _people(voices)
    rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
    statements = [
        statement_submit(user=facilitator, thread=thread, text=text) for text, _ in STATEMENTS
    ]
    # Votes go in one insert: one by one, each would be broadcast to a thread nobody is
    # watching yet, which is all vote_cast adds beyond the row.
    votes = []
    for person, voice in zip(people, voices, strict=True):
        for statement, (_text, outlook_votes) in zip(statements, STATEMENTS, strict=True):
            roll = rng.random()
            value = outlook_votes[voice.outlook]
            if roll < P_SKIP:
                continue
            if roll < P_SKIP + P_PASS:
                value = 0
            elif roll < P_SKIP + P_PASS + P_FLIP:
                value = -value if value else rng.choice((-1, 1))
            votes.append(Vote(statement=statement, voter=person, value=value))
    Vote.objects.bulk_create(votes)
    # Each outlook's messages, each written by a different person of that outlook.
    for outlook, texts in enumerate(MESSAGES):
        writers = [p for p, v in zip(people, voices, strict=True) if v.outlook == outlook]
        for writer, body in zip(writers, texts, strict=False):
            message_post(user=writer, thread=thread, body=body)


@contextmanager
def _as_when_it_was_open(consultation: ConsultationPage, thread: Thread) -> Iterator[None]:
    """The discussion is written as it happened: while the consultation was open. Its
    lifecycle refuses writes after the closing time, so for the writing the dates move to
    around now; then they go back, and everything written is dated two thirds of the way
    through the weeks it was open (the analysis counts only what came before the close)."""
    dates = ConsultationPage.objects.filter(pk=consultation.pk)
    opens, closes = consultation.opens_at, consultation.closes_at
    now = timezone.now()
    dates.update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1)
    )
    try:
        yield
    finally:
        dates.update(opens_at=opens, closes_at=closes)
    when = opens + (closes - opens) * 2 / 3
    Vote.objects.filter(statement__thread=thread).update(created=when, modified=when)
    Message.objects.filter(thread=thread).update(created=when)
    Statement.objects.filter(thread=thread).update(created=when)


def seed_demo_report(*, consultation: ConsultationPage, facilitator: User) -> AnalysisRun | None:
    """Fill the consultation's discussion (once) and analyse it (once); returns the run
    made now, or None if there was one already."""
    thread = consultation_discussion(consultation=consultation)
    if not Statement.objects.filter(thread=thread).exists():
        with _as_when_it_was_open(consultation, thread):
            _discussion(thread, facilitator, demo_voices())
    if AnalysisRun.objects.filter(thread=thread, status=RunStatus.SUCCEEDED).exists():
        return None
    return analysis_run_now(thread=thread, by=facilitator)
