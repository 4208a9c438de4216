"""Five demo proposals on real reform themes, each written by several people, with
revisions and suggestions, built through the same services people use."""

import json
from pathlib import Path

from wagtail.models import Page

from accounts.models import User
from proposals import services
from proposals.models import ProposalPage, Theme
from proposals.selectors import latest_revision

# The demo's words live in a data file, beside this module.
DEMO_PROPOSALS = json.loads((Path(__file__).parent / "demo_proposals.json").read_text("utf-8"))


def seed_demo_proposals(*, index: Page, people: list[User]) -> int:
    """Add any missing demo proposal; returns how many were added. Needs four people."""
    lead, co_author, participant, officer = people
    added = 0
    for n, spec in enumerate(DEMO_PROPOSALS):
        if ProposalPage.objects.filter(slug=spec["slug"]).exists():
            continue
        author = (lead, co_author)[n % 2]
        other = (co_author, lead)[n % 2]
        proposal = services.proposal_create(
            index=index,
            author=author,
            title=str(spec["title"]),
            summary=str(spec["summary"]),
            themes=list(Theme.objects.filter(slug__in=spec["themes"])),
        )
        if proposal.slug != spec["slug"]:
            ProposalPage.objects.filter(pk=proposal.pk).update(slug=spec["slug"])
            proposal.refresh_from_db()
        services.coauthor_add(proposal=proposal, by=author, user=other)
        for i, (section, text) in enumerate(spec["sections"].items()):
            writer = (author, other)[i % 2]
            services.section_save(
                proposal=proposal,
                section=section,
                text=text,
                base_revision_id=latest_revision(proposal).pk,
                author=writer,
                note=f"Wrote the {section.replace('_', ' ')}",
            )
        proposal = services.proposal_open(proposal=proposal, by=author)
        suggestion = services.suggestion_create(
            proposal=proposal, author=participant, **spec["suggestion"]
        )
        if n % 2 == 0:
            services.suggestion_accept(suggestion=suggestion, by=author)
        services.comment_post(
            proposal=proposal,
            section="summary",
            author=officer,
            body="Thank you. The council will look at this when it reviews its plans.",
        )
        added += 1
    return added
