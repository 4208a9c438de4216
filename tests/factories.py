import factory

from accounts.models import RelationshipToCare, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    relationship_to_care = RelationshipToCare.UNPAID_CARER
    password = factory.django.Password(PASSWORD)


# ---- deliberation ---------------------------------------------------------------------

from datetime import timedelta  # noqa: E402 - deliberation section

from django.utils import timezone  # noqa: E402 - deliberation section

from deliberation.markdown import render_markdown  # noqa: E402 - deliberation section
from deliberation.models import (  # noqa: E402 - deliberation section
    Message,
    Poll,
    PollOption,
    Statement,
    StatementStatus,
    Thread,
)


class ThreadFactory(factory.django.DjangoModelFactory[Thread]):
    class Meta:
        model = Thread

    title = factory.Sequence(lambda n: f"Paying care workers fairly, part {n}")
    created_by = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Point number {n} about home care.")
    body_html = factory.LazyAttribute(lambda m: render_markdown(m.body))


class StatementFactory(factory.django.DjangoModelFactory[Statement]):
    class Meta:
        model = Statement

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Unpaid carers need a break every month ({n})")
    status = StatementStatus.ACCEPTED


class PollFactory(factory.django.DjangoModelFactory[Poll]):
    class Meta:
        model = Poll
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    question = "Which should come first?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    options = factory.PostGeneration(
        lambda poll, create, extracted, **kwargs: _add_options(poll, create, extracted)
    )


def _add_options(poll: Poll, create: bool, extracted: list[str] | None) -> None:
    if create:
        for i, text in enumerate(extracted or ["Pay", "Training", "Respite breaks"]):
            PollOption.objects.create(poll=poll, text=text, position=i)


# ---- organisations and consultations ---------------------------------------------------

from typing import TYPE_CHECKING  # noqa: E402 - consultations section

from accounts.models import Organisation, OrganisationKind  # noqa: E402 - consultations section

if TYPE_CHECKING:
    from cms.models import ConsultationPage


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Northshire Council {n}")
    slug = factory.Sequence(lambda n: f"northshire-council-{n}")
    kind = OrganisationKind.COUNCIL


class BoardFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Care Reform Board {n}")
    slug = factory.Sequence(lambda n: f"care-reform-board-{n}")
    kind = OrganisationKind.REFORM_BOARD


def make_consultation(**fields: object) -> "ConsultationPage":
    """A published consultation under /consultations/, open now for twelve weeks."""
    from cms.models import ConsultationIndexPage, ConsultationPage

    now = timezone.now()
    proposals = fields.pop("proposals", [])
    values: dict[str, object] = {
        "title": "Home care in Northshire",
        "slug": "home-care",
        "summary": "How should home care change in Northshire?",
        "open_to_change": "How visits are planned, and who plans them.",
        "background": "<p>Home care visits are often 15 minutes.</p>",
        "options": "<p>Longer visits, or fewer and longer visits.</p>",
        "costs_and_impacts": "<p>Longer visits cost £2m a year.</p>",
        "opens_at": now - timedelta(days=7),
        "closes_at": now + timedelta(days=77),
        **fields,
    }
    if "organisation" not in values:
        values["organisation"] = OrganisationFactory.create()
    page = ConsultationPage(**values)
    ConsultationIndexPage.objects.get().add_child(instance=page)
    if proposals:
        page.proposals.set(proposals)
    page.save_revision().publish()
    return page
