from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import last_modified
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from analysis import views as analysis_views
from cms import views as cms_views
from proposals import decision_views

# For machines, and for editors in Wagtail's admin (which follows each editor's own
# language setting): one address in every language.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("cms.open_data_urls")),
    # Wagtail's own sign-in form (for pages with a view restriction) would be a second way
    # in, without the sign-in rate limits: it sends people to Hearth's instead.
    path("_util/login/", RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True)),
]

# The words Hearth's JavaScript writes (thread.js, voting.js, cowriting.js) change only when
# Hearth is deployed: browsers keep the catalogue and ask each time only whether it changed
# since this process started (a 304 when not), so a deploy's new words are never stale.
JAVASCRIPT_CATALOGUE_CHANGED = timezone.now()

# For people: English at its own address, each other language under its code (/cy/...).
urlpatterns += i18n_patterns(
    path("account/", include("accounts.urls")),
    path("search/", cms_views.search, name="search"),
    path("you/", cms_views.your_hearth_view, name="your-hearth"),
    path(
        "threads/<int:thread_id>/where-you-stand/",
        analysis_views.where_you_stand,
        name="where-you-stand",
    ),
    path("threads/", include("deliberation.urls")),
    path("write/", include("proposals.urls")),
    path("decisions/", decision_views.accountability, name="accountability"),
    # In the address's language (/cy/jsi18n/ is Welsh): only the catalogues in LOCALE_PATHS,
    # as the apps named hold none of their own (no other app's JavaScript words).
    path(
        "jsi18n/",
        cache_control(no_cache=True)(
            last_modified(lambda request: JAVASCRIPT_CATALOGUE_CHANGED)(
                JavaScriptCatalog.as_view(packages=["deliberation", "proposals"])
            )
        ),
        name="javascript-catalog",
    ),
    # Wagtail serves every other path from the page tree; keep this last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "config.unavailable.server_error"
