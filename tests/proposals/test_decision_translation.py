"""A board's decision in Welsh (and any language Hearth offers), given by the board that
made it (issue 19, item 4): readers of that language see it marked with its language;
readers of a language it has no translation into see the original, marked with the
original's language, and a note that it has not been translated yet."""

import re

import pytest
from django.test import Client
from django.utils import translation

from accounts import services as accounts_services
from accounts.models import MembershipRole, User
from cms.models import ProposalIndexPage
from common.errors import FORBIDDEN, ServiceError
from common.text import EMPTY, TOO_LONG
from proposals import decision_services, services
from proposals.decision_services import SAME_LANGUAGE
from proposals.lifecycle import Stage
from proposals.models import Decision, DecisionTranslation, Outcome, ProposalPage
from tests.factories import BoardFactory, UserFactory
from tests.support.queries import own_queries

HEARD = "Carers said pay matters most."
REASONS = "We heard strong support, and we will phase it in."
HEARD_CY = "Dywedodd gofalwyr mai cyflog sydd bwysicaf."
REASONS_CY = "Clywsom gefnogaeth gref, a byddwn yn ei gyflwyno fesul cam."
NOTE = 'class="govuk-inset-text hearth-decision-language"'


def _with_board(proposal: ProposalPage) -> ProposalPage:
    ProposalPage.objects.filter(pk=proposal.pk).update(stage=Stage.WITH_BOARD)
    proposal.refresh_from_db()
    return proposal


def _decide(proposal: ProposalPage, member: User, **texts: str) -> Decision:
    return decision_services.decision_record(
        proposal=_with_board(proposal),
        by=member,
        outcome=Outcome.ADOPTED_WITH_CHANGES,
        what_was_heard=texts.get("what_was_heard", HEARD),
        reasons=texts.get("reasons", REASONS),
    )


@pytest.fixture
def decision(open_proposal: ProposalPage, member: User) -> Decision:
    return _decide(open_proposal, member)


def _translate(decision: Decision, by: User, language: str = "cy", **texts: str) -> None:
    decision_services.decision_translate(
        decision=decision,
        by=by,
        language=language,
        what_was_heard=texts.get("what_was_heard", HEARD_CY),
        reasons=texts.get("reasons", REASONS_CY),
    )


def signed_in(user: User, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _marked(html: str, text: str) -> str | None:
    """The ``lang`` of the summary list value that holds ``text``, or None if not shown."""
    found = re.search(
        r'<dd class="govuk-summary-list__value" lang="([^"]+)" dir="auto"><p>'
        + re.escape(text)
        + "</p></dd>",
        html,
    )
    return found.group(1) if found else None


def _url(proposal: ProposalPage, language: str = "cy") -> str:
    return f"/write/{proposal.pk}/decision/translate/{language}/"


@pytest.mark.django_db
def test_a_board_member_translates_the_decision_into_welsh_beside_the_original(
    decision: Decision, member: User
) -> None:
    proposal = decision.proposal
    client = signed_in(member, enforce_csrf_checks=True)
    commitments = _page(client, f"/write/{proposal.pk}/commitments/")
    assert f'href="{_url(proposal)}">Translate the decision into Welsh</a>' in commitments
    assert f'href="{_url(proposal, "ur")}">Translate the decision into Urdu</a>' in commitments
    assert _url(proposal, "en-gb") not in commitments  # the language it is written in

    form = _page(client, _url(proposal))
    assert '<h1 class="govuk-heading-l">Translate the board’s decision into Welsh</h1>' in form
    assert "What the board heard, as it wrote it in English" in form
    assert (
        f'<div class="govuk-inset-text govuk-!-margin-top-0" lang="en-GB" dir="auto"><p>{HEARD}'
        in form
    )
    assert f'lang="en-GB" dir="auto"><p>{REASONS}</p></div>' in form
    label = '<label class="govuk-label govuk-label--s" for="id_what_was_heard">'
    assert f"{label}What the board heard, in Welsh</label>" in form
    assert re.search(r'<textarea name="reasons"[^>]* lang="cy" dir="auto"', form)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None

    data = {"what_was_heard": HEARD_CY, "reasons": REASONS_CY}
    assert client.post(_url(proposal), data).status_code == 403  # no CSRF token
    assert not DecisionTranslation.objects.exists()
    response = client.post(_url(proposal), {**data, "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert response["Location"] == f"/write/{proposal.pk}/commitments/"
    given = DecisionTranslation.objects.get()
    assert (given.decision, given.language, given.translated_by) == (decision, "cy", member)
    assert (given.what_was_heard, given.reasons) == (HEARD_CY, REASONS_CY)

    after = _page(client, f"/write/{proposal.pk}/commitments/")
    assert "The decision in Welsh is published." in after
    assert f'href="{_url(proposal)}">Change the translation of the decision into Welsh</a>' in after
    again = _page(client, _url(proposal))
    assert f">\n{HEARD_CY}</textarea>" in again  # the translation to change, in its box


@pytest.mark.django_db
def test_changing_a_translation_keeps_one_per_language(decision: Decision, member: User) -> None:
    _translate(decision, member)
    _translate(decision, member, reasons="Rhesymau newydd.")
    _translate(decision, member, language="ur", what_was_heard="سنا", reasons="وجوہات")
    assert sorted(DecisionTranslation.objects.values_list("language", "reasons")) == [
        ("cy", "Rhesymau newydd."),
        ("ur", "وجوہات"),
    ]


@pytest.mark.django_db
def test_welsh_pages_show_the_welsh_text_marked_cy_and_english_pages_the_original(
    decision: Decision, member: User
) -> None:
    _translate(decision, member)
    proposal = decision.proposal
    proposal.refresh_from_db()
    client = Client()
    for url in ("/decisions/", proposal.get_url()):
        welsh = _page(client, f"/cy{url}")
        assert _marked(welsh, HEARD_CY) == "cy", url
        assert _marked(welsh, REASONS_CY) == "cy", url
        assert HEARD not in welsh, url
        assert REASONS not in welsh, url
        assert NOTE not in welsh, url

        english = _page(client, url)
        assert _marked(english, HEARD) == "en-GB", url
        assert _marked(english, REASONS) == "en-GB", url
        assert HEARD_CY not in english, url
        assert REASONS_CY not in english, url
        assert NOTE not in english, url
    board_page = _page(signed_in(member), f"/cy/write/{proposal.pk}/commitments/")
    assert _marked(board_page, REASONS_CY) == "cy"


@pytest.mark.django_db
def test_an_untranslated_decision_on_a_welsh_page_is_marked_english_and_says_so(
    decision: Decision,
) -> None:
    proposal = decision.proposal
    proposal.refresh_from_db()
    client = Client()
    for url in ("/decisions/", proposal.get_url()):
        welsh = _page(client, f"/cy{url}")
        assert _marked(welsh, HEARD) == "en-GB", url
        assert _marked(welsh, REASONS) == "en-GB", url
        note = welsh[welsh.index(NOTE) :].split("</div>")[0]
        # In the reader's language, whatever the page around it is marked with; names the
        # original's language in it ("Saesneg", English).
        assert note.startswith(f'{NOTE} lang="cy">'), url
        assert "Saesneg" in note, url
        assert NOTE not in _page(client, url), url


@pytest.mark.django_db
def test_a_decision_recorded_in_welsh_is_welsh_and_offered_in_english(
    open_proposal: ProposalPage, member: User
) -> None:
    with translation.override("cy"):
        decision = _decide(open_proposal, member, what_was_heard=HEARD_CY, reasons=REASONS_CY)
    assert decision.language == "cy"
    english = _page(Client(), "/decisions/")
    assert _marked(english, REASONS_CY) == "cy"
    assert (
        "This decision has not been translated into your language yet, so it is shown in Welsh."
        in english
    )
    assert signed_in(member).get(_url(open_proposal, "cy")).status_code == 404
    with pytest.raises(ServiceError) as refused:
        _translate(decision, member, language="cy")
    assert refused.value.code == SAME_LANGUAGE

    _translate(decision, member, language="en-gb", what_was_heard=HEARD, reasons=REASONS)
    english = _page(Client(), "/decisions/")
    assert _marked(english, REASONS) == "en-GB"
    assert NOTE not in english
    assert _marked(_page(Client(), "/cy/decisions/"), REASONS_CY) == "cy"


@pytest.mark.django_db
def test_someone_not_on_the_board_cannot_translate_and_nothing_is_stored(
    decision: Decision, participant: User, lead: User
) -> None:
    other_board = BoardFactory.create(name="Another Board")
    outsider = UserFactory.create(display_name="Other board member")
    accounts_services.membership_add(
        organisation=other_board, user=outsider, role=MembershipRole.BOARD_MEMBER
    )
    url = _url(decision.proposal)
    data = {"what_was_heard": HEARD_CY, "reasons": REASONS_CY}
    anonymous = Client().post(url, data)
    assert anonymous.status_code == 302
    assert "/account/sign-in/" in anonymous["Location"]
    for person in (participant, lead, outsider):
        client = signed_in(person)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
        with pytest.raises(ServiceError) as refused:
            _translate(decision, person)
        assert refused.value.code == FORBIDDEN
        assert refused.value.detail == "Only the board that decided can translate its decision"
    assert not DecisionTranslation.objects.exists()
    assert "Translate the decision" not in _page(Client(), "/decisions/")


@pytest.mark.django_db
def test_an_undecided_proposal_or_a_language_hearth_lacks_has_nothing_to_translate(
    open_proposal: ProposalPage, member: User
) -> None:
    client = signed_in(member)
    assert client.get(_url(_with_board(open_proposal))).status_code == 403
    decision = _decide(open_proposal, member)
    assert client.get(_url(open_proposal, "fr")).status_code == 404
    with pytest.raises(ServiceError) as refused:
        _translate(decision, member, language="fr")
    assert refused.value.code == "invalid_language"
    assert not DecisionTranslation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_was_heard": "", "reasons": REASONS_CY},
         "Enter the translation of what the board heard"),
        ({"what_was_heard": HEARD_CY, "reasons": " \u200b "},
         "Enter the translation of the board&#x27;s reasons"),
        ({"what_was_heard": "a" * 4001, "reasons": REASONS_CY},
         "Ensure this value has at most 4000 characters (it has 4001)."),
        ({"what_was_heard": HEARD_CY, "reasons": "a" * 6001},
         "Ensure this value has at most 6000 characters (it has 6001)."),
    ],
)  # fmt: skip
def test_an_empty_or_too_long_translation_is_refused_on_the_page_and_nothing_is_stored(
    decision: Decision, member: User, data: dict[str, str], message: str
) -> None:
    response = signed_in(member).post(_url(decision.proposal), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Translate the board’s decision into Welsh" in html
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert not DecisionTranslation.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_empty_and_too_long_text_without_a_half_write(
    decision: Decision, member: User
) -> None:
    _translate(decision, member)
    with pytest.raises(ServiceError) as refused:
        _translate(decision, member, what_was_heard="Newydd.", reasons="a" * 6001)
    assert refused.value.code == TOO_LONG
    assert refused.value.field == "reasons"
    assert "6,000 characters or fewer" in refused.value.detail
    with pytest.raises(ServiceError) as refused:
        _translate(decision, member, what_was_heard="", reasons="a" * 6001)
    assert [(one.code, one.field) for one in refused.value.each()] == [
        (EMPTY, "what_was_heard"),
        (TOO_LONG, "reasons"),
    ]
    given = DecisionTranslation.objects.get()
    assert (given.what_was_heard, given.reasons) == (HEARD_CY, REASONS_CY)


def _decided_proposals(index: ProposalIndexPage, lead: User, member: User, n: int) -> None:
    """``n`` decisions, written in English (a request leaves its language active)."""
    for number in range(n):
        proposal = services.proposal_create(
            index=index, author=lead, title=f"Proposal {number}", summary="In short."
        )
        services.proposal_open(proposal=proposal, by=lead)
        with translation.override("en-gb"):
            _decide(proposal, member)


def _queries(client: Client, url: str) -> int:
    with own_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_accountability_page_queries_do_not_grow_with_translations(
    index: ProposalIndexPage, lead: User, member: User
) -> None:
    _decided_proposals(index, lead, member, 2)
    client = Client()
    client.get("/decisions/")  # warm Wagtail's site cache
    before = {url: _queries(client, url) for url in ("/decisions/", "/cy/decisions/")}
    _decided_proposals(index, lead, member, 3)
    for decision in Decision.objects.all():
        _translate(decision, member)
        _translate(decision, member, language="ur", what_was_heard="سنا", reasons="وجوہات")
    client.get("/decisions/")
    after = {url: _queries(client, url) for url in ("/decisions/", "/cy/decisions/")}
    assert after == before
    welsh = _page(client, "/cy/decisions/")
    assert welsh.count(f'lang="cy" dir="auto"><p>{REASONS_CY}</p>') == 5
