import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.queries import queries_for
from tests.workflow.helpers import assigned, closure_requested, in_progress
from twincity.commitments import workflow as wf
from twincity.lib import clock

URL = reverse("home:index")


def test_anonymous_is_sent_to_login(db):
    response = Client().get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_has_a_home(as_user, persona):
    assert as_user(persona).get(URL).status_code == 200


def test_liaison_sees_what_awaits_them(world, as_user):
    to_sign = assigned(world, title="待签收的事项")
    page = as_user("cq_liaison").get(URL).content.decode()
    assert "待签收的事项" in page and to_sign.code in page
    assert "待签收的事项" not in as_user("outsider").get(URL).content.decode()


def test_returned_items_show_for_the_liaison(world, as_user):
    item = closure_requested(world, title="退回的事项")
    wf.return_item(world.users["office"], item, "材料不全")
    page = as_user("sc_liaison").get(URL).content.decode()
    assert 'id="liaison-todo"' in page and "销号申请被退回" in page


def test_head_sees_reports_to_approve(world, as_user):
    item = in_progress(world, title="要审核的事项")
    wf.submit_report(world.users["cq_liaison"], item, {"progress_text": "进展", "percent": 10})
    assert "要审核的事项" in as_user("cq_head").get(URL).content.decode()
    assert (
        "要审核的事项" not in as_user("sc_head").get(URL).content.decode().split('id="overview"')[0]
    )


def test_office_sees_counts_and_queue(world, as_user):
    closure_requested(world, title="待销号事项")
    world.item()
    response = as_user("office").get(URL)
    assert response.context["overview"]["total"] == 2
    assert response.context["overview"]["closure_requested"] == 1
    assert "待销号事项" in response.content.decode()


def test_admins_see_only_their_links(as_user):
    page = as_user("auditor").get(URL).content.decode()
    assert 'id="admin-links"' in page and 'id="overview"' not in page


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "cq_head"])
def test_query_count_does_not_grow(world, as_user, persona):
    def count_for(n: int) -> int:
        for _ in range(n):
            in_progress(world)
        return queries_for(as_user(persona), URL)

    assert count_for(5) == count_for(45)


def test_liaison_sees_the_rounds_reports_due_and_by_when(world, as_user):
    import datetime as dt

    from twincity.lib import clock
    from twincity.supervision import rounds

    item = in_progress(world, title="本轮要报送的事项")
    due = clock.today() + dt.timedelta(days=10)
    rounds.open_round(world.users["office"], "2026年11月", ["agreed_items"], due)
    page = as_user("cq_liaison").get(URL).content.decode()
    assert "本轮要报送的事项" in page and due.isoformat() in page and "2026年11月" in page
    wf.submit_report(world.users["cq_liaison"], item, {"progress_text": "进展", "percent": 10})
    assert (
        "本轮要报送的事项"
        not in as_user("cq_liaison")
        .get(URL)
        .content.decode()
        .split('id="overview"')[0]
        .split("待报送进展")[1]
        .split("被退回")[0]
    )


def test_business_users_are_offered_the_dashboard(as_user):
    assert 'id="to-dashboard"' in as_user("leader").get("/").content.decode()
    assert 'id="to-dashboard"' not in as_user("auditor").get("/").content.decode()


def test_the_liaisons_queues_show_the_earliest_deadlines_first(world, as_user):
    today = clock.today()
    to_sign = [assigned(world, deadline=today + dt.timedelta(days=n)) for n in (9, 3, 7, 1)]
    to_sign += [assigned(world, deadline=today + dt.timedelta(days=20 + n)) for n in range(8)]
    returned = [closure_requested(world, deadline=today + dt.timedelta(days=n)) for n in (4, 2)]
    for item in returned:
        wf.return_item(world.users["office"], item, "材料不全")
    wf.sign(world.users["cq_liaison"], to_sign[0])  # cq-fgw's side is signed: not cq's to sign
    todo = as_user("cq_liaison").get(URL).context["todo"]
    first = sorted(to_sign[1:], key=lambda item: item.deadline)[:10]
    assert [side.item_id for side in todo["to_sign"].rows] == [item.pk for item in first]
    assert todo["to_sign"].more
    assert [side.item_id for side in todo["returned"].rows] == [returned[1].pk, returned[0].pk]
    assert not todo["returned"].more
