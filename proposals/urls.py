from django.urls import path

from proposals import decision_views, views

app_name = "proposals"

urlpatterns = [
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/section/<slug:section>/", views.edit_section, name="edit-section"),
    path("<int:pk>/suggest/<slug:section>/", views.suggest, name="suggest"),
    path("<int:pk>/comments/<slug:section>/", views.comments, name="comments"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/discussion/", views.discussion, name="discussion"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/co-authors/", views.add_co_author, name="add-co-author"),
    path("<int:pk>/stage/", views.change_stage, name="change-stage"),
    path("<int:pk>/decide/", decision_views.decide, name="decide"),
    path(
        "<int:pk>/decision/easy-read/",
        decision_views.decision_easy_read,
        name="decision-easy-read",
    ),
    path(
        "<int:pk>/decision/translate/<slug:language>/",
        decision_views.decision_translate,
        name="decision-translate",
    ),
    path("<int:pk>/commitments/", decision_views.add_commitment, name="add-commitment"),
    path(
        "commitments/<int:commitment_id>/progress/",
        decision_views.add_progress,
        name="add-progress",
    ),
    path("suggestions/<int:suggestion_id>/", views.suggestion, name="suggestion"),
    path("comments/<int:comment_id>/flag/", views.flag_comment, name="flag-comment"),
    path("comments/<int:comment_id>/hide/", views.hide_comment, name="hide-comment"),
]
