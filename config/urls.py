from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from proposals import decision_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("accounts.urls")),
    path("search/", cms_views.search, name="search"),
    path("threads/", include("deliberation.urls")),
    path("write/", include("proposals.urls")),
    path("decisions/", decision_views.accountability, name="accountability"),
    path("", include("cms.open_data_urls")),
    # Wagtail serves every other path from the page tree; keep this last.
    path("", include(wagtail_urls)),
]

handler500 = "config.unavailable.server_error"
