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
