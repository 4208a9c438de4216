"""A consultation and its council's officer, which most analysis tests start from.
Modules that need another consultation (an imported conversation, an area mix) define
their own ``consultation``."""

import pytest

from accounts import services as accounts_services
from accounts.models import MembershipRole, User
from cms.models import ConsultationPage
from tests.factories import UserFactory, make_consultation


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    return make_consultation()


@pytest.fixture
def officer(consultation: ConsultationPage) -> User:
    person = UserFactory.create()
    accounts_services.membership_add(
        organisation=consultation.organisation, user=person, role=MembershipRole.OFFICER
    )
    return person
