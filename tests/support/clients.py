"""Django test clients as a given person, for tests of the pages without a browser."""

from typing import Any

from django.test import Client


def client_for(user: Any | None) -> Client:
    """A client signed in as ``user``, or a visitor's for None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
