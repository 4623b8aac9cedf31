"""Helpers for the accounts tests: a clock that tests can move, and logging in by form."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factory import PASSWORD


class Frozen:
    """A movable "now" for twincity.lib.clock."""

    def __init__(self) -> None:
        self.at = timezone.now().replace(microsecond=0)

    def __call__(self) -> dt.datetime:
        return self.at

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


def post_login(client: Client, username: str, password: str = PASSWORD, **extra: str):
    data = {"username": username, "password": password} | extra
    return client.post(reverse("accounts:login"), data)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
