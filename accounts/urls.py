from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import support_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed-out"),
    path("details/", views.details, name="details"),
    path("your-data/", views.your_data, name="your-data"),
    path("erase/", views.erase, name="erase"),
    path("erased/", views.ErasedView.as_view(), name="erased"),
    path("easy-read/", views.easy_read_choice, name="easy-read"),
    path("language/<str:code>/", views.choose_language, name="language"),
    path("support/", support_views.support_page, name="support"),
    path("support/record/", support_views.support_record, name="support-record"),
    path("support/<int:consent_id>/accept/", support_views.support_accept, name="support-accept"),
    path(
        "support/<int:consent_id>/withdraw/",
        support_views.support_withdraw,
        name="support-withdraw",
    ),
    path("support/on-my-behalf/", support_views.on_my_behalf, name="on-my-behalf"),
    path(
        "support/on-my-behalf/withdraw/",
        support_views.on_my_behalf_withdraw,
        name="on-my-behalf-withdraw",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
