import io
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from accounts.models import User
from cms.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage, StandardPage
from proposals.models import ProposalPage, RevisionNote, Suggestion


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "orange").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def picture(db: None) -> Image:
    return Image.objects.create(title="A kettle", file=SimpleUploadedFile("kettle.png", _png()))


@pytest.mark.django_db
def test_standard_page_renders_every_block(
    client: Client, site_tree: HomePage, picture: Image
) -> None:
    page = StandardPage(
        title="How to take part",
        slug="take-part",
        summary="Three ways to have your say.",
        body=[
            ("heading", {"text": "Before you start", "level": "h2"}),
            ("text", "<p>You can <b>take part</b> from home.</p>"),
            (
                "call_to_action",
                {"text": "Create an account", "page": None, "url": "https://example.org/join"},
            ),
            (
                "easy_read",
                {
                    "picture": {
                        "image": picture,
                        "alt_text": "A person making tea",
                        "decorative": False,
                    },
                    "sentence": "You can have your say at home.",
                },
            ),
        ],
    )
    site_tree.add_child(instance=page)
    page.save_revision().publish()

    html = client.get("/take-part/").content.decode()
    assert '<h1 class="govuk-heading-xl">How to take part</h1>' in html
    assert '<h2 class="govuk-heading-l">Before you start</h2>' in html
    assert "<b>take part</b>" in html
    assert 'href="https://example.org/join">Create an account</a>' in html
    assert 'alt="A person making tea"' in html
    assert '<p class="hearth-easy-read__sentence">You can have your say at home.</p>' in html


@pytest.mark.django_db
def test_rich_text_cannot_carry_script(client: Client, site_tree: HomePage) -> None:
    page = StandardPage(
        title="Notes",
        slug="notes",
        body=[("text", '<p>Hi</p><script>alert(1)</script><img src=x onerror="alert(2)">')],
    )
    site_tree.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/notes/").content.decode()
    assert "alert(1)" not in html
    assert "onerror" not in html


@pytest.mark.django_db
@pytest.mark.search
def test_search_finds_published_pages_only(client: Client, site_tree: HomePage) -> None:
    draft = StandardPage(
        title="Respite breaks draft", slug="respite-draft", summary="Respite plans"
    )
    site_tree.add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()
    live = StandardPage(
        title="Respite breaks for carers", slug="respite", summary="Respite for carers"
    )
    site_tree.add_child(instance=live)
    live.save_revision().publish()

    html = client.get("/search/", {"q": "respite"}).content.decode()
    assert "1 result for ‘respite’" in html
    assert 'href="/respite/">Respite breaks for carers</a>' in html
    assert "Respite breaks draft" not in html


@pytest.mark.django_db
def test_search_with_nothing_found_says_so(client: Client, site_tree: HomePage) -> None:
    html = client.get("/search/", {"q": "zzzxqj", "page": "99"}).content.decode()
    assert "0 results for ‘zzzxqj’" in html
    assert "Try other words" in html


@pytest.mark.django_db
def test_footer_links_to_the_accessibility_statement_and_privacy_notice(
    client: Client, site_tree: HomePage
) -> None:
    html = client.get("/").content.decode()
    assert 'href="/accessibility/">Accessibility statement</a>' in html
    assert 'href="/privacy/">Privacy notice</a>' in html


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_credentials(
    settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "officer@hearth.example" in out
    assert "participant@hearth.example" in out
    # One home page in each language the demo is written in (English, and Welsh).
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == [
        "cy",
        "en-gb",
    ]
    assert AccessibilityStatementPage.objects.count() == 1
    assert PrivacyNoticePage.objects.count() == 1
    assert Page.objects.filter(depth=2).count() == 2
    # Four people and a reform board member who sign in, and the consultation's voices.
    assert User.objects.exclude(email__endswith="@people.hearth.example").count() == 5
    assert User.objects.filter(email__endswith="@people.hearth.example").count() == 64
    assert ProposalPage.objects.live().count() == 5
    assert Suggestion.objects.filter(status=Suggestion.Status.ACCEPTED).count() == 3
    for proposal in ProposalPage.objects.all():
        # Started, then at least one section written by a co-author.
        assert RevisionNote.objects.filter(proposal=proposal).count() >= 2
        assert proposal.authors.count() == 2
    officer = User.objects.get(email="officer@hearth.example")
    assert officer.is_staff
    assert set(officer.groups.values_list("name", flat=True)) == {"Editors", "Moderators"}
    # The demo's people have made-up addresses: the daily digest never emails them.
    call_command("send_digests", stdout=io.StringIO())
    assert mail.outbox == []
    assert not User.objects.filter(email_digest=True).exists()


@pytest.mark.django_db
def test_seed_demo_refuses_to_publish_demo_passwords_without_debug() -> None:
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()


def _phase_banner(client: Client) -> str:
    html = client.get("/").content.decode()
    return html.split('<div class="govuk-phase-banner">')[1].split("</div>")[0]


@pytest.mark.django_db
def test_the_beta_banner_links_to_where_feedback_goes(client: Client, site_tree: HomePage) -> None:
    with override_settings(FEEDBACK_URL="https://forms.example.org/hearth-feedback"):
        banner = _phase_banner(client)
    assert (
        'Help us improve it and <a class="govuk-link" '
        'href="https://forms.example.org/hearth-feedback">give your feedback</a>.'
    ) in banner


@pytest.mark.django_db
def test_without_a_feedback_url_the_banner_offers_an_email(
    client: Client, site_tree: HomePage
) -> None:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    banner = _phase_banner(client)
    assert f'href="mailto:{address}?subject=Feedback%20on%20Hearth">' in banner
    assert "give your feedback by email</a>" in banner
