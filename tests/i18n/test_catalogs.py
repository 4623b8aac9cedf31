"""The English catalog is complete and the language switch changes the page."""

import re
from pathlib import Path

from django.urls import reverse

CATALOG = Path(__file__).resolve().parents[2] / "twincity/locale/en/LC_MESSAGES/django.po"


def _entries() -> list[str]:
    return CATALOG.read_text(encoding="utf-8").split("\n\n")[1:]


def test_every_english_entry_is_translated_and_not_fuzzy():
    untranslated = [e for e in _entries() if re.search(r'\nmsgstr(\[0\])? ""\s*$', e)]
    fuzzy = [e for e in _entries() if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def test_language_switch_changes_the_navigation(as_user):
    client = as_user("office")
    assert "会议" in client.get(reverse("home:index")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("meetings:index")).content.decode()
    assert "Meetings" in page and '<html lang="en">' in page
