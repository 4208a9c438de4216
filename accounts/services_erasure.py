"""Erase me: a person's account goes, in one transaction, as accounts.personal_data says.

What they wrote in public stays readable, credited to a "Former participant" stand-in made
for this erasure; their votes, poll answers and reports move to a second, anonymous
stand-in, so totals, analysis and the one-vote-per-person rules hold exactly as before and
nothing links the votes to the words. Everything else about them is deleted or unlinked,
then the account itself. Any failure rolls the whole erasure back.
"""

import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import User
from accounts.personal_data import (
    GENERATED_TEXT_NAMING_PEOPLE,
    Erase,
    links_to_people,
    treatment,
)

ERASED_EMAIL_DOMAIN = "erased.invalid"
FORMER_PARTICIPANT = "Former participant"


@dataclass
class Erasure:
    """What an erasure did, by policy, as counts of records (for the command's report)."""

    counts: dict[str, int] = field(default_factory=dict)


def _stand_in(name: str) -> User:
    """An account nobody can sign in to, holding records for an erased person."""
    code = uuid.uuid4().hex
    user = User(
        email=f"{code}@{ERASED_EMAIL_DOMAIN}",
        display_name=f"{name} {code[:6]}",
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    return user


def is_stand_in(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_EMAIL_DOMAIN}")


@transaction.atomic
def account_erase(*, user: User) -> Erasure:
    """Erase the person; raises ValueError for a stand-in (there is nobody to erase)."""
    if is_stand_in(user):
        raise ValueError("This account already stands in for someone erased.")
    locked = User.objects.select_for_update().get(pk=user.pk)
    stand_ins: dict[Erase, User] = {}
    erasure = Erasure()
    for link in links_to_people():
        policy = treatment(link).erase
        rows = link.model._default_manager.filter(**{link.name: locked})
        if not rows.exists():
            continue
        if policy == Erase.DELETE:
            count = rows.count()
            rows.delete()
        elif policy == Erase.CLEAR:
            count = rows.update(**{link.name: None})
        else:
            if policy not in stand_ins:
                name = FORMER_PARTICIPANT if policy == Erase.FORMER else "Anonymous"
                stand_ins[policy] = _stand_in(name)
            count = rows.update(**{link.name: stand_ins[policy]})
        erasure.counts[policy] = erasure.counts.get(policy, 0) + count
    former = stand_ins[Erase.FORMER].display_name if Erase.FORMER in stand_ins else None
    for label, template in GENERATED_TEXT_NAMING_PEOPLE.items():
        app_model, _, name = label.rpartition(".")
        model = apps.get_model(app_model)
        model._default_manager.filter(**{name: template.format(name=locked.display_name)}).update(
            **{name: template.format(name=former or FORMER_PARTICIPANT.lower())}
        )
    # The admin's log of changes made to this account names it in its label.
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(locked.pk)
    ).delete()
    locked.delete()
    return erasure
