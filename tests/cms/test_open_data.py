"""Open data: pseudonymous CSVs of what the public can see, and a read-only JSON API
that publishes only live pages and matches its own OpenAPI document."""

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, resolve, reverse
from django.utils import timezone

from accounts.models import User
from cms import open_data_urls
from cms.imports import polis_import
from cms.models import ConsultationPage, ProposalIndexPage
from cms.open_data import OPENAPI, participant_id
from cms.services import consultation_discussion
from deliberation.models import Statement, StatementStatus, Vote, VoteValue
from proposals import services
from proposals.models import (
    Commitment,
    Decision,
    Outcome,
    ProgressStatus,
    ProgressUpdate,
    ProposalPage,
)
from tests.factories import (
    BoardFactory,
    MessageFactory,
    StatementFactory,
    UserFactory,
    make_consultation,
)
from tests.support.queries import own_queries

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def read_csv(client: Client, slug: str, dataset: str) -> list[dict[str, str]]:
    response = client.get(f"/open-data/consultations/{slug}/{dataset}.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-{dataset}.csv"'
    assert response.streaming
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined] # streaming
    return list(csv.DictReader(io.StringIO(text)))


def raw_csv(client: Client, slug: str, dataset: str) -> str:
    response = client.get(f"/open-data/consultations/{slug}/{dataset}.csv")
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined] # streaming


def proposal(title: str, *, live: bool = True) -> ProposalPage:
    lead = UserFactory.create()
    page = services.proposal_create(
        index=ProposalIndexPage.objects.get(), author=lead, title=title, summary="Summary."
    )
    return services.proposal_open(proposal=page, by=lead) if live else page


@pytest.fixture
def consultation(site_tree: object) -> ConsultationPage:
    page = make_consultation()
    consultation_discussion(consultation=page)
    page.refresh_from_db()
    return page


@pytest.fixture
def people(db: None) -> list[User]:
    return [
        UserFactory.create(email="amira@example.org", display_name="Amira Visible"),
        UserFactory.create(email="ben@example.org", display_name="Ben Visible"),
    ]


@pytest.mark.django_db
def test_csvs_hold_only_visible_content_under_pseudonyms(
    client: Client, consultation: ConsultationPage, people: list[User]
) -> None:
    amira, ben = people
    thread = consultation.thread
    accepted = StatementFactory.create(thread=thread, author=amira, text="More respite breaks")
    rejected = StatementFactory.create(
        thread=thread, author=ben, text="Rejected words", status=StatementStatus.REJECTED
    )
    pending = StatementFactory.create(
        thread=thread, author=ben, text="Pending words", status=StatementStatus.PENDING
    )
    Vote.objects.create(statement=accepted, voter=ben, value=VoteValue.AGREE)
    Vote.objects.create(statement=accepted, voter=amira, value=VoteValue.DISAGREE)
    Vote.objects.create(statement=rejected, voter=amira, value=VoteValue.AGREE)
    Vote.objects.create(statement=pending, voter=amira, value=VoteValue.AGREE)
    shown = MessageFactory.create(thread=thread, author=amira, body="Shown message")
    hidden = MessageFactory.create(
        thread=thread, author=ben, body="Hidden message", hidden_at=timezone.now()
    )
    MessageFactory.create(
        thread=thread, author=ben, body="Deleted message", deleted_at=timezone.now()
    )
    MessageFactory.create(thread=thread, author=amira, body="Replying", reply_to=hidden)
    MessageFactory.create(thread=thread, author=ben, body="Replying to shown", reply_to=shown)

    statements = read_csv(client, consultation.slug, "statements")
    votes = read_csv(client, consultation.slug, "votes")
    messages = read_csv(client, consultation.slug, "messages")

    amira_id = participant_id(consultation_pk=consultation.pk, user_pk=amira.pk)
    ben_id = participant_id(consultation_pk=consultation.pk, user_pk=ben.pk)
    assert [(s["text"], s["participant_id"]) for s in statements] == [
        ("More respite breaks", amira_id)
    ]
    assert (statements[0]["agree"], statements[0]["disagree"], statements[0]["pass"]) == (
        "1", "1", "0",
    )  # fmt: skip
    assert sorted((v["participant_id"], v["value"]) for v in votes) == sorted(
        [(ben_id, "1"), (amira_id, "-1")]
    )
    assert {v["statement_id"] for v in votes} == {str(accepted.pk)}
    assert [m["body"] for m in messages] == ["Shown message", "Replying", "Replying to shown"]
    assert [m["reply_to"] for m in messages] == ["", "", str(shown.pk)]
    for dataset in ("statements", "votes", "messages"):
        text = raw_csv(client, consultation.slug, dataset)
        for person in people:
            assert person.email not in text
            assert person.display_name not in text
            assert str(person.pk) not in {
                row.get("participant_id") for row in csv.DictReader(io.StringIO(text))
            }
        for gone in ("Hidden message", "Deleted message", "Rejected words", "Pending words"):
            assert gone not in text


@pytest.mark.django_db
def test_participant_ids_do_not_link_across_consultations(
    consultation: ConsultationPage, people: list[User]
) -> None:
    other = make_consultation(slug="unpaid-carers", title="Unpaid carers")
    amira = people[0]
    here = participant_id(consultation_pk=consultation.pk, user_pk=amira.pk)
    assert here == participant_id(consultation_pk=consultation.pk, user_pk=amira.pk)
    assert here != participant_id(consultation_pk=other.pk, user_pk=amira.pk)
    assert re.fullmatch(r"[0-9a-f]{16}", here)


@pytest.mark.django_db
def test_formulas_are_neutralised_in_every_csv(
    client: Client, consultation: ConsultationPage, people: list[User]
) -> None:
    StatementFactory.create(thread=consultation.thread, author=people[0], text=FORMULA)
    MessageFactory.create(thread=consultation.thread, author=people[1], body=FORMULA)
    MessageFactory.create(thread=consultation.thread, author=people[1], body="-1 for this")
    MessageFactory.create(thread=consultation.thread, author=people[1], body="@everyone")

    [statement] = read_csv(client, consultation.slug, "statements")
    messages = read_csv(client, consultation.slug, "messages")

    assert statement["text"] == "'" + FORMULA
    assert [m["body"] for m in messages] == ["'" + FORMULA, "'-1 for this", "'@everyone"]
    votes_header = raw_csv(client, consultation.slug, "votes").splitlines()[0]
    assert votes_header == "statement_id,participant_id,value,voted"


@pytest.mark.django_db
def test_a_real_polis_import_exports_every_accepted_statement_and_vote(
    client: Client, consultation: ConsultationPage
) -> None:
    polis_import(consultation=consultation, directory=POLIS / "london.youth.policing")
    thread = consultation.thread
    accepted = Statement.objects.filter(thread=thread, status=StatementStatus.ACCEPTED)

    statements = read_csv(client, consultation.slug, "statements")
    votes = read_csv(client, consultation.slug, "votes")

    assert len(statements) == accepted.count() > 0
    assert len(votes) == Vote.objects.filter(statement__in=accepted).count() > 0
    assert {v["value"] for v in votes} <= {"-1", "0", "1"}
    assert all(re.fullmatch(r"[0-9a-f]{16}", v["participant_id"]) for v in votes)


@pytest.mark.django_db
def test_drafts_are_not_found_in_csv_or_api(client: Client, site_tree: object) -> None:
    draft = make_consultation(slug="draft-consultation")
    draft.unpublish()
    draft_proposal = proposal("Draft respite plan", live=False)

    for dataset in ("statements", "votes", "messages"):
        assert client.get(f"/open-data/consultations/{draft.slug}/{dataset}.csv").status_code == 404
    assert client.get("/open-data/consultations/nope/statements.csv").status_code == 404
    for path, detail in (
        (f"/api/v1/consultations/{draft.slug}/", "No published consultation has this slug"),
        (f"/api/v1/proposals/{draft_proposal.slug}/", "No published proposal has this slug"),
    ):
        response = client.get(path, headers={"origin": "https://elsewhere.example"})
        assert response.status_code == 404
        assert response.json() == {"detail": detail}  # readable by a script on any site
        assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/consultations/").json()["results"] == []
    assert client.get("/api/v1/proposals/").json()["results"] == []
    assert draft.title not in client.get("/open-data/").content.decode()


@pytest.mark.django_db
def test_an_unknown_dataset_is_not_found(client: Client, consultation: ConsultationPage) -> None:
    assert client.get(f"/open-data/consultations/{consultation.slug}/users.csv").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/consultations/", "/api/v1/proposals/", "/api/v1/decisions/",
             "/api/v1/openapi.json", "/api/v1/consultations/home-care/"],
)  # fmt: skip
def test_the_api_refuses_to_change_anything(consultation: ConsultationPage, path: str) -> None:
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(path, data={})
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/consultations/", "/api/v1/proposals/", "/api/v1/decisions/",
             "/api/v1/openapi.json", "/api/v1/consultations/home-care/"],
)  # fmt: skip
def test_any_site_may_read_the_api_and_caches_may_keep_it_briefly(
    consultation: ConsultationPage, path: str
) -> None:
    client = Client(headers={"Origin": "https://data.example"})
    response = client.get(path)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    head = client.head(path)
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert head.content == b""
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=300"
    assert again["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        path,
        headers={
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


@pytest.mark.django_db
def test_a_changed_answer_gets_a_new_etag(consultation: ConsultationPage) -> None:
    client = Client()
    etag = client.get("/api/v1/consultations/home-care/")["ETag"]
    consultation.summary = "What should care at home look like?"
    consultation.save_revision().publish()
    changed = client.get("/api/v1/consultations/home-care/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json()["summary"] == "What should care at home look like?"
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_pages_for_people_are_not_opened_to_other_sites(consultation: ConsultationPage) -> None:
    for path in ("/open-data/", "/consultations/home-care/"):
        assert "Access-Control-Allow-Origin" not in Client().get(path)


def _api_paths() -> set[str]:
    paths = set()
    for pattern in open_data_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if route.startswith(open_data_urls.API_PREFIX):
            paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return paths


def test_the_openapi_document_covers_exactly_the_api_routes() -> None:
    documented = set(OPENAPI["paths"])
    assert documented == _api_paths()
    assert OPENAPI["openapi"].startswith("3.1")
    for path in documented:
        match = resolve(path.replace("{slug}", "some-slug"))
        assert match.namespace == "open_data"
        assert (match.url_name or "").startswith("api-")


@pytest.mark.django_db
def test_the_openapi_document_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == OPENAPI


def assert_matches(data: Any, schema: dict[str, Any]) -> None:
    """Check ``data`` against the document's required keys and types, recursively."""
    schemas = OPENAPI["components"]["schemas"]
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    python = {"object": dict, "array": list, "string": str, "integer": int, "null": type(None)}
    assert any(isinstance(data, python[t]) for t in types if t), (data, schema)
    if "enum" in schema:
        assert data in schema["enum"]
    if isinstance(data, dict):
        assert set(schema["required"]) <= set(data), set(schema["required"]) - set(data)
        for key, sub in schema["properties"].items():
            assert_matches(data[key], sub)
    if isinstance(data, list):
        for item in data:
            assert_matches(item, schema["items"])


def response_schema(path: str) -> dict[str, Any]:
    return OPENAPI["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]


@pytest.fixture
def decided(site_tree: object) -> ProposalPage:
    page = proposal("Fair pay for care workers")
    board = BoardFactory.create()
    chair = UserFactory.create()
    decision = Decision.objects.create(
        proposal=page, board=board, outcome=Outcome.ADOPTED, what_was_heard="People agreed.",
        reasons="It is affordable.", decided_by=chair, decided_at=timezone.now(),
    )  # fmt: skip
    commitment = Commitment.objects.create(
        decision=decision, text="Pay the real living wage", owner_organisation=board,
        milestone_2_years="Half of providers", created_by=chair,
    )  # fmt: skip
    ProgressUpdate.objects.create(
        commitment=commitment, date=timezone.localdate(), status=ProgressStatus.ON_TRACK,
        text="Started.", created_by=chair,
    )  # fmt: skip
    return page


@pytest.mark.django_db
def test_responses_match_the_documented_schemas(client: Client, decided: ProposalPage) -> None:
    consultation = make_consultation(proposals=[decided])
    draft = proposal("Hidden draft", live=False)

    listing = client.get("/api/v1/consultations/").json()
    assert_matches(listing, response_schema("/api/v1/consultations/"))
    detail = client.get(f"/api/v1/consultations/{consultation.slug}/").json()
    assert_matches(detail, response_schema("/api/v1/consultations/{slug}/"))
    assert detail["proposals"] == [decided.slug]
    assert detail["status"] == "open"

    proposals = client.get("/api/v1/proposals/").json()
    assert_matches(proposals, response_schema("/api/v1/proposals/"))
    assert [p["slug"] for p in proposals["results"]] == [decided.slug]
    assert draft.slug not in str(proposals)
    one = client.get(f"/api/v1/proposals/{decided.slug}/").json()
    assert_matches(one, response_schema("/api/v1/proposals/{slug}/"))
    lead = decided.authors.get().user
    assert one["authors"] == [
        {"name": lead.display_name, "relationship": "unpaid carer", "role": "lead"}
    ]
    assert lead.email not in str(one)
    assert one["revision_count"] >= 1
    assert {s["name"] for s in one["sections"]} >= {"problem", "proposal", "evidence"}

    decisions = client.get("/api/v1/decisions/").json()
    assert_matches(decisions, response_schema("/api/v1/decisions/"))
    [item] = decisions["results"]
    assert item["outcome"] == "adopted"
    assert item["commitments"][0]["milestones"]["2_years"] == "Half of providers"
    assert item["commitments"][0]["progress"][0]["status"] == "on_track"


@pytest.mark.django_db
def test_lists_are_paginated(client: Client, site_tree: object) -> None:
    for n in range(3):
        proposal(f"Respite proposal {n}")
    first = client.get("/api/v1/proposals/?page=1").json()
    assert (first["count"], first["page"], first["num_pages"]) == (3, 1, 1)
    assert (first["next"], first["previous"]) == (None, None)
    assert client.get("/api/v1/proposals/").json()["page"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["abc", "0", "-1", "1.5", "2", ""])
@pytest.mark.parametrize("path", ["/api/v1/consultations/", "/api/v1/proposals/",
                                  "/api/v1/decisions/"])  # fmt: skip
def test_a_page_that_is_not_there_is_refused_with_what_to_send(
    client: Client, site_tree: object, path: str, number: str
) -> None:
    """A client that asked for page 'abc' was given page 1 as if it had asked for it."""
    proposal("Respite proposal")
    response = client.get(path, {"page": number})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"  # a script on any site can read why
    assert response.json() == {
        "detail": f"Send page as 1, or leave it out for the first page; not {number!r}.",
        "code": "invalid_page",
        "parameter": "page",
    }
    documented = OPENAPI["paths"][path]["get"]["responses"]["400"]
    assert documented["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


@pytest.mark.django_db
def test_a_page_past_the_last_names_the_pages_there_are(client: Client, site_tree: object) -> None:
    for n in range(51):
        proposal(f"Respite proposal {n}")
    assert client.get("/api/v1/proposals/", {"page": "2"}).json()["page"] == 2
    response = client.get("/api/v1/proposals/", {"page": "3"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Send page as a whole number from 1 to 2, or leave it out for the first page; not '3'."
    )


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["hearth.example.org"])
def test_links_in_the_api_name_the_host_and_scheme_the_client_used(
    consultation: ConsultationPage, decided: ProposalPage
) -> None:
    """They said http://localhost/ whatever the host, because the Site record says so."""
    client = Client(HTTP_HOST="hearth.example.org")
    consultations = client.get("/api/v1/consultations/", secure=True).json()["results"]
    assert consultations[0]["url"] == "https://hearth.example.org/consultations/home-care/"
    detail = client.get("/api/v1/consultations/home-care/", secure=True).json()
    assert detail["url"] == "https://hearth.example.org/consultations/home-care/"
    proposals = client.get("/api/v1/proposals/", secure=True).json()["results"]
    expected = f"https://hearth.example.org{decided.get_url()}"
    assert [p["url"] for p in proposals] == [expected]
    one = client.get(f"/api/v1/proposals/{decided.slug}/", secure=True).json()
    assert one["url"] == expected
    assert "localhost" not in str(consultations) + str(proposals)


@pytest.mark.django_db
def test_proposal_list_queries_do_not_grow_with_proposals(
    client: Client, site_tree: object
) -> None:
    for n in range(2):
        proposal(f"Home first {n}")
    client.get("/api/v1/proposals/")  # warm caches (site root, content types)
    with own_queries() as queries:
        assert len(client.get("/api/v1/proposals/").json()["results"]) == 2
    assert len(queries) <= 6
    for n in range(2, 8):
        proposal(f"Home first {n}")
    client.get("/api/v1/proposals/")  # publishing renewed the page-tree memo: warm it again
    with own_queries() as queries:
        assert len(client.get("/api/v1/proposals/").json()["results"]) == 8
    assert len(queries) <= 6


@pytest.mark.django_db
def test_the_open_data_page_explains_the_data(
    client: Client, consultation: ConsultationPage
) -> None:
    response = client.get("/open-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open Government Licence v3.0" in html
    assert "cannot be linked across consultations" in html
    for column in ("participant_id", "statement_id", "reply_to", "voted"):
        assert f"<code>{column}</code>" in html
    assert reverse("open_data:api-openapi") in html
    assert f"/open-data/consultations/{consultation.slug}/votes.csv" in html
    assert "<script>" not in html
    assert "style=" not in html
    assert 'href="/open-data/"' in client.get("/search/").content.decode()
