import pytest
from django.test import Client

from accounts.models import Notification, User
from accounts.services import notification_send


@pytest.mark.django_db
def test_notifications_show_in_the_header_and_can_be_marked_read(
    signed_in_client: Client, user: User, site_tree: object
) -> None:
    notification_send(user=user, message="Ana accepted your suggestion.", url="/write/1/history/")
    home = signed_in_client.get("/").content.decode()
    assert "Notifications (1 new)" in home
    page = signed_in_client.get("/account/notifications/").content.decode()
    assert "Ana accepted your suggestion." in page
    signed_in_client.post("/account/notifications/")
    assert not Notification.objects.unread().filter(user=user).exists()
    assert "Notifications (1 new)" not in signed_in_client.get("/").content.decode()
