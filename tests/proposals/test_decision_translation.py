"""A board's decision in Welsh (and any language Hearth offers), given by the board that
made it (issue 19, item 4): readers of that language see it marked with its language;
readers of a language it has no translation into see the original, marked with the
original's language, and a note that it has not been translated yet. Its commitments,
their progress and its easy read version are translated with it, and shown the same way."""

import datetime
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
from proposals.decision_services import (
    SAME_LANGUAGE,
    EasyReadLine,
    TranslatedCommitment,
    TranslatedEasyReadLine,
)
from proposals.lifecycle import Stage
from proposals.models import Decision, DecisionTranslation, Outcome, ProposalPage
from tests.factories import BoardFactory, UserFactory
from tests.support.easy_read import picture
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


# ---- the decision's commitments, progress and easy read version -----------------------

COMMITMENT = "Pay care workers the real living wage."
OWNER = "Northshire Council adult social care"
IN_2_YEARS = "Half of the providers pay it."
IN_10_YEARS = "Every provider pays it."
PROGRESS = "Three providers signed up."
IDEA = "Care workers will get more money."
PICTURE = "A hand holding coins"
COMMITMENT_CY = "Talu cyflog byw go iawn i weithwyr gofal."
OWNER_CY = "Gofal cymdeithasol oedolion Cyngor Northshire"
IN_2_YEARS_CY = "Hanner y darparwyr yn ei dalu."
IN_10_YEARS_CY = "Pob darparwr yn ei dalu."
PROGRESS_CY = "Mae tri darparwr wedi ymuno."
IDEA_CY = "Bydd gweithwyr gofal yn cael mwy o arian."
PICTURE_CY = "Llaw yn dal darnau arian"
ORIGINALS = (COMMITMENT, OWNER, IN_2_YEARS, IN_10_YEARS, PROGRESS, IDEA)
WELSH = (COMMITMENT_CY, OWNER_CY, IN_2_YEARS_CY, IN_10_YEARS_CY, PROGRESS_CY, IDEA_CY)
# The boxes of the translation page, by their labels, and the Welsh to fill them with.
BOXES = {
    "What the board heard, in Welsh": HEARD_CY,
    "The board’s reasons, in Welsh": REASONS_CY,
    "Commitment 1, in Welsh": COMMITMENT_CY,
    "Who is responsible for commitment 1, in Welsh": OWNER_CY,
    "The 2-year milestone of commitment 1, in Welsh": IN_2_YEARS_CY,
    "The 10-year milestone of commitment 1, in Welsh": IN_10_YEARS_CY,
    "Progress update of 3 March 2026 on commitment 1, in Welsh": PROGRESS_CY,
    "Easy read idea 1, in Welsh": IDEA_CY,
    "What the picture of easy read idea 1 shows, in Welsh": PICTURE_CY,
}


def _commit(decision: Decision, member: User, text: str = COMMITMENT) -> None:
    """A commitment with an owner, two of its three milestones and a progress update."""
    commitment = decision_services.commitment_add(
        decision=decision,
        by=member,
        text=text,
        owner_text=OWNER,
        milestone_2_years=IN_2_YEARS,
        milestone_10_years=IN_10_YEARS,
    )
    decision_services.progress_update_add(
        commitment=commitment,
        by=member,
        date=datetime.date(2026, 3, 3),
        status="on_track",
        text=PROGRESS,
    )


def _write_easy_read(decision: Decision, member: User) -> None:
    decision_services.decision_easy_read_set(
        decision=decision, by=member, lines=[EasyReadLine(IDEA, picture(), PICTURE)]
    )


@pytest.fixture
def decision_in_full(decision: Decision, member: User) -> Decision:
    """The decision with a commitment, its progress and an easy read version."""
    _commit(decision, member)
    _write_easy_read(decision, member)
    return decision


def _shown_in(html: str, text: str) -> str | None:
    """The ``lang`` a commitment's, progress update's or easy read idea's text is marked
    with (on it, or on the element around it and its picture), or None if not shown."""
    found = re.search(r'lang="([^"]+)" dir="auto">(?:<[^>]*>)*' + re.escape(text) + "<", html)
    return found.group(1) if found else None


def _picture_in(html: str, alt: str) -> str | None:
    """The ``lang`` of the easy read idea whose picture has the alt text ``alt``."""
    found = re.search(
        r'lang="([^"]+)" dir="auto"><div class="hearth-easy-read__picture"><img[^>]*\balt="'
        + re.escape(alt)
        + '"',
        html,
    )
    return found.group(1) if found else None


def _filled(form: str, boxes: dict[str, str]) -> dict[str, str]:
    """What a person sends who fills in each box of ``form`` named by its label."""
    data = {}
    for label, value in boxes.items():
        found = re.search(r'for="id_([^"]+)">' + re.escape(label) + "</label>", form)
        assert found is not None, label
        data[found.group(1)] = value
    return data


def _welsh_and_english(proposal: ProposalPage) -> list[tuple[str, str]]:
    """Each page a reader sees the decision on, in Welsh and in English."""
    proposal.refresh_from_db()
    client = Client()
    return [
        (_page(client, f"/cy{url}"), _page(client, url))
        for url in ("/decisions/", proposal.get_url())
    ]


@pytest.mark.django_db
def test_a_board_member_translates_commitments_progress_and_easy_read_into_welsh(
    decision_in_full: Decision, member: User
) -> None:
    proposal = decision_in_full.proposal
    client = signed_in(member)
    form = _page(client, _url(proposal))
    assert '<h2 class="govuk-heading-m">Commitments</h2>' in form
    assert '<h3 class="govuk-heading-s">Commitment 1</h3>' in form
    assert '<h2 class="govuk-heading-m">Easy read version of the decision</h2>' in form
    for original in (*ORIGINALS, PICTURE):  # each beside its box, marked as written
        assert f'<div lang="en-GB" dir="auto"><p>{original}</p></div>' in form, original
    assert "5-year milestone" not in form  # the commitment has none to translate
    assert (
        len(re.findall(r'<(?:textarea|input type="text") name="[^"]+"[^>]* lang="cy"', form)) == 9
    )

    response = client.post(_url(proposal), _filled(form, BOXES))
    assert response.status_code == 302
    again = _page(client, _url(proposal))
    for welsh in (*WELSH, PICTURE_CY):  # the translations to change, in their boxes
        assert f">\n{welsh}</textarea>" in again or f'value="{welsh}"' in again, welsh

    for welsh_page, english_page in _welsh_and_english(proposal):
        for welsh, english in zip(WELSH, ORIGINALS, strict=True):
            assert _shown_in(welsh_page, welsh) == "cy", welsh
            assert english not in welsh_page, english
            assert _shown_in(english_page, english) == "en-GB", english
            assert welsh not in english_page, welsh
        assert _picture_in(welsh_page, PICTURE_CY) == "cy"
        assert _picture_in(english_page, PICTURE) == "en-GB"
        assert NOTE not in welsh_page


@pytest.mark.django_db
def test_changing_the_translation_of_commitments_progress_and_easy_read_shows_the_new_one(
    decision_in_full: Decision, member: User
) -> None:
    proposal = decision_in_full.proposal
    client = signed_in(member)
    form = _page(client, _url(proposal))
    assert client.post(_url(proposal), _filled(form, BOXES)).status_code == 302
    changed = {label: f"{value} Eto." for label, value in BOXES.items()}
    assert client.post(_url(proposal), _filled(form, changed)).status_code == 302

    for welsh_page, _english_page in _welsh_and_english(proposal):
        for welsh in WELSH:
            assert _shown_in(welsh_page, f"{welsh} Eto.") == "cy", welsh
            assert _shown_in(welsh_page, welsh) is None, welsh
        assert _picture_in(welsh_page, f"{PICTURE_CY} Eto.") == "cy"


@pytest.mark.django_db
def test_an_untranslated_commitment_on_a_welsh_page_is_marked_english(
    decision: Decision, member: User
) -> None:
    _commit(decision, member)
    (commitment,) = decision.commitments.all()
    decision_services.decision_translate(
        decision=decision,
        by=member,
        language="cy",
        what_was_heard=HEARD_CY,
        reasons=REASONS_CY,
        commitments={
            commitment.pk: TranslatedCommitment(
                COMMITMENT_CY, OWNER_CY, IN_2_YEARS_CY, milestone_10_years=IN_10_YEARS_CY
            )
        },
    )
    later = "Train every care worker in dementia care."
    _commit(decision, member, text=later)  # after the translation, so not translated
    _write_easy_read(decision, member)

    for welsh_page, _english_page in _welsh_and_english(decision.proposal):
        assert _shown_in(welsh_page, COMMITMENT_CY) == "cy"
        assert _shown_in(welsh_page, later) == "en-GB"
        assert _shown_in(welsh_page, PROGRESS) == "en-GB"  # no update is translated
        assert _shown_in(welsh_page, IDEA) == "en-GB"
        assert _picture_in(welsh_page, PICTURE) == "en-GB"
        assert _marked(welsh_page, REASONS_CY) == "cy"
    form = _page(signed_in(member), _url(decision.proposal))
    assert "Commitment 2, in Welsh" in form  # the board can translate it now


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("Commitment 1, in Welsh", "", "Enter the translation of commitment 1"),
        ("Progress update of 3 March 2026 on commitment 1, in Welsh", " \u200b ",
         "The translation of the progress update of 3 March 2026 on commitment 1 has only "
         "invisible characters"),
        ("Easy read idea 1, in Welsh", "a" * 121,
         "The translation of easy read idea 1 must be 120 characters or fewer. It has 121"),
        ("Who is responsible for commitment 1, in Welsh", "a" * 201,
         "The translation of who is responsible for commitment 1 must be 200 characters or "
         "fewer. It has 201"),
        ("What the picture of easy read idea 1 shows, in Welsh", "",
         "Enter the translation of what the picture of easy read idea 1 shows"),
    ],
)  # fmt: skip
def test_a_refused_translation_of_a_commitment_progress_or_easy_read_stores_nothing(
    decision_in_full: Decision, member: User, label: str, value: str, message: str
) -> None:
    proposal = decision_in_full.proposal
    client = signed_in(member)
    form = _page(client, _url(proposal))
    assert client.post(_url(proposal), _filled(form, BOXES)).status_code == 302
    changed = {name: f"{text} Eto." for name, text in BOXES.items()}

    response = client.post(_url(proposal), _filled(form, {**changed, label: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Translate the board’s decision into Welsh" in html
    summary = html[html.index('class="govuk-error-summary"') :].split("</ul>")[0]
    assert message in summary
    assert html.count("govuk-error-message") == 1  # beside its box
    for welsh_page, _english_page in _welsh_and_english(proposal):
        assert "Eto." not in welsh_page  # not even the parts that were right
        assert _shown_in(welsh_page, COMMITMENT_CY) == "cy"
        assert _marked(welsh_page, REASONS_CY) == "cy"


@pytest.mark.django_db
def test_someone_not_on_the_board_cannot_translate_commitments_progress_or_easy_read(
    decision_in_full: Decision, member: User, participant: User, lead: User
) -> None:
    proposal = decision_in_full.proposal
    data = _filled(_page(signed_in(member), _url(proposal)), BOXES)
    for person in (participant, lead):
        assert signed_in(person).post(_url(proposal), data).status_code == 403
    for welsh_page, _english_page in _welsh_and_english(proposal):
        for welsh, english in zip(WELSH, ORIGINALS, strict=True):
            assert welsh not in welsh_page
            assert _shown_in(welsh_page, english) == "en-GB"


def _decided_proposals(index: ProposalIndexPage, lead: User, member: User, n: int) -> None:
    """``n`` decisions, written in English (a request leaves its language active), each
    with a commitment, its progress and an easy read version."""
    for number in range(n):
        proposal = services.proposal_create(
            index=index, author=lead, title=f"Proposal {number}", summary="In short."
        )
        services.proposal_open(proposal=proposal, by=lead)
        with translation.override("en-gb"):
            decision = _decide(proposal, member)
        _commit(decision, member)
        _write_easy_read(decision, member)


def _translate_in_full(decision: Decision, by: User, language: str, word: str) -> None:
    """The decision and each of its parts translated, each text ending with ``word``."""
    decision_services.decision_translate(
        decision=decision,
        by=by,
        language=language,
        what_was_heard=f"{HEARD} {word}",
        reasons=f"{REASONS} {word}",
        commitments={
            one.pk: TranslatedCommitment(
                text=f"{COMMITMENT} {word}",
                owner_text=f"{OWNER} {word}",
                milestone_2_years=f"{IN_2_YEARS} {word}",
                milestone_10_years=f"{IN_10_YEARS} {word}",
            )
            for one in decision.commitments.all()
        },
        progress={
            update.pk: f"{PROGRESS} {word}"
            for one in decision.commitments.all()
            for update in one.updates.all()
        },
        easy_read={
            line.pk: TranslatedEasyReadLine(f"{IDEA} {word}", f"{PICTURE} {word}")
            for line in decision.easy_read.all()
        },
    )


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
        _translate_in_full(decision, member, "cy", "Cymraeg")
        _translate_in_full(decision, member, "ur", "اردو")
    client.get("/decisions/")
    after = {url: _queries(client, url) for url in ("/decisions/", "/cy/decisions/")}
    assert after == before
    welsh = _page(client, "/cy/decisions/")
    assert welsh.count(f'lang="cy" dir="auto"><p>{REASONS} Cymraeg</p>') == 5
    for text in (COMMITMENT, OWNER, IN_2_YEARS, IN_10_YEARS, PROGRESS, IDEA):
        assert len(re.findall(f'lang="cy" dir="auto">(?:<[^>]*>)*{text} Cymraeg<', welsh)) == 5
