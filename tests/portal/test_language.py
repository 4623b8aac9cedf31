"""The portal's language switch: a plain link that sets the language cookie."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_switch_to_english_and_back(portal):
    client = Client()
    to = reverse("portal:results")
    response = client.get(reverse("portal:language", args=["en"]), {"next": to})
    assert response.status_code == 302 and response["Location"] == to
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get(to).content.decode()
    client.get(reverse("portal:language", args=["zh-hans"]))
    assert 'lang="zh-hans"' in client.get(to).content.decode()


def test_only_portal_addresses_to_go_back_to(portal):
    for bad in ("https://evil.example/", "//evil.example/", "/items/"):
        response = Client().get(reverse("portal:language", args=["en"]), {"next": bad})
        assert response["Location"] == reverse("portal:home"), bad


def test_unknown_language_is_404(portal):
    assert Client().get(reverse("portal:language", args=["xx"])).status_code == 404
