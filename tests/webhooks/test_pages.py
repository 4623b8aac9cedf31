"""The subscription pages as each persona: who sees, creates, edits, tests and retries; audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.queries import queries_for
from tests.webhooks.conftest import subscribe
from tests.workflow.helpers import assigned
from twincity.audit.models import AuditEvent
from twincity.webhooks.models import Delivery, DeliveryState, EventKind, Subscription

LIST = reverse("webhooks:list")
CREATE = reverse("webhooks:create")
URL = "https://oa.example.gov.cn/hooks/twincity"


def detail(row) -> str:
    return reverse("webhooks:detail", args=[row.pk])


def action(name: str, row) -> str:
    return reverse(f"webhooks:{name}", args=[row.pk])


def form(world, **kw) -> dict:
    data = {"owner": world.cq_unit.pk, "name": "办公系统", "url": URL, "events": EventKind.values}
    return data | kw


def shown_secret(response) -> str:
    page = response.content.decode()
    return page.split('<code class="user-select-all fs-6">')[1].split("</code>")[0]


@pytest.fixture
def cq_row(world):
    return subscribe(world.users["cq_liaison"], "http://127.0.0.1:9/none")


def test_anonymous_is_sent_to_login(world, cq_row):
    for url in (LIST, CREATE, detail(cq_row)):
        assert Client().get(url).status_code == 302


@pytest.mark.parametrize("persona", ["wg_lead", "leader", "sysadmin", "secadmin", "auditor"])
def test_others_are_refused(world, as_user, cq_row, persona):
    client = as_user(persona)
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(detail(cq_row)).status_code == 403
    assert client.post(action("test", cq_row)).status_code == 403
    assert "subscriptions-link" not in client.get(reverse("supervision:inbox")).content.decode()


def test_another_units_liaison_gets_404(world, as_user, cq_row):
    client = as_user("outsider")
    assert client.get(LIST).context["page"].paginator.count == 0
    assert client.get(detail(cq_row)).status_code == 404
    for name in ("edit", "active", "rotate", "test"):
        assert client.post(action(name, cq_row)).status_code == 404
    cq_row.refresh_from_db()
    assert cq_row.active


def test_the_unit_head_and_the_office_manage_the_units_subscription(world, as_user, cq_row):
    other = subscribe(world.users["sc_liaison"], URL)
    for persona, expected in (("cq_head", {cq_row}), ("office", {cq_row, other})):
        client = as_user(persona)
        assert set(client.get(LIST).context["page"]) == expected
        assert client.get(detail(cq_row)).status_code == 200
        assert "subscriptions-link" in client.get(reverse("supervision:inbox")).content.decode()


def test_a_liaison_creates_one_and_sees_the_secret_once(world, as_user):
    client = as_user("cq_liaison")
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, form(world))
    assert response.status_code == 200
    row = Subscription.objects.get()
    assert (row.owner, row.created_by, row.url) == (world.cq_unit, world.users["cq_liaison"], URL)
    assert set(row.events) == set(EventKind.values) and row.active
    assert shown_secret(response) == row.secret and len(row.secret) >= 32
    assert row.secret not in client.get(detail(row)).content.decode()
    event = AuditEvent.objects.get(action="webhook_subscription.create")
    assert event.after["url"] == URL and row.secret not in str(event.after)


def test_one_creates_only_for_ones_own_unit(world, as_user):
    response = as_user("cq_liaison").post(CREATE, form(world, owner=world.sc_unit.pk))
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    response = as_user("office").post(CREATE, form(world, owner=world.cq_unit.pk))
    assert "owner" in response.context["form"].errors
    assert not Subscription.objects.exists()
    as_user("office").post(CREATE, form(world, owner=world.office_unit.pk))
    assert Subscription.objects.get().owner == world.office_unit


@pytest.mark.parametrize(
    "data",
    [
        {"url": "ftp://files.example.gov.cn/x"},
        {"url": "javascript:alert(1)"},
        {"url": ""},
        {"events": []},
        {"events": ["item.deleted"]},
        {"name": ""},
    ],
)
def test_invalid_forms_save_nothing(world, as_user, data):
    response = as_user("cq_liaison").post(CREATE, form(world, **data))
    assert response.status_code == 200 and response.context["form"].errors
    assert not Subscription.objects.exists()


def test_the_head_edits_and_it_is_audited(world, as_user, cq_row):
    data = {"name": "新系统", "url": URL, "events": [EventKind.REPORT_SUBMITTED], "active": "on"}
    response = as_user("cq_head").post(action("edit", cq_row), data)
    assert response.status_code == 302
    cq_row.refresh_from_db()
    assert (cq_row.name, cq_row.url, cq_row.events) == ("新系统", URL, ["report.submitted"])
    assert cq_row.created_by == world.users["cq_liaison"]  # whose visibility applies stays
    event = AuditEvent.objects.get(action="webhook_subscription.update")
    assert set(event.after) == {"name", "url", "events"}


def test_deactivate_and_reactivate(world, as_user, cq_row):
    client = as_user("cq_liaison")
    assert client.post(action("active", cq_row)).status_code == 302
    cq_row.refresh_from_db()
    assert not cq_row.active
    assigned(world)
    assert not Delivery.objects.exists()
    client.post(action("active", cq_row))
    cq_row.refresh_from_db()
    assert cq_row.active
    assert AuditEvent.objects.filter(action="webhook_subscription.update").count() == 2


def test_a_new_secret_is_shown_once_and_replaces_the_old(world, as_user, cq_row):
    old = cq_row.secret
    response = as_user("cq_liaison").post(action("rotate", cq_row))
    cq_row.refresh_from_db()
    assert cq_row.secret != old and shown_secret(response) == cq_row.secret
    event = AuditEvent.objects.get(action="webhook_subscription.rotate_secret")
    assert cq_row.secret not in str(event.after) and old not in str(event.after)


def test_the_test_button_posts_a_signed_event(world, as_user, receiver, hook):
    response = as_user("cq_liaison").post(action("test", hook), follow=True)
    assert "测试事件已送达" in response.content.decode()
    [got] = receiver.received
    assert got.headers["X-Twincity-Event"] == "ping"
    assert got.body["data"]["test"] is True
    assert Delivery.objects.get().state == DeliveryState.SENT
    assert AuditEvent.objects.filter(action="webhook_subscription.test").exists()


def test_retry_now_sends_a_given_up_delivery(world, as_user, receiver, hook):
    assigned(world)
    Delivery.objects.update(state=DeliveryState.FAILED, attempts=6, last_status=500)
    row = Delivery.objects.get()
    assert as_user("outsider").post(action("retry", row)).status_code == 404
    response = as_user("cq_head").post(action("retry", row), follow=True)
    assert "已重新推送并送达" in response.content.decode()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (DeliveryState.SENT, 7)
    assert len(receiver.received) == 1
    assert AuditEvent.objects.filter(action="webhook_delivery.retry").count() == 1


def test_the_log_shows_a_failure_and_its_next_attempt(world, as_user, receiver, hook):
    from twincity.lib import clock
    from twincity.webhooks.deliver import deliver_due

    assigned(world)
    receiver.answers = [500]
    deliver_due(clock.now())
    page = as_user("cq_liaison").get(detail(hook), {"state": "retrying"}).content.decode()
    assert 'data-state="pending"' in page and "HTTP 500" in page and "重试中" in page
    empty = as_user("cq_liaison").get(detail(hook), {"state": "sent"})
    assert empty.context["page"].paginator.count == 0


def _add(world, count: int) -> None:
    for n in range(count):
        row = subscribe(world.users["sc_liaison"], URL, name=f"系统{n}")
        for k in range(3):
            Delivery.objects.create(subscription=row, event="ping", key=f"k{k}", payload={})


def test_the_list_makes_the_same_queries_at_two_sizes(world, as_user):
    client = as_user("office")
    _add(world, 2)
    queries_for(client, LIST)  # the session's first request reads more
    small = queries_for(client, LIST)
    _add(world, 6)
    assert queries_for(client, LIST) == small


def test_the_log_makes_the_same_queries_at_two_sizes(world, as_user, cq_row):
    client = as_user("cq_liaison")
    for k in range(2):
        Delivery.objects.create(subscription=cq_row, event="ping", key=f"a{k}", payload={"k": k})
    queries_for(client, detail(cq_row))  # the session's first request reads more
    small = queries_for(client, detail(cq_row))
    for k in range(10):
        Delivery.objects.create(subscription=cq_row, event="ping", key=f"b{k}", payload={"k": k})
    assert queries_for(client, detail(cq_row)) == small
