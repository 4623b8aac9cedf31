"""Walk the whole portal as an anonymous visitor: every page and download is public only."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import reverse

from tests.portal.conftest import assert_no_secrets
from twincity.portal.data import DATASETS

HREF = re.compile(r'href="([^"]+)"')
CAP = 300


def portal_links(html: str) -> list[str]:
    """Links under /public/, except the language switch (a redirect that sets a cookie)."""
    found = []
    for href in HREF.findall(html):
        url = urldefrag(unescape(href))[0]
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/public/"):
            continue
        if not parts.path.startswith("/public/language/"):
            found.append(url)
    return found


def walk(client: Client) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque([reverse("portal:home")])
    queue.extend(
        reverse("portal:download", args=[name, fmt]) for name in DATASETS for fmt in ("csv", "json")
    )
    while queue and len(seen) < CAP:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = response.content.decode("utf-8-sig")
        seen[url] = text
        if response["Content-Type"].startswith("text/html"):
            queue.extend(link for link in portal_links(text) if link not in seen)
    return seen


def test_walk_finds_nothing_private(portal):
    pages = walk(Client())
    assert len(pages) < CAP, "the walk hit its cap"
    for url, text in pages.items():
        assert_no_secrets(text, url)
    every = "".join(pages.values())
    for shown in ["公开清单甲", "PUB-001", "PUB-002", "PUB-003", "公开成果甲", "公开指标甲"]:
        assert shown in every, shown
    visited = set(pages)
    for name in ("portal:list", "portal:result", "portal:meeting"):
        assert any(u.startswith(reverse(name, args=[0])[:-2]) for u in visited), name
    assert reverse("portal:meeting", args=[portal.meeting.pk]) in visited


def test_walk_in_english_and_signed_in(portal, as_user):
    client = as_user("office")
    client.get(reverse("portal:language", args=["en"]))
    pages = walk(client)
    assert 'lang="en"' in pages[reverse("portal:home")]
    for url, text in pages.items():
        assert_no_secrets(text, url)
