"""Every accounts page as every persona: 200, 403, or a redirect to login for anonymous."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS

USER_ADMINS = {"sysadmin", "secadmin"}
ORG_EDITORS = {"office", "sysadmin"}

PAGES = {
    "accounts:password_change": set(PERSONAS),
    "accounts:users": USER_ADMINS,
    "accounts:user_create": {"sysadmin"},
    "accounts:user_detail": USER_ADMINS,
    "accounts:organisation": ORG_EDITORS,
    "accounts:party_create": ORG_EDITORS,
    "accounts:party_edit": ORG_EDITORS,
    "accounts:unit_create": ORG_EDITORS,
    "accounts:unit_edit": ORG_EDITORS,
    "accounts:group_create": ORG_EDITORS,
    "accounts:group_edit": ORG_EDITORS,
}


def url_of(name: str, world) -> str:
    pk = {
        "accounts:user_detail": world.users["cq_liaison"].pk,
        "accounts:party_edit": world.cq.pk,
        "accounts:unit_edit": world.cq_unit.pk,
        "accounts:group_edit": world.group.pk,
    }.get(name)
    return reverse(name, args=[pk] if pk else [])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_as_persona(world, as_user, name, persona):
    response = as_user(persona).get(url_of(name, world))
    assert response.status_code == (200 if persona in PAGES[name] else 403)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_is_sent_to_login(world, name):
    response = Client().get(url_of(name, world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name",
    ["accounts:user_detail", "accounts:unit_edit", "accounts:group_edit", "accounts:party_edit"],
)
def test_missing_record_is_404(as_user, name):
    persona = "sysadmin"
    assert as_user(persona).get(reverse(name, args=[999999])).status_code == 404


def test_login_page_is_open_to_anonymous(db):
    assert Client().get(reverse("accounts:login")).status_code == 200
