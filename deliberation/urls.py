from django.urls import path

from deliberation import views, voting_views

app_name = "deliberation"

urlpatterns = [
    path("", views.thread_list, name="threads"),
    path("<int:thread_id>/", views.thread_page, name="thread"),
    path("<int:thread_id>/vote/", voting_views.voting_page, name="voting"),
    path("<int:thread_id>/statements/", voting_views.statements, name="statements"),
    path("<int:thread_id>/statements/<int:statement_id>/vote/", voting_views.vote, name="vote"),
    path(
        "<int:thread_id>/messages/<int:message_id>/edit/", views.message_change, name="message-edit"
    ),
    path(
        "<int:thread_id>/messages/<int:message_id>/delete/",
        views.message_remove,
        name="message-delete",
    ),
    path(
        "<int:thread_id>/messages/<int:message_id>/report/",
        views.message_report,
        name="message-report",
    ),
    path("<int:thread_id>/polls/<int:poll_id>/", views.poll_page, name="poll"),
    path("<int:thread_id>/moderation/", views.moderation, name="moderation"),
]
