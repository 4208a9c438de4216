"""One small Hearth with every role and every object state the security tests need.

Built through the services and tests/factories.py, never by writing rows by hand, so the
objects are in the states the real site produces. ``World.values`` maps each object state
to the placeholders the permission matrix fills its URLs with.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.models import Membership, MembershipRole, User
from accounts.support import support_invite
from cms.models import (
    AccessibilityStatementPage,
    ConsultationPage,
    HomePage,
    OrganisationPage,
    PrivacyNoticePage,
    ProposalIndexPage,
    StandardPage,
)
from cms.services import consultation_discussion
from cms.site_tree import ensure_site_tree
from deliberation.models import Role, Thread
from deliberation.services import (
    member_add,
    message_hide,
    message_post,
    statement_submit,
    thread_pause,
)
from deliberation.services.threads import thread_create
from proposals import decision_services, services
from proposals.lifecycle import Stage
from proposals.models import ProposalPage, Theme
from tests.factories import (
    BoardFactory,
    OrganisationFactory,
    PollFactory,
    UserFactory,
    make_consultation,
)

ROLES = (
    "anonymous",
    "participant",
    "co_author",
    "facilitator",
    "officer",
    "other_officer",
    "board",
    "staff",
)


@dataclass
class World:
    people: dict[str, User | None]
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    proposals: dict[str, ProposalPage] = field(default_factory=dict)
    threads: dict[str, Thread] = field(default_factory=dict)
    consultations: dict[str, ConsultationPage] = field(default_factory=dict)

    def fresh(self) -> "World":
        """The same world read again from the database: for a world built once and shared
        by tests that each roll their writes back, so that none sees objects another test
        changed in memory."""

        def again(found: dict[str, Any]) -> dict[str, Any]:
            return {
                key: None if obj is None else type(obj).objects.get(pk=obj.pk)
                for key, obj in found.items()
            }

        return World(
            people=again(self.people),
            values=self.values,
            proposals=again(self.proposals),
            threads=again(self.threads),
            consultations=again(self.consultations),
        )


def _proposal(index: ProposalIndexPage, lead: User, co_author: User, title: str) -> ProposalPage:
    proposal = services.proposal_create(
        index=index, author=lead, title=title, summary=f"{title}: a summary."
    )
    services.coauthor_add(proposal=proposal, by=lead, user=co_author)
    return proposal


def _advance(proposal: ProposalPage, staff: User, to: Stage) -> ProposalPage:
    while proposal.stage != to:
        proposal = services.proposal_advance(proposal=proposal, by=staff)
    return proposal


def _thread(title: str, facilitator: User, participant: User, **fields: Any) -> Thread:
    thread = thread_create(title=title, **fields)
    member_add(thread=thread, user=facilitator, role=Role.FACILITATOR)
    member_add(thread=thread, user=participant)
    return thread


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def consultation_form(page: ConsultationPage) -> dict[str, Any]:
    """What the admin's page editor sends to save the consultation as it is."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "organisation": page.organisation_id,
            "reform_board": page.reform_board_id or "",
            "summary": page.summary,
            "open_to_change": page.open_to_change,
            "already_decided": page.already_decided,
            "background": rich_text(page.background),
            "options": rich_text(page.options),
            "costs_and_impacts": rich_text(page.costs_and_impacts),
            "easy_read": streamfield([]),
            "opens_at": _when(page.opens_at),
            "closes_at": _when(page.closes_at),
            "what_we_heard": rich_text(page.what_we_heard),
            "what_we_decided": rich_text(page.what_we_decided),
            "report_easy_read": streamfield([]),
            "documents": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def build_world() -> World:
    home: HomePage = ensure_site_tree()
    for name, slug in import_module("proposals.migrations.0002_themes").THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    council = OrganisationFactory.create()
    other_council = OrganisationFactory.create()
    board_org = BoardFactory.create()
    people: dict[str, User | None] = {
        "anonymous": None,
        "participant": UserFactory.create(display_name="Pat participant"),
        "co_author": UserFactory.create(display_name="Cora co-author"),
        "facilitator": UserFactory.create(display_name="Fran facilitator"),
        "officer": UserFactory.create(display_name="Olu officer"),
        "other_officer": UserFactory.create(display_name="Otto other officer"),
        "board": UserFactory.create(display_name="Bea board"),
        "staff": UserFactory.create(display_name="Sam staff", is_staff=True),
    }
    # Staff edit and publish pages, as the demo's officer does: Wagtail's Editors and
    # Moderators groups.
    staff_user = people["staff"]
    assert staff_user is not None
    staff_user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    lead = UserFactory.create(display_name="Lee lead")

    def get(role: str) -> User:
        found = people[role]
        assert found is not None
        return found

    Membership.objects.create(
        organisation=council, user=get("officer"), role=MembershipRole.OFFICER
    )
    Membership.objects.create(
        organisation=other_council, user=get("other_officer"), role=MembershipRole.OFFICER
    )
    # Officers work on their pages in the content admin through Wagtail's groups, as the
    # demo's officer does; they are not Hearth staff (``is_staff``), so every other row
    # shows what an officer membership alone allows.
    for officer in (get("officer"), get("other_officer")):
        officer.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    Membership.objects.create(
        organisation=board_org, user=get("board"), role=MembershipRole.BOARD_MEMBER
    )
    staff, co_author, participant, facilitator = (
        get("staff"),
        get("co_author"),
        get("participant"),
        get("facilitator"),
    )
    assert staff
    assert co_author
    assert participant
    assert facilitator

    index = ProposalIndexPage.objects.get()
    proposals = {
        "draft": _proposal(index, lead, co_author, "A draft about respite"),
        "published": _proposal(index, lead, co_author, "Open proposal on pay"),
        "with_board": _proposal(index, lead, co_author, "Proposal with the board"),
        "decided": _proposal(index, lead, co_author, "Decided proposal"),
        "closed": _proposal(index, lead, co_author, "Closed proposal"),
    }
    for state in ("published", "with_board", "decided", "closed"):
        proposals[state] = services.proposal_open(proposal=proposals[state], by=lead)
    proposals["with_board"] = _advance(proposals["with_board"], staff, Stage.WITH_BOARD)
    proposals["decided"] = _advance(proposals["decided"], staff, Stage.WITH_BOARD)
    # A suggestion and a comment made while the proposal was open, before it closed.
    closed_suggestion = services.suggestion_create(
        proposal=proposals["closed"],
        section="problem",
        text="Day centres close too early.",
        reason="Clearer",
        author=participant,
    )
    closed_comment = services.comment_post(
        proposal=proposals["closed"], section="problem", author=participant, body="Agreed"
    )
    proposals["closed"] = _advance(proposals["closed"], staff, Stage.WITH_BOARD)
    decision_services.decision_record(
        proposal=proposals["closed"],
        by=staff,
        outcome="not_adopted",
        what_was_heard="Mixed views.",
        reasons="Not affordable.",
    )
    proposals["closed"].refresh_from_db()
    proposals["closed"] = _advance(proposals["closed"], staff, Stage.CLOSED)

    consultations = {
        "published": make_consultation(
            organisation=council, reform_board=board_org, proposals=[proposals["published"]]
        ),
        "closed": make_consultation(
            organisation=council,
            reform_board=board_org,
            slug="closed-consultation",
            title="Day centres (closed)",
            opens_at=timezone.now() - timedelta(days=120),
            closes_at=timezone.now() - timedelta(days=10),
        ),
    }
    unpublished = ConsultationPage(
        title="Unpublished consultation",
        slug="unpublished-consultation",
        organisation=council,
        summary="Not yet published.",
        open_to_change="Everything.",
        background="<p>b</p>",
        options="<p>o</p>",
        costs_and_impacts="<p>c</p>",
        opens_at=timezone.now() + timedelta(days=7),
        closes_at=timezone.now() + timedelta(days=100),
        live=False,
    )
    consultations["published"].get_parent().add_child(instance=unpublished)
    unpublished.save_revision()
    consultations["draft"] = unpublished

    # Another organisation's: a consultation of the other officer's council, answered by
    # another reform board, with a proposal before that board.
    other_board = BoardFactory.create()
    proposals["other_organisation"] = _advance(
        services.proposal_open(
            proposal=_proposal(index, lead, co_author, "Proposal for another board"), by=lead
        ),
        staff,
        Stage.WITH_BOARD,
    )
    consultations["other_organisation"] = make_consultation(
        organisation=other_council,
        reform_board=other_board,
        slug="another-councils-consultation",
        title="Home care (another council)",
        proposals=[proposals["other_organisation"]],
    )

    decision = decision_services.decision_record(
        proposal=proposals["decided"],
        by=staff,
        outcome="adopted",
        what_was_heard="People want fair pay.",
        reasons="It is right.",
    )
    commitment = decision_services.commitment_add(
        decision=decision,
        by=staff,
        text="Raise pay",
        owner_text="The council",
        milestone_2_years="Done",
    )
    proposals["decided"].refresh_from_db()

    ended = make_consultation(
        organisation=council, reform_board=board_org, slug="ended", title="Respite (ended)"
    )
    threads = {
        "published": consultation_discussion(consultation=consultations["published"]),
        "closed": _thread("A closed thread", facilitator, participant),
        "private": _thread("A members-only thread", facilitator, participant, members_only=True),
        "paused": _thread("A paused thread", facilitator, participant),
        "ended": consultation_discussion(consultation=ended),
    }
    for state in ("published", "ended"):
        member_add(thread=threads[state], user=facilitator, role=Role.FACILITATOR)

    values: dict[str, dict[str, Any]] = {}
    for state, thread in threads.items():
        message = message_post(user=participant, thread=thread, body=f"A message in {state}")
        statement = statement_submit(
            user=facilitator, thread=thread, text=f"Carers need breaks ({state})"
        )
        poll = PollFactory.create(thread=thread)
        if state == "closed":
            thread.is_open = False
            thread.save()
        if state == "paused":
            thread_pause(actor=facilitator, thread=thread, reason="A short break")
        if state == "ended":
            # Time passes: the consultation's closing time is now behind it.
            ConsultationPage.objects.filter(pk=ended.pk).update(
                opens_at=timezone.now() - timedelta(days=90),
                closes_at=timezone.now() - timedelta(days=1),
            )
        values[state] = {
            "thread": thread.pk,
            "message": message.pk,
            "statement": statement.pk,
            "poll": poll.pk,
            "option": poll.options.first().pk,  # type: ignore[union-attr]
        }
    hidden = message_post(user=participant, thread=threads["published"], body="Hide me")
    message_hide(actor=facilitator, message=hidden, reason="Off topic")
    values["hidden"] = {**values["published"], "message": hidden.pk}

    for state, proposal in proposals.items():
        values.setdefault(state, {})
        values[state].update(
            proposal=proposal.pk, proposal_slug=proposal.slug, proposal_url=proposal.url
        )
    suggestion = services.suggestion_create(
        proposal=proposals["published"],
        section="problem",
        text="Care workers are paid too little.",
        reason="Clearer",
        author=participant,
    )
    comment = services.comment_post(
        proposal=proposals["published"], section="problem", author=participant, body="Good point"
    )
    hidden_comment = services.comment_post(
        proposal=proposals["published"], section="problem", author=participant, body="Rude"
    )
    services.comment_hide(comment=hidden_comment, by=staff, reason="Rude")
    consent = support_invite(
        person=participant, supporter=co_author.display_name, role="advocate", scope="everything"
    )
    values["published"].update(suggestion=suggestion.pk, comment=comment.pk, consent=consent.pk)
    values["hidden"].update(comment=hidden_comment.pk, proposal=proposals["published"].pk)
    values["decided"].update(commitment=commitment.pk)
    values["closed"].update(suggestion=closed_suggestion.pk, comment=closed_comment.pk)

    for state, page in consultations.items():
        values.setdefault(state, {})
        values[state].update(
            consultation=f"/consultations/{page.slug}/",
            consultation_slug=page.slug,
            consultation_id=page.pk,
            consultation_form=consultation_form(page),
        )

    for state, organisation in (("published", council), ("other_organisation", other_council)):
        organisation_page = OrganisationPage(
            title=organisation.name,
            slug=organisation.slug,
            organisation=organisation,
            description="<p>Us</p>",
        )
        home.add_child(instance=organisation_page)
        organisation_page.save_revision().publish()
        values[state].update(
            organisation_page=organisation_page.url, organisation_page_id=organisation_page.pk
        )
    standard = StandardPage(title="About Hearth", slug="about")
    home.add_child(instance=standard)
    standard.save_revision().publish()
    # A transactional test's flush empties the collections the migrations made.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = Document(title="Background paper", collection=collection)
    document.file.save("background.txt", ContentFile(b"Background"), save=False)
    document.save()
    values["published"].update(
        standard_page=standard.url,
        accessibility_page=AccessibilityStatementPage.objects.get().url,
        privacy_page=PrivacyNoticePage.objects.get().url,
        document=document.pk,
        document_name=document.filename,
        council=council.pk,
    )
    return World(
        people=people,
        values=values,
        proposals=proposals,
        threads=threads,
        consultations=consultations,
    )
