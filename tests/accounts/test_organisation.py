"""The organisation page and its editors: parties, units, working groups."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from twincity.accounts.models import Party, Unit, UnitKind
from twincity.audit.models import AuditEvent

URL = reverse("accounts:organisation")


def test_page_shows_parties_units_and_groups(world, as_user):
    body = as_user("office").get(URL).content.decode()
    assert "四川省" in body
    assert "重庆市发展改革委" in body
    assert "规划政策专项组" in body


def test_units_filter(world, as_user):
    response = as_user("office").get(URL, {"party": world.sc.pk})
    assert {u.name for u in response.context["page"]} == {"四川省发展改革委"}
    response = as_user("office").get(URL, {"kind": UnitKind.JOINT_OFFICE})
    assert {u.name for u in response.context["page"]} == {"联合办公室"}


def test_query_count_does_not_grow(world, as_user, django_assert_num_queries):
    client = as_user("office")
    client.get(URL)
    for n in range(5):
        f.make_unit(f"测试单位{n}", world.cq, parent=world.cq_unit)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(5, 50):
        f.make_unit(f"测试单位{n}", world.sc, parent=world.sc_unit)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_office_creates_a_party(world, as_user):
    data = {"code": "wz", "short_name": "万", "name": "万州区", "order": 3}
    response = as_user("office").post(reverse("accounts:party_create"), data)
    assert response.status_code == 302
    party = Party.objects.get(code="wz")
    event = AuditEvent.objects.get(action="accounts.party_create")
    assert event.before is None and event.after["name"] == "万州区"
    assert event.target_id == str(party.pk)


def test_sysadmin_creates_a_unit(world, as_user):
    data = {
        "name": "重庆市科技局",
        "code": "cq-kj",
        "kind": UnitKind.DEPARTMENT,
        "party": world.cq.pk,
    }
    response = as_user("sysadmin").post(reverse("accounts:unit_create"), data)
    assert response.status_code == 302
    assert Unit.objects.get(code="cq-kj").party == world.cq
    assert AuditEvent.objects.filter(action="accounts.unit_create").count() == 1


def test_unit_edit_is_audited_with_before_and_after(world, as_user):
    unit = world.cq_unit
    data = {
        "name": "重庆市发展和改革委员会",
        "short_name": "重庆发改",
        "code": unit.code,
        "kind": unit.kind,
        "party": world.cq.pk,
        "head_approval": "on",
    }
    response = as_user("office").post(reverse("accounts:unit_edit", args=[unit.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.unit_update")
    assert event.before["name"] == "重庆市发展改革委"
    assert event.after["name"] == "重庆市发展和改革委员会"


def test_unit_cannot_be_its_own_ancestor(world, as_user):
    child = f.make_unit("子单位", world.cq, parent=world.cq_unit)
    unit = world.cq_unit
    data = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "party": world.cq.pk,
        "parent": child.pk,
    }
    response = as_user("office").post(reverse("accounts:unit_edit", args=[unit.pk]), data)
    assert response.status_code == 200
    assert "上级单位不能是本单位或其下级单位" in response.content.decode()
    unit.refresh_from_db()
    assert unit.parent is None


def test_duplicate_unit_code_names_the_field(world, as_user):
    data = {"name": "另一个单位", "code": world.cq_unit.code, "kind": UnitKind.DEPARTMENT}
    response = as_user("office").post(reverse("accounts:unit_create"), data)
    assert "代码已被其他单位使用" in response.content.decode()


def test_office_edits_a_working_group(world, as_user):
    group = world.group
    new_cq_lead = world.other_unit
    data = {
        "number": group.number,
        "name": "规划政策与协同专项组",
        "description": "统筹规划",
        "members": [world.cq_unit.pk, world.other_unit.pk],
        f"lead_{world.cq.pk}": new_cq_lead.pk,
        f"lead_{world.sc.pk}": world.sc_unit.pk,
    }
    response = as_user("office").post(reverse("accounts:group_edit", args=[group.pk]), data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "规划政策与协同专项组"
    assert set(group.members.all()) == {world.cq_unit, world.other_unit}
    assert group.leads.get(party=world.cq).unit == new_cq_lead
    event = AuditEvent.objects.get(action="accounts.group_update")
    assert event.before["name"] == "规划政策专项组"
    assert event.before["leads"] == {"cq": world.cq_unit.pk, "sc": world.sc_unit.pk}
    assert event.after["leads"] == {"cq": new_cq_lead.pk, "sc": world.sc_unit.pk}
    assert event.after["members"] == sorted([world.cq_unit.pk, world.other_unit.pk])


def test_group_lead_can_be_cleared(world, as_user):
    group = world.group
    data = {"number": group.number, "name": group.name, f"lead_{world.cq.pk}": world.cq_unit.pk}
    as_user("office").post(reverse("accounts:group_edit", args=[group.pk]), data)
    assert list(group.leads.values_list("party__code", flat=True)) == ["cq"]


def test_group_lead_must_belong_to_its_party(world, as_user):
    group = world.group
    data = {"number": group.number, "name": group.name, f"lead_{world.cq.pk}": world.sc_unit.pk}
    response = as_user("office").post(reverse("accounts:group_edit", args=[group.pk]), data)
    assert response.status_code == 200
    assert group.leads.get(party=world.cq).unit == world.cq_unit


def test_office_creates_a_group(world, as_user):
    data = {"number": 2, "name": "交通专项组"}
    response = as_user("office").post(reverse("accounts:group_create"), data)
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="accounts.group_create").after["name"] == "交通专项组"


def test_liaison_cannot_post_edits(world, as_user):
    data = {"number": world.group.number, "name": "改名"}
    response = as_user("cq_liaison").post(
        reverse("accounts:group_edit", args=[world.group.pk]), data
    )
    assert response.status_code == 403
    world.group.refresh_from_db()
    assert world.group.name == "规划政策专项组"
