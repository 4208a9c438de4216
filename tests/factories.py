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
