from typing import Any

from django.db import models
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock


class HomePage(Page):
    """The front door: what Hearth is, and the ways in."""

    introduction = models.TextField(
        max_length=400, help_text="One or two sentences that say what this site is for."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1


class ContentPage(Page):
    """A page of text: a short summary, then a body made of blocks."""

    summary = models.TextField(
        max_length=400, blank=True, help_text="Shown under the title and in search results."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        abstract = True


class StandardPage(ContentPage):
    template = "cms/content_page.html"
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]


class AccessibilityStatementPage(ContentPage):
    """The site's accessibility statement, linked from every page's footer."""

    last_reviewed = models.DateField(help_text="When the statement was last checked.")

    content_panels = [*ContentPage.content_panels, FieldPanel("last_reviewed")]

    template = "cms/content_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1


class PrivacyNoticePage(ContentPage):
    """What Hearth keeps about people and why, linked from every page's footer."""

    last_reviewed = models.DateField(help_text="When the notice was last checked.")

    content_panels = [*ContentPage.content_panels, FieldPanel("last_reviewed")]

    template = "cms/content_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1


class ProposalIndexPage(Page):
    """Publishes proposals at /<its slug>/<proposal slug>/, filterable by theme and stage."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["proposals.ProposalPage"]
    max_count = 1
    template = "cms/proposal_index_page.html"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from proposals.selectors import proposal_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(proposal_index_context(self, request.GET))
        return context
