"""Setting a unit's robot: the office for every unit, a liaison for their own; audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from twincity.audit.models import AuditEvent
from twincity.supervision.models import UnitWebhook

URL = reverse("supervision:webhooks")
SECRET = "abcdefghijklmnop-1234"


def edit_url(unit) -> str:
    return reverse("supervision:webhook_edit", args=[unit.pk])


def units(response) -> set[str]:
    return {u.name for u in response.context["page"]}


def test_anonymous_is_sent_to_login(world, client):
    for url in (URL, edit_url(world.cq_unit)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "persona", ["cq_head", "wg_lead", "leader", "sysadmin", "secadmin", "auditor"]
)
def test_others_are_refused(world, as_user, persona):
    assert as_user(persona).get(URL).status_code == 403
    assert as_user(persona).get(edit_url(world.cq_unit)).status_code == 403


def test_the_office_sees_every_unit(world, as_user):
    response = as_user("office").get(URL)
    assert response.status_code == 200
    assert {"重庆市发展改革委", "四川省发展改革委", "联合办公室"} <= units(response)


def test_a_liaison_sees_only_their_unit(world, as_user):
    response = as_user("cq_liaison").get(URL)
    assert response.status_code == 200
    assert units(response) == {"重庆市发展改革委"}


def test_a_liaison_cannot_edit_another_unit(world, as_user):
    assert as_user("outsider").get(edit_url(world.cq_unit)).status_code == 403
    response = as_user("outsider").post(
        edit_url(world.cq_unit), {"url": "http://a.example/", "secret": SECRET, "active": "on"}
    )
    assert response.status_code == 403
    assert not UnitWebhook.objects.exists()


def test_unknown_unit_is_404(as_user):
    assert (
        as_user("office").get(reverse("supervision:webhook_edit", args=[99999])).status_code == 404
    )


def test_a_liaison_sets_their_units_robot(world, as_user):
    client = as_user("cq_liaison")
    assert client.get(edit_url(world.cq_unit)).status_code == 200
    data = {"url": "https://robot.example.gov.cn/send?key=1", "secret": SECRET, "active": "on"}
    response = client.post(edit_url(world.cq_unit), data)
    assert response.status_code == 302
    hook = UnitWebhook.objects.get(unit=world.cq_unit)
    assert (hook.url, hook.secret, hook.active) == (data["url"], SECRET, True)
    event = AuditEvent.objects.get(action="webhook.create")
    assert event.after["secret_changed"] is True
    assert SECRET not in str(event.after)


def test_the_secret_is_shown_masked(world, as_user):
    UnitWebhook.objects.create(unit=world.cq_unit, url="https://robot.example/", secret=SECRET)
    for url in (URL, edit_url(world.cq_unit)):
        body = as_user("office").get(url).content.decode()
        assert SECRET not in body
        assert "••••••1234" in body


def test_a_blank_secret_keeps_the_old_one(world, as_user):
    UnitWebhook.objects.create(unit=world.cq_unit, url="https://robot.example/", secret=SECRET)
    response = as_user("office").post(
        edit_url(world.cq_unit), {"url": "https://robot2.example/", "secret": ""}
    )
    assert response.status_code == 302
    hook = UnitWebhook.objects.get()
    assert (hook.url, hook.secret, hook.active) == ("https://robot2.example/", SECRET, False)
    event = AuditEvent.objects.get(action="webhook.update")
    assert event.before["url"] == "https://robot.example/"
    assert event.after["secret_changed"] is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "", "secret": SECRET}, "请填写回调地址。"),
        ({"url": "not a url", "secret": SECRET}, "回调地址格式不正确"),
        ({"url": "https://robot.example/", "secret": ""}, "签名密钥至少需要 16 个字符。"),
        ({"url": "https://robot.example/", "secret": "short"}, "签名密钥至少需要 16 个字符。"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, as_user, data, message):
    response = as_user("office").post(edit_url(world.cq_unit), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert not UnitWebhook.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="webhook.").exists()


def test_filter_by_state(world, as_user):
    UnitWebhook.objects.create(unit=world.cq_unit, url="https://a.example/", secret=SECRET)
    UnitWebhook.objects.create(
        unit=world.sc_unit, url="https://b.example/", secret=SECRET, active=False
    )
    client = as_user("office")
    assert units(client.get(URL, {"state": "active"})) == {"重庆市发展改革委"}
    assert units(client.get(URL, {"state": "inactive"})) == {"四川省发展改革委"}
    assert "重庆市发展改革委" not in units(client.get(URL, {"state": "none"}))
    assert units(client.get(URL, {"q": "四川"})) == {"四川省发展改革委"}


def test_the_edit_page_lists_recent_deliveries(world, as_user):
    hook = UnitWebhook.objects.create(unit=world.cq_unit, url="https://a.example/", secret=SECRET)
    hook.deliveries.create(
        key="k",
        payload={"notification": {"title": "催办〔2025〕1号"}},
        attempts=2,
        last_status="HTTP 500",
    )
    body = as_user("cq_liaison").get(edit_url(world.cq_unit)).content.decode()
    assert "催办〔2025〕1号" in body and "HTTP 500" in body


def add_units(first: int, last: int) -> None:
    for n in range(first, last):
        unit = f.make_unit(f"测试单位{n:03d}", code=f"test-{n}")
        UnitWebhook.objects.create(unit=unit, url=f"https://r{n}.example/", secret=SECRET)


def test_query_count_does_not_grow(world, as_user, django_assert_num_queries):
    client = as_user("office")
    client.get(URL)  # warm the session
    add_units(0, 5)
    with CaptureQueriesContext(connection) as five:
        client.get(URL)
    add_units(5, 50)
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"]) == 50
