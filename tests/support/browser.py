"""Browser contexts signed in as a given person, without typing the password each time."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext

from accounts.models import User
from harness.server import LiveServer


def signed_in_context(
    browser: Browser, server: LiveServer, user: User | None, *, javascript: bool = True
) -> BrowserContext:
    context = browser.new_context(java_script_enabled=javascript, base_url=server.url)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": server.url, "httpOnly": True}]
        )
    return context
