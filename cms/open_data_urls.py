"""Open data: the /open-data/ page with its CSV downloads, and the read-only /api/v1/."""

from django.urls import path

from cms import open_data_views as views

app_name = "open_data"

API_PREFIX = "api/v1/"

urlpatterns = [
    path("open-data/", views.open_data_page, name="index"),
    path(
        "open-data/consultations/<slug:slug>/<str:dataset>.csv",
        views.consultation_csv,
        name="consultation-csv",
    ),
    path(f"{API_PREFIX}consultations/", views.consultation_list, name="api-consultations"),
    path(
        f"{API_PREFIX}consultations/<slug:slug>/",
        views.consultation_detail,
        name="api-consultation",
    ),
    path(f"{API_PREFIX}proposals/", views.proposal_list, name="api-proposals"),
    path(f"{API_PREFIX}proposals/<slug:slug>/", views.proposal_detail, name="api-proposal"),
    path(f"{API_PREFIX}decisions/", views.decision_list, name="api-decisions"),
    path(f"{API_PREFIX}openapi.json", views.openapi, name="api-openapi"),
]
