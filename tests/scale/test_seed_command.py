"""`twincity seed-scale`: a tiny build's shape, its logins, determinism, refusal and reset."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.test import Client

from tests.scale.checksum import checksum
from twincity.accounts.models import Membership, Role, Unit, User
from twincity.commitments.models import Item, ItemSide, ProgressReport
from twincity.lib import clock
from twincity.meetings.models import MeetingSeries
from twincity.projects.models import Project
from twincity.scale.build import ITEM_TABLES
from twincity.scale.shapes import LOGINS, PASSWORD, SIZES
from twincity.scale.writer import Writer, _indexes

TINY = SIZES["tiny"]
EARLY_IN_A_YEAR = dt.datetime(2026, 1, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed-scale", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_tiny_build_has_the_shape_it_promises():
    seed("--size", "tiny")
    assert Unit.objects.count() == TINY.units
    assert User.objects.count() == TINY.users
    assert MeetingSeries.objects.count() == TINY.series
    assert Item.objects.count() == TINY.items
    assert Project.objects.count() == TINY.projects
    assert not User.objects.filter(memberships__isnull=True).exists()
    assert ItemSide.objects.count() >= TINY.items  # one or two sides each
    assert 3 * TINY.items < ProgressReport.objects.count() < 16 * TINY.items
    assert not Item.objects.filter(is_demo=False).exists()


@pytest.mark.django_db
def test_it_prints_progress_and_the_logins_the_benchmark_uses():
    out = seed("--size", "tiny")
    assert "commitments_item " in out and " rows " in out
    assert f"password: {PASSWORD}" in out
    for role, username in LOGINS.items():
        assert f"login {role}: {username}" in out
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles[LOGINS["office"]] == Role.OFFICE
    assert roles[LOGINS["liaison"]] == Role.LIAISON
    assert roles[LOGINS["head"]] == Role.HEAD
    assert roles[LOGINS["leader"]] == Role.LEADER
    assert Client().login(username=LOGINS["liaison"], password=PASSWORD)


def test_the_help_names_the_logins():
    command = load_command_class("twincity.home", "seed-scale")
    for username in LOGINS.values():
        assert username in command.help


@pytest.mark.django_db
def test_it_refuses_a_database_that_holds_data():
    seed("--size", "tiny")
    with pytest.raises(CommandError, match="--reset"):
        seed("--size", "tiny")
    assert Item.objects.count() == TINY.items


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_builds_the_same_rows_and_another_seed_does_not():
    with clock.travel(EARLY_IN_A_YEAR):  # early in a year: this year's lists are young
        seed("--size", "tiny")
        first = checksum()
        seed("--size", "tiny", "--reset")
        again = checksum()
        seed("--size", "tiny", "--reset", "--seed", "2")
        other = checksum()
    assert first == again
    assert other != first


@pytest.mark.django_db
def test_the_indexes_dropped_for_the_load_are_all_back():
    before = {m._meta.db_table: _indexes(m._meta.db_table) for m in ITEM_TABLES}
    assert any(before.values())
    seed("--size", "tiny")
    after = {m._meta.db_table: _indexes(m._meta.db_table) for m in ITEM_TABLES}
    assert after == before


@pytest.mark.django_db
def test_raw_inserts_must_name_every_required_column():
    with pytest.raises(ValueError, match="code"):
        Writer().write(Unit, ["id", "name", "kind"], [(1, "单位", "department")])
