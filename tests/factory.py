"""A plain factory module: make_*(**overrides) builds one valid record."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from twincity.accounts.models import Membership, Party, Unit, UnitKind, User, WorkingGroup
from twincity.commitments.models import Item, ItemList, ItemSide, ItemState, ListKind
from twincity.lib import clock
from twincity.meetings.models import Decision, Meeting, MeetingSeries

PASSWORD = "Test-pass-2025!"
_seq = itertools.count(1)


def make_party(
    code: str = "cq", short_name: str = "渝", name: str = "重庆市", order: int = 1
) -> Party:
    return Party.objects.get_or_create(
        code=code, defaults={"short_name": short_name, "name": name, "order": order}
    )[0]


def make_unit(name: str | None = None, party: Party | None = None, **kw: Any) -> Unit:
    n = next(_seq)
    fields = {
        "name": name or f"单位{n}",
        "code": kw.pop("code", f"unit-{n}"),
        "kind": UnitKind.DEPARTMENT,
        "party": party,
    } | kw
    return Unit.objects.create(**fields)


def make_user(username: str, role: str | None = None, unit: Unit | None = None, **kw: Any) -> User:
    group = kw.pop("working_group", None)
    user = User.objects.create_user(username=username, password=PASSWORD, **kw)
    if role:
        Membership.objects.create(user=user, role=role, unit=unit, working_group=group)
    return user


def make_group(number: int = 1, name: str | None = None, leads: dict | None = None) -> WorkingGroup:
    group = WorkingGroup.objects.create(number=number, name=name or f"专项组{number}")
    for party, unit in (leads or {}).items():
        group.leads.create(party=party, unit=unit)
    return group


def make_series(code: str = "joint", name: str = "党政联席会议") -> MeetingSeries:
    return MeetingSeries.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_meeting(number: int = 10, **kw: Any) -> Meeting:
    series = kw.pop("series", None) or make_series()
    fields = {"date": dt.date(2024, 12, 30), "place": "重庆", "theme": ""} | kw
    return Meeting.objects.create(series=series, number=number, **fields)


def make_decision(meeting: Meeting | None = None, number: int = 1, **kw: Any) -> Decision:
    meeting = meeting or make_meeting()
    return Decision.objects.create(
        meeting=meeting, number=number, title=kw.pop("title", f"议定事项{number}"), **kw
    )


def make_list(kind: str = ListKind.AGREED_ITEMS, name: str | None = None, **kw: Any) -> ItemList:
    return ItemList.objects.create(kind=kind, name=name or f"清单{next(_seq)}", **kw)


def make_item(leads: dict[Party, Unit] | None = None, **overrides: Any) -> Item:
    """An item with one side per lead; state and fields may be overridden."""
    n = next(_seq)
    item_list = overrides.pop("list", None) or make_list()
    fields = {
        "code": f"T-{n:04d}",
        "title": f"测试事项{n}",
        "deadline": clock.today() + dt.timedelta(60),
        "state": ItemState.DRAFT,
    } | overrides
    item = Item.objects.create(list=item_list, **fields)
    for party, unit in (leads or {}).items():
        ItemSide.objects.create(item=item, party=party, lead_unit=unit)
    return item
