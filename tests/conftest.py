"""Personas for every role and a small organisation they work in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from tests import factory as f
from twincity.accounts.models import Party, Role, Unit, UnitKind, User, WorkingGroup


@dataclass
class World:
    cq: Party
    sc: Party
    office_unit: Unit
    cq_unit: Unit
    sc_unit: Unit
    other_unit: Unit
    group: WorkingGroup
    users: dict[str, User]

    def leads(self) -> dict[Party, Unit]:
        return {self.cq: self.cq_unit, self.sc: self.sc_unit}

    def item(self, **kw):
        return f.make_item(leads=self.leads(), working_group=kw.pop("working_group", None), **kw)


@pytest.fixture(autouse=True)
def chinese_first():
    """Every test starts in the default language: a request made in English leaves English
    active in its thread, which would otherwise leak into the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def fast_hasher():
    """Every persona has a password; the production hasher would make the suite crawl.
    Session-wide, so that setUpTestData hashes with it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """A local-memory cache, empty for each test: rate-limit counts never leak between tests
    and cache reads add no queries. A test needing the database cache overrides CACHES."""
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        cache.clear()
        yield


PERSONAS = [
    "office",
    "cq_liaison",
    "sc_liaison",
    "cq_head",
    "sc_head",
    "wg_lead",
    "leader",
    "outsider",
    "sysadmin",
    "secadmin",
    "auditor",
]


@pytest.fixture
def world(db) -> World:
    cq = f.make_party("cq", "渝", "重庆市", 1)
    sc = f.make_party("sc", "川", "四川省", 2)
    office_unit = f.make_unit("联合办公室", None, kind=UnitKind.JOINT_OFFICE, code="joint-office")
    cq_unit = f.make_unit("重庆市发展改革委", cq, code="cq-fgw")
    sc_unit = f.make_unit("四川省发展改革委", sc, code="sc-fgw")
    other_unit = f.make_unit("重庆市其他局", cq, code="cq-other")
    group = f.make_group(1, "规划政策专项组", {cq: cq_unit, sc: sc_unit})
    wg_unit = f.make_unit("重庆市交通局", cq, code="cq-jt")
    users = {
        "office": f.make_user("office", Role.OFFICE, office_unit),
        "cq_liaison": f.make_user("cq_liaison", Role.LIAISON, cq_unit),
        "sc_liaison": f.make_user("sc_liaison", Role.LIAISON, sc_unit),
        "cq_head": f.make_user("cq_head", Role.HEAD, cq_unit),
        "sc_head": f.make_user("sc_head", Role.HEAD, sc_unit),
        "wg_lead": f.make_user("wg_lead", Role.WG_LEAD, wg_unit, working_group=group),
        "leader": f.make_user("leader", Role.LEADER, office_unit),
        "outsider": f.make_user("outsider", Role.LIAISON, other_unit),
        "sysadmin": f.make_user("sysadmin", Role.SYSADMIN, office_unit),
        "secadmin": f.make_user("secadmin", Role.SECADMIN, office_unit),
        "auditor": f.make_user("auditor", Role.AUDITOR, office_unit),
    }
    return World(cq, sc, office_unit, cq_unit, sc_unit, other_unit, group, users)


@pytest.fixture
def as_user(world):
    """Return a logged-in client for the named persona."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name])
        return client

    return login
