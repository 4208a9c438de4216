from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"


class HearthUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for Hearth's user (display name, no real name)."""

    user_viewset = "accounts.viewsets.UserViewSet"
