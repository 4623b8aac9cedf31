"""The organisation and accounts of a scale build: parties, units, groups, users, roles.

Units start with the demo's reference units (joint office, the two sides' departments,
ministries, platforms), then the circle's cities and districts, then their departments, so
that any size is a prefix of the same list. Every lead unit gets a liaison and a head; the
busiest lead units come first, so `scale-liaison-0001` is 重庆市发展改革委's liaison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.hashers import make_password

from twincity.accounts.models import (
    Membership,
    Party,
    Role,
    Unit,
    UnitKind,
    User,
    WorkingGroup,
    WorkingGroupLead,
)
from twincity.home import demo_data as d
from twincity.indicators.regions import REGIONS, RegionLevel, load_regions
from twincity.scale import shapes
from twincity.scale.names import LOCAL_DEPARTMENTS
from twincity.scale.shapes import Size
from twincity.scale.writer import Writer

LEAD_KINDS = (UnitKind.DEPARTMENT, UnitKind.CITY, UnitKind.DISTRICT)
ADMINS = (
    (Role.SYSADMIN, "系统管理员"),
    (Role.SECADMIN, "安全管理员"),
    (Role.AUDITOR, "审计管理员"),
)


class UnitSpec(NamedTuple):
    code: str
    name: str
    short_name: str
    kind: str
    party: str  # party code or ""
    parent: str = ""  # parent unit code


@dataclass
class Org:
    """What the later tables need to know of the organisation, by id."""

    parties: dict[str, int]
    units: dict[str, int]  # code → id
    unit_names: dict[int, str]  # id → short name
    lead_units: dict[str, list[int]] = field(default_factory=dict)  # busiest first
    liaison: dict[int, int] = field(default_factory=dict)  # unit id → user id
    head: dict[int, int] = field(default_factory=dict)
    no_head_approval: set[int] = field(default_factory=set)
    office: list[int] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)
    groups: dict[int, int] = field(default_factory=dict)  # number → id
    group_leads: dict[int, dict[str, int]] = field(default_factory=dict)  # number → party → unit
    central: list[int] = field(default_factory=list)
    places: dict[str, list[int]] = field(default_factory=dict)  # party → city/district ids
    members: list[int] = field(default_factory=list)  # units that may cooperate on items

    @property
    def party_codes(self) -> list[str]:
        return list(self.parties)


def unit_specs() -> list[UnitSpec]:
    """Every unit a build may hold, in the order sizes take them."""
    demo = [UnitSpec(u.code, u.name, u.short_name, u.kind, u.party) for u in d.UNITS]
    office = [u for u in demo if u.kind == UnitKind.JOINT_OFFICE]
    departments = _interleave(u for u in demo if u.kind == UnitKind.DEPARTMENT)
    others = [u for u in demo if u.kind in (UnitKind.CENTRAL, UnitKind.PLATFORM)]
    places = _interleave(_place_specs())
    local = [
        UnitSpec(
            f"{place.code}-{k:02d}",
            place.name + name,
            place.short_name + short,
            UnitKind.DEPARTMENT,
            place.party,
            place.code,
        )
        for k, (name, short) in enumerate(LOCAL_DEPARTMENTS, start=1)
        for place in places
    ]
    return office + departments + others + places + local


def _place_specs() -> list[UnitSpec]:
    sides = {code: name for code, _short, name, _order in d.PARTIES}
    levels: dict[str, str] = {
        RegionLevel.CITY: UnitKind.CITY,
        RegionLevel.DISTRICT: UnitKind.DISTRICT,
    }
    return [
        UnitSpec(row.code, sides[row.party] + row.name, row.name, levels[row.level], row.party)
        for row in REGIONS
        if row.level in levels
    ]


def _interleave(specs: Iterable[UnitSpec]) -> list[UnitSpec]:
    """cq, sc, cq, sc, …: so that any prefix serves both sides alike."""
    rows = list(specs)
    cq, sc = [u for u in rows if u.party == "cq"], [u for u in rows if u.party == "sc"]
    out = [u for pair in zip(cq, sc, strict=False) for u in pair]
    return out + cq[len(sc) :] + sc[len(cq) :]


def build_org(w: Writer, size: Size, joined: dt.datetime) -> Org:
    parties = {
        code: Party.objects.get_or_create(
            code=code, defaults={"short_name": short, "name": name, "order": order}
        )[0].pk
        for code, short, name, order in d.PARTIES
    }
    specs = unit_specs()[: size.units]
    org = _write_units(w, specs, parties)
    _write_groups(w, org)
    _write_users(w, org, size, joined)
    load_regions()  # the circle's regions, linked to the city and district units
    return org


def _write_units(w: Writer, specs: list[UnitSpec], parties: dict[str, int]) -> Org:
    ids = dict(zip((s.code for s in specs), w.ids(Unit, len(specs)), strict=True))
    org = Org(parties, ids, {ids[s.code]: s.short_name or s.name for s in specs})
    leads = [s for s in specs if s.party and s.kind in LEAD_KINDS]
    org.no_head_approval = {ids[s.code] for i, s in enumerate(leads) if i % 10 == 9}
    rows = [
        {
            "id": ids[s.code],
            "name": s.name,
            "short_name": s.short_name,
            "code": s.code,
            "kind": s.kind,
            "party_id": parties.get(s.party),
            "parent_id": ids.get(s.parent),
            "head_approval": ids[s.code] not in org.no_head_approval,
            "is_demo": True,
        }
        for s in specs
    ]
    w.write_dicts(Unit, rows)
    org.central = [ids[s.code] for s in specs if s.kind == UnitKind.CENTRAL]
    for party in parties:
        org.lead_units[party] = [ids[s.code] for s in leads if s.party == party]
        org.places[party] = [
            ids[s.code]
            for s in specs
            if s.party == party and s.kind in (UnitKind.CITY, UnitKind.DISTRICT)
        ]
    org.members = [ids[s.code] for s in leads]
    return org


def _write_groups(w: Writer, org: Org) -> None:
    rows = [g for g in d.GROUPS if g.cq_lead in org.units and g.sc_lead in org.units]
    ids = w.ids(WorkingGroup, len(rows))
    w.write(
        WorkingGroup,
        ["id", "number", "name", "description", "is_demo"],
        [(pk, g.number, g.name, g.description, True) for pk, g in zip(ids, rows, strict=True)],
    )
    through = WorkingGroup.members.through
    members = [
        (pk, org.units[code])
        for pk, g in zip(ids, rows, strict=True)
        for code in g.members
        if code in org.units
    ]
    w.write(through, ["id", "workinggroup_id", "unit_id"], w.numbered(through, members))
    leads = []
    for pk, g in zip(ids, rows, strict=True):
        org.groups[g.number] = pk
        org.group_leads[g.number] = {"cq": org.units[g.cq_lead], "sc": org.units[g.sc_lead]}
        leads += [(pk, org.parties[p], unit) for p, unit in org.group_leads[g.number].items()]
    fields = ["id", "group_id", "party_id", "unit_id"]
    w.write(WorkingGroupLead, fields, w.numbered(WorkingGroupLead, leads))


class Account(NamedTuple):
    username: str
    display_name: str
    role: str
    unit: int
    group: int | None
    title: str


def _accounts(org: Org, size: Size) -> list[Account]:
    office_unit = org.units["joint-office"]
    n_office, n_leaders = max(2, size.users // 40), max(1, size.users // 100)
    n_groups = min(len(org.groups), max(1, size.users // 10), 22)
    out = []
    for i in range(n_office):
        name = _numbered_name(shapes.OFFICE, i)
        out.append(Account(name, f"联合办公室专员{i + 1}", Role.OFFICE, office_unit, None, ""))
    for i in range(n_leaders):
        name = _numbered_name(shapes.LEADER, i)
        title = "联合办公室副主任" if i else "联合办公室主任"
        out.append(Account(name, f"联合办公室领导{i + 1}", Role.LEADER, office_unit, None, title))
    for role, label in ADMINS:
        out.append(Account(f"scale-{role}", label, role, office_unit, None, ""))
    for number in sorted(org.groups)[:n_groups]:
        unit, group = org.group_leads[number]["cq"], org.groups[number]
        name = f"scale-wglead-{number:02d}"
        out.append(Account(name, f"专项组{number}负责人", Role.WG_LEAD, unit, group, "专项组组长"))
    return out + _unit_accounts(org, size.users - len(out))


def _numbered_name(first: str, i: int) -> str:
    return first if i == 0 else f"{first}-{i + 1:02d}"


def _unit_accounts(org: Org, room: int) -> list[Account]:
    """A liaison and a head for as many lead units as there is room, busiest first."""
    order = _interleave_ids(org)[: max(1, room // 2)]
    chosen = set(order)
    for party in org.lead_units:
        org.lead_units[party] = [u for u in org.lead_units[party] if u in chosen]
    out = []
    for n, unit in enumerate(order, start=1):
        name = org.unit_names[unit]
        out.append(Account(f"scale-liaison-{n:04d}", f"{name}联络员", Role.LIAISON, unit, None, ""))
        out.append(Account(f"scale-head-{n:04d}", f"{name}负责人", Role.HEAD, unit, None, ""))
    office_unit = org.units["joint-office"]
    for i in range(max(0, room - len(out))):  # one left over: one more office member
        name = f"联合办公室工作人员{i + 1}"
        out.append(Account(f"scale-office-x{i + 1}", name, Role.OFFICE, office_unit, None, ""))
    return out


def _interleave_ids(org: Org) -> list[int]:
    cq, sc = org.lead_units.get("cq", []), org.lead_units.get("sc", [])
    out = [u for pair in zip(cq, sc, strict=False) for u in pair]
    return out + cq[len(sc) :] + sc[len(cq) :]


def _write_users(w: Writer, org: Org, size: Size, joined: dt.datetime) -> None:
    accounts = _accounts(org, size)
    password = make_password(shapes.PASSWORD)  # one hash shared by every generated user
    ids = w.ids(User, len(accounts))
    users, roles = [], []
    for pk, a in zip(ids, accounts, strict=True):
        users.append(
            {
                "id": pk,
                "password": password,
                "is_superuser": False,
                "username": a.username,
                "first_name": "",
                "last_name": "",
                "email": "",
                "is_staff": False,
                "is_active": True,
                "date_joined": joined,
                "display_name": a.display_name,
                "phone": "",
                "failed_logins": 0,
                "password_changed_at": joined,
            }
        )
        roles.append(
            {
                "id": w.one_id(Membership),
                "user_id": pk,
                "unit_id": a.unit,
                "role": a.role,
                "working_group_id": a.group,
                "title": a.title,
                "granted_at": joined,
            }
        )
    w.write_dicts(User, users)
    w.write_dicts(Membership, roles)
    for pk, a in zip(ids, accounts, strict=True):
        if a.role == Role.LIAISON:
            org.liaison[a.unit] = pk
        elif a.role == Role.HEAD:
            org.head[a.unit] = pk
        elif a.role == Role.OFFICE:
            org.office.append(pk)
        elif a.role == Role.LEADER:
            org.leaders.append(pk)
