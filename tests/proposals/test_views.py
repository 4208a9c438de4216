import pytest
from django.test import Client

from accounts.models import User
from cms.models import ProposalIndexPage
from proposals import services
from proposals.lifecycle import Stage
from proposals.models import ConflictCopy, ProposalPage, Suggestion, Theme
from proposals.selectors import latest_content, latest_revision, revisions_of
from tests.support.queries import own_queries
from tests.support.tables import table_count, tables_that_cannot_scroll


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_starting_a_proposal_with_an_empty_title_explains_and_creates_nothing(
    index: ProposalIndexPage, lead: User
) -> None:
    response = _client(lead).post("/write/new/", {"title": "", "summary": "Something."})
    page = response.content.decode()
    assert '<a href="#id_title">Enter a title</a>' in page
    assert "Something." in page
    assert not ProposalPage.objects.exists()


@pytest.mark.django_db
def test_starting_a_proposal_makes_a_draft_with_themes(
    index: ProposalIndexPage, lead: User
) -> None:
    theme = Theme.objects.get(slug="unpaid-carers")
    response = _client(lead).post(
        "/write/new/",
        {"title": "Breaks for carers", "summary": "Regular breaks.", "themes": [theme.pk]},
        follow=True,
    )
    assert "Only you and your co-authors can see it." in response.content.decode()
    proposal = ProposalPage.objects.get()
    assert list(proposal.themes.all()) == [theme]
    assert not proposal.live


@pytest.mark.django_db
def test_a_section_over_its_limit_is_refused_with_the_text_kept(
    draft: ProposalPage, lead: User
) -> None:
    base = latest_revision(draft).pk
    too_long = "word " * 250  # 1,250 characters; the goal allows 1,000
    response = _client(lead).post(
        f"/write/{draft.pk}/section/goal/", {"text": too_long, "base_revision": base}
    )
    page = response.content.decode()
    assert "The measurable goal must be 1,000 characters or fewer" in page
    assert too_long.strip() in page
    assert revisions_of(draft).count() == 1


@pytest.mark.django_db
def test_a_stale_save_shows_the_conflict_page_and_keeps_the_text(
    draft: ProposalPage, lead: User, co_author: User
) -> None:
    base = latest_revision(draft).pk
    _client(lead).post(
        f"/write/{draft.pk}/section/problem/", {"text": "Lead wrote this.", "base_revision": base}
    )
    response = _client(co_author).post(
        f"/write/{draft.pk}/section/problem/",
        {"text": "Co-author wrote this.", "base_revision": base},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed ‘The problem’ while you were writing" in page
    assert "Lead wrote this." in page
    assert "Co-author wrote this." in page
    assert f'name="base_revision" value="{latest_revision(draft).pk}"' in page
    assert ConflictCopy.objects.get().text == "Co-author wrote this."
    assert latest_content(draft).problem == "Lead wrote this."


@pytest.mark.django_db
def test_a_suggestion_on_a_closed_proposal_is_refused_clearly(
    open_proposal: ProposalPage, participant: User
) -> None:
    ProposalPage.objects.filter(pk=open_proposal.pk).update(stage=Stage.CLOSED)
    response = _client(participant).post(
        f"/write/{open_proposal.pk}/suggest/goal/", {"text": "New goal.", "reason": "Better."}
    )
    assert response.status_code == 403
    assert "This proposal is not taking suggestions" in response.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_declining_without_a_reason_is_explained(
    open_proposal: ProposalPage, lead: User, participant: User
) -> None:
    suggestion = services.suggestion_create(
        proposal=open_proposal,
        section="goal",
        text="A goal.",
        reason="Clearer.",
        author=participant,
    )
    response = _client(lead).post(
        f"/write/suggestions/{suggestion.pk}/", {"decision": "decline", "response": ""}
    )
    assert '<a href="#id_response">Say why you are declining it' in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING


def _queries(client: Client, url: str) -> int:
    with own_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_proposal_page_queries_do_not_grow_with_revisions(
    open_proposal: ProposalPage, lead: User
) -> None:
    client = Client()
    url = f"/proposals/{open_proposal.slug}/"
    client.get(url)  # warm Wagtail's site cache
    before = _queries(client, url)
    for n in range(8):
        services.section_save(
            proposal=open_proposal,
            section="problem",
            text=f"Version {n}",
            base_revision_id=latest_revision(open_proposal).pk,
            author=lead,
        )
    client.get(url)  # each new version renewed the page-tree memo: warm it again
    assert _queries(client, url) == before
    assert before <= 15


@pytest.mark.django_db
def test_index_queries_do_not_grow_with_proposals(index: ProposalIndexPage, lead: User) -> None:
    client = Client()
    theme = Theme.objects.first()

    def add(n: int) -> None:
        proposal = services.proposal_create(
            index=index,
            author=lead,
            title=f"Idea {n}",
            summary="Summary.",
            themes=[theme] if theme else [],
        )
        services.proposal_open(proposal=proposal, by=lead)

    add(0)
    client.get("/proposals/")
    before = _queries(client, "/proposals/")
    for n in range(1, 9):
        add(n)
    page = client.get("/proposals/").content.decode()
    assert "9 proposals" in page
    assert _queries(client, "/proposals/") == before
    assert before <= 15


@pytest.mark.django_db
def test_index_filters_by_theme_and_stage(index: ProposalIndexPage, lead: User) -> None:
    carers = Theme.objects.get(slug="unpaid-carers")
    workforce = Theme.objects.get(slug="care-workforce")
    for title, theme in (("Carers breaks", carers), ("Workforce pay", workforce)):
        proposal = services.proposal_create(
            index=index, author=lead, title=title, summary="S.", themes=[theme]
        )
        services.proposal_open(proposal=proposal, by=lead)
    services.proposal_create(
        index=index, author=lead, title="Secret draft", summary="S.", themes=[carers]
    )
    client = Client()
    page = client.get("/proposals/", {"theme": "unpaid-carers"}).content.decode()
    assert "Carers breaks" in page
    assert "Workforce pay" not in page
    assert "Secret draft" not in page
    page = client.get("/proposals/", {"stage": "closed"}).content.decode()
    assert "0 proposals" in page


@pytest.mark.django_db
@pytest.mark.search
def test_site_search_finds_published_proposals(open_proposal: ProposalPage) -> None:
    page = Client().get("/search/", {"q": "care workers"}).content.decode()
    assert "Fair pay for care workers" in page


@pytest.mark.django_db
def test_the_published_page_shows_easy_read_authors_and_versions(
    open_proposal: ProposalPage, lead: User, co_author: User
) -> None:
    services.section_save(
        proposal=open_proposal,
        section="easy_read_summary",
        text="Care workers should get more money.",
        base_revision_id=latest_revision(open_proposal).pk,
        author=lead,
    )
    page = Client().get(f"/proposals/{open_proposal.slug}/").content.decode()
    assert "Care workers should get more money." in page
    assert "Lead, lead author (draws on care and support)" in page
    assert "Co, co-author (care worker or personal assistant)" in page
    assert "2 versions." in page


@pytest.mark.django_db
def test_a_page_without_easy_read_says_so(open_proposal: ProposalPage) -> None:
    page = Client().get(f"/proposals/{open_proposal.slug}/").content.decode()
    assert "There is no easy read version of this page yet." in page


@pytest.mark.django_db
def test_history_and_suggestions_name_sections_as_people_read_them(
    open_proposal: ProposalPage, lead: User, participant: User
) -> None:
    services.section_save(
        proposal=open_proposal,
        section="easy_read_summary",
        text="Care workers should get more money.",
        base_revision_id=latest_revision(open_proposal).pk,
        author=lead,
        note="Easier words",
    )
    services.suggestion_create(
        proposal=open_proposal,
        section="first_steps",
        text="Start with home care.",
        reason="It is where the shortage is worst.",
        author=participant,
    )
    client = _client(lead)
    history = client.get(f"/write/{open_proposal.pk}/history/").content.decode()
    assert 'Easier words<br><span class="govuk-hint">Easy read summary</span>' in history
    assert "easy_read_summary" not in history
    overview = client.get(f"/write/{open_proposal.pk}/").content.decode()
    assert "Pat suggests a change to ‘First steps’" in overview
    assert "first_steps’" not in overview


@pytest.mark.django_db
def test_the_history_table_scrolls_in_its_own_region_on_a_narrow_screen(
    open_proposal: ProposalPage, lead: User
) -> None:
    html = _client(lead).get(f"/write/{open_proposal.pk}/history/").content.decode()
    assert table_count(html) == 1
    assert tables_that_cannot_scroll(html) == []
    assert 'role="region" aria-label="Versions, newest first" tabindex="0"' in html
