import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.models import RelationshipToCare
from cms.admin_forms import OwnOrganisationPageForm
from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.page_permissions import OrganisationPagePermissionsMixin
from cms.routing import route_from
from common.easy_read_blocks import EasyReadStreamBlock
from common.page_language import ReadersLanguageUrlMixin, default_locale_id
from common.page_tree import remembered
from common.view_restrictions import ViewRestrictionsWhenAnyMixin
from proposals.selectors import proposal_index_context

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class HomePage(ReadersLanguageUrlMixin, ViewRestrictionsWhenAnyMixin, Page):
    """The front door: what Hearth is, and the ways in."""

    introduction = models.TextField(
        max_length=400, help_text=_("One or two sentences that say what this site is for.")
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

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Every page of the site is routed from here: in one query (cms.routing). A home
        page of another language that has no such page yet hands over to the default
        language's, whose page then says it is not translated (common.page_language)."""
        try:
            return route_from(self, request, path_components)
        except Http404:
            default = self._default_language_home()
            if default is None:
                raise
            return route_from(default, request, path_components)

    def _default_language_home(self) -> "HomePage | None":
        if self.locale_id == default_locale_id():
            return None
        return remembered(
            ("home in the default language", self.pk),
            lambda: self.get_translation_or_none(default_locale_id()),
        )

    @property
    def localized(self) -> "HomePage":
        """The home page in the reader's language (where Wagtail starts routing), or this
        one; remembered until the page tree changes, as the site is (cms.site_lookup)."""
        return remembered(
            ("home in", self.pk, translation.get_language()),
            lambda: super(HomePage, self).localized,
        )


class ContentPage(ReadersLanguageUrlMixin, ViewRestrictionsWhenAnyMixin, Page):
    """A page of text: a short summary, then a body made of blocks."""

    summary = models.TextField(
        max_length=400, blank=True, help_text=_("Shown under the title and in search results.")
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

    last_reviewed = models.DateField(help_text=_("When the statement was last checked."))

    content_panels = [*ContentPage.content_panels, FieldPanel("last_reviewed")]

    template = "cms/accessibility_statement_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Beside what editors write, what the automatic tests check: generated from the
        same file the tests read, so the statement cannot claim more than they check."""
        from cms.accessibility import statement_context

        context = super().get_context(request, *args, **kwargs)
        context["tested"] = statement_context()
        return context


class PrivacyNoticePage(ContentPage):
    """What Hearth keeps about people and why, linked from every page's footer."""

    last_reviewed = models.DateField(help_text=_("When the notice was last checked."))

    content_panels = [*ContentPage.content_panels, FieldPanel("last_reviewed")]

    template = "cms/content_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1


class ProposalIndexPage(ReadersLanguageUrlMixin, ViewRestrictionsWhenAnyMixin, Page):
    """Publishes proposals at /<its slug>/<proposal slug>/, filterable by theme and stage."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["proposals.ProposalPage"]
    max_count = 1
    template = "cms/proposal_index_page.html"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context.update(proposal_index_context(self, request.GET))
        return context


class OrganisationPage(
    OrganisationPagePermissionsMixin, ReadersLanguageUrlMixin, ViewRestrictionsWhenAnyMixin, Page
):
    """A council's, reform board's or charity's own page: who they are and what they run."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="page"
    )
    description = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("description"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    template = "cms/organisation_page.html"
    base_form_class = OwnOrganisationPageForm

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from cms.selectors import organisation_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(organisation_page_context(self))
        return context


class ConsultationIndexPage(ReadersLanguageUrlMixin, ViewRestrictionsWhenAnyMixin, Page):
    """Lists consultations; each is published at /<its slug>/<consultation slug>/."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ConsultationPage"]
    max_count = 1
    template = "cms/consultation_index_page.html"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from cms.selectors import consultation_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_index_context(self))
        return context


class ConsultationStatus(models.TextChoices):
    # Translators: the state of a consultation: it does not take answers yet.
    UPCOMING = "upcoming", _("Not open yet")
    # Translators: the state of a consultation: it takes answers now.
    OPEN = "open", _("Open")
    # Translators: the state of a consultation: it no longer takes answers.
    CLOSED = "closed", _("Closed")


# In English here, as tests compare with them; each is said through gettext when refused.
CLOSES_BEFORE_OPENING = gettext_noop("The closing date must be after the opening date")

# The area's expected mix of relationships to care: one share (per cent of the area's
# adults) per relationship a person can give. "I prefer not to say" is no part of an area.
AREA_MIX_FIELDS: dict[str, str] = {
    RelationshipToCare.DRAWS_ON_CARE: "area_draws_on_care",
    RelationshipToCare.UNPAID_CARER: "area_unpaid_carer",
    RelationshipToCare.CARE_WORKER: "area_care_worker",
    RelationshipToCare.COUNCIL_NHS_STAFF: "area_council_nhs_staff",
    RelationshipToCare.CARE_PROVIDER: "area_care_provider",
    RelationshipToCare.OTHER: "area_other",
}
AREA_MIX_TOLERANCE = Decimal(1)  # rounding: 99% to 101% is taken as 100%
AREA_MIX_SOURCE_NEEDED = gettext_noop(
    "Say where these figures come from (for example “Census 2021 and the council’s own "
    "records, 2024”), so the board can check them."
)


def area_share(label: "StrOrPromise") -> models.DecimalField:
    """A share of the area's adults, in per cent, to one decimal place; blank is 0."""
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Give a share of 0%% or more.")),
            MaxValueValidator(100, _("A share cannot be more than 100%%.")),
        ],
    )


def area_mix_total_error(total: Decimal) -> str:
    return gettext(
        "The area’s mix of relationships to care adds up to %(total)s%%. The shares must add "
        "up to 100%% (from %(lowest)s%% to %(highest)s%%, to allow for rounding): check each "
        "share, or clear them all to show the report without reweighting."
    ) % {
        "total": f"{total.normalize():f}",
        "lowest": 100 - AREA_MIX_TOLERANCE,
        "highest": 100 + AREA_MIX_TOLERANCE,
    }


class ConsultationPage(
    OrganisationPagePermissionsMixin,
    RoutablePageMixin,
    ReadersLanguageUrlMixin,
    ViewRestrictionsWhenAnyMixin,
    Page,
):
    """A public consultation, carrying each Gunning principle as data.

    Proposals are linked from here (a ParentalManyToManyField on the consultation, not a
    key on the proposal): the officer chooses them while writing the consultation, the
    choice is revisioned and published with the page, and a proposal's own revisioned
    text never changes because a consultation mentions it.
    """

    thread = models.OneToOneField(
        "deliberation.Thread",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="consultation",
        help_text=_("The live discussion of this consultation."),
    )
    # A translation shares its original's discussion (cms.services.consultation_discussion).
    exclude_fields_in_copy = ["thread"]

    @cached_property
    def discussion_thread_id(self) -> int | None:
        """The thread of this consultation's one discussion: its own, or, for a translation,
        its original's, so that its report, progress and downloads are the same in every
        language."""
        if self.thread_id is not None:
            return self.thread_id
        return (
            ConsultationPage.objects.filter(translation_key=self.translation_key)
            .exclude(thread=None)
            .values_list("thread_id", flat=True)
            .first()
        )

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("The council or organisation that runs this consultation."),
    )
    reform_board = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_consultations",
        limit_choices_to={"kind": "reform_board"},
        help_text=_("The reform board that decides on the proposals (optional)."),
    )
    summary = models.TextField(max_length=600, help_text=_("Two or three sentences: what and why."))
    # Gunning 1: consult while proposals are still at a formative stage.
    open_to_change = models.TextField(
        _("what is still open to change"),
        max_length=4000,
        help_text=_("What people's answers can still change. Be specific."),
    )
    already_decided = models.TextField(
        _("what has already been decided"),
        max_length=4000,
        blank=True,
        help_text=_("Anything that is settled and why, so nobody wastes their time on it."),
    )
    # Gunning 2: sufficient reasons and information for intelligent consideration.
    background = RichTextField(features=RICH_TEXT_FEATURES)
    options = RichTextField(_("the options"), features=RICH_TEXT_FEATURES)
    costs_and_impacts = RichTextField(features=RICH_TEXT_FEATURES)
    easy_read = StreamField(
        EasyReadStreamBlock(),
        blank=True,
        verbose_name=_("easy read version"),
        help_text=_("A picture beside one short sentence, for each main idea."),
    )
    # Gunning 3: adequate time.
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    # Gunning 4: conscientious consideration, published after closing.
    what_we_heard = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    what_we_decided = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    report_easy_read = StreamField(
        EasyReadStreamBlock(),
        blank=True,
        verbose_name=_("easy read version of the board report"),
        help_text=_("What people said and what the board found: a picture and a sentence each."),
    )
    proposals = ParentalManyToManyField(
        "proposals.ProposalPage", blank=True, related_name="consultations"
    )
    # Who lives here: the report shows who took part against this mix, and reweights to it.
    area_draws_on_care = area_share(_("people who draw on care and support (%)"))
    area_unpaid_carer = area_share(_("unpaid carers (%)"))
    area_care_worker = area_share(_("care workers and personal assistants (%)"))
    area_council_nhs_staff = area_share(_("council and NHS staff (%)"))
    area_care_provider = area_share(_("people who run or work for a care provider (%)"))
    area_other = area_share(_("everyone else (%)"))
    area_mix_source = models.CharField(
        _("where these figures come from"),
        max_length=300,
        blank=True,
        help_text=_("For example: Census 2021 (unpaid care), Skills for Care workforce data."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("reform_board"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("open_to_change"), FieldPanel("already_decided")],
            heading=_("Formative stage: what can still change"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("background"),
                FieldPanel("options"),
                FieldPanel("costs_and_impacts"),
                InlinePanel("documents", label=_("Document")),
                FieldPanel("easy_read"),
            ],
            heading=_("Information people need to answer"),
        ),
        FieldRowPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")],
            heading=_("Dates"),
            help_text=_(
                "Give people enough time. You will be warned if the consultation is open "
                "for less than the organisation's minimum (usually 12 weeks)."
            ),
        ),
        FieldPanel("proposals", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("what_we_heard"),
                FieldPanel("what_we_decided"),
                FieldPanel("report_easy_read"),
            ],
            heading=_("After it closes: what we heard and what we decided"),
        ),
        MultiFieldPanel(
            [
                *(FieldPanel(name) for name in AREA_MIX_FIELDS.values()),
                FieldPanel("area_mix_source"),
            ],
            heading=_("Who lives here: the area's mix of relationships to care (optional)"),
            help_text=_(
                "What share of the area's adults each relationship to care makes up, in per "
                "cent, adding up to 100. The board report then shows who took part against "
                "this mix and each figure reweighted to it. Leave all blank for no reweighting."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("open_to_change"),
        index.SearchField("background"),
        index.SearchField("options"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]

    parent_page_types = ["cms.ConsultationIndexPage"]
    base_form_class = OwnOrganisationPageForm
    subpage_types: list[str] = []
    template = "cms/consultation_page.html"

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": gettext(CLOSES_BEFORE_OPENING)})
        self._clean_area_mix()

    def _clean_area_mix(self) -> None:
        """All blank (no reweighting), or shares that add up to 100% with their source.

        A blank share among given ones counts as 0%. Shares out of range are left to
        their fields' own validators, which name the field.
        """
        shares = [getattr(self, name) for name in AREA_MIX_FIELDS.values()]
        if all(share is None for share in shares):
            return
        if any(share is not None and not 0 <= share <= 100 for share in shares):
            return
        errors: dict[str, str] = {}
        total = sum((share or Decimal(0) for share in shares), Decimal(0))
        if abs(total - 100) > AREA_MIX_TOLERANCE:
            errors[NON_FIELD_ERRORS] = area_mix_total_error(total)
        if not self.area_mix_source.strip():
            errors["area_mix_source"] = gettext(AREA_MIX_SOURCE_NEEDED)
        if errors:
            raise ValidationError(errors)

    def area_mix(self) -> dict[str, float] | None:
        """The area's expected share of each relationship to care, in per cent, or ``None``
        when the officer gave none (the report then shows no reweighted figures)."""
        shares = {key: getattr(self, name) for key, name in AREA_MIX_FIELDS.items()}
        if all(share is None for share in shares.values()):
            return None
        return {key: float(share or 0) for key, share in shares.items()}

    def status(self, now: datetime.datetime | None = None) -> ConsultationStatus:
        """Upcoming, open or closed: follows from the dates, never stored."""
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationStatus.UPCOMING
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    @property
    def current_status(self) -> ConsultationStatus:
        return self.status()

    @property
    def window_days(self) -> int:
        return (self.closes_at - self.opens_at).days

    @property
    def minimum_days(self) -> int:
        return int(self.organisation.minimum_consultation_days)

    @property
    def shorter_than_minimum(self) -> bool:
        return self.window_days < self.minimum_days

    def short_window_warning(self) -> str:
        """What to tell the officer when the window is shorter than their organisation's
        minimum, or '' when it is long enough."""
        if not self.shorter_than_minimum:
            return ""
        return gettext(
            "‘%(title)s’ is open for %(days)s days, less than %(organisation)s’s minimum of "
            "%(minimum)s days. Make sure people have enough time to respond, or record why it "
            "is shorter."
        ) % {
            "title": self.title,
            "days": self.window_days,
            "organisation": self.organisation.name,
            "minimum": self.minimum_days,
        }

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from cms.selectors import consultation_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_page_context(self, request))
        return context

    @path("")
    def consultation(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("gunning/")
    def gunning(self, request: HttpRequest) -> HttpResponse:
        from cms.selectors import gunning_evidence

        return self.render(
            request,
            context_overrides={"principles": gunning_evidence(self)},
            template="cms/consultation_gunning.html",
        )

    @path("gunning/csv/")
    def gunning_csv(self, request: HttpRequest) -> HttpResponse:
        from cms.selectors import gunning_csv

        response = HttpResponse(gunning_csv(self), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}-gunning.csv"'
        return response

    @path("you-said-we-did/")
    def you_said_we_did(self, request: HttpRequest) -> HttpResponse:
        from cms.selectors import consultation_decisions

        return self.render(
            request,
            context_overrides={"proposals": consultation_decisions(self)},
            template="cms/consultation_you_said_we_did.html",
        )

    @path("report/")
    def report(self, request: HttpRequest) -> HttpResponse:
        """The board report: opinion groups, consensus, division and themes."""
        from cms.report_views import report_page

        return report_page(self, request)

    @path("report/csv/")
    def report_csv(self, request: HttpRequest) -> HttpResponse:
        from cms.report_views import report_csv_download

        return report_csv_download(self, request)

    @path("report/json/")
    def report_json(self, request: HttpRequest) -> HttpResponse:
        from cms.report_views import report_json_download

        return report_json_download(self, request)

    @path("report/run/")
    def report_run(self, request: HttpRequest) -> HttpResponse:
        from cms.report_views import report_run

        return report_run(self, request)

    @path("report/status/")
    def report_status(self, request: HttpRequest) -> HttpResponse:
        from cms.report_views import report_run_status

        return report_run_status(self, request)

    @path("discussion/")
    def discussion(self, request: HttpRequest) -> HttpResponse:
        """The consultation's live thread (started on first use)."""
        from cms.services import consultation_discussion

        return redirect(consultation_discussion(consultation=self).get_absolute_url())

    def with_content_json(self, content: dict[str, Any]) -> "ConsultationPage":
        # The discussion belongs to the consultation, not to a revision of its text.
        obj = super().with_content_json(content)
        obj.thread_id = self.thread_id
        return obj


class ConsultationDocument(Orderable):
    """A document people can read before they answer (Wagtail documents)."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]

    def __str__(self) -> str:
        return str(self.document)
