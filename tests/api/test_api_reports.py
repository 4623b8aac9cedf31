"""Progress reports (submit, approve, accept, return through the workflow) and results."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from tests.workflow.helpers import in_progress
from twincity.accounts.tokens import create_token
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import (
    ItemSide,
    ItemState,
    ListKind,
    ProgressReport,
    ReportStatus,
    Result,
    ResultType,
)
from twincity.supervision.rounds import open_round

REPORTS = "/api/v1/reports"
RESULTS = "/api/v1/results"
BODY = {"progress_text": "已完成方案编制", "percent": 40, "period": "2025年第3季度"}


def bearer(world, persona: str, scope: str = "write", **headers: str) -> dict[str, str]:
    secret = create_token(world.users[persona], "接口", scope)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **headers}


def submit(world, item, persona="cq_liaison", scope="write", body=None):
    url = f"/api/v1/items/{item.pk}/reports"
    auth = bearer(world, persona, scope)
    return Client().post(url, body or BODY, content_type="application/json", **auth)


def report(world, item, persona="cq_liaison", **data):
    return wf.submit_report(
        world.users[persona], item, {"progress_text": "进展", "percent": 30} | data
    )


# --- submitting ----------------------------------------------------------------------


def test_liaison_submits_through_the_workflow_and_it_is_audited(world):
    item = in_progress(world)
    response = submit(world, item)
    assert response.status_code == 201, response.content
    body = response.json()
    saved = ProgressReport.objects.get()
    assert body["id"] == saved.pk and response.headers["ETag"] == f'"{saved.pk}-1"'
    assert (body["party"], body["unit"], body["status"]) == ("cq", "重庆市发展改革委", "submitted")
    assert (saved.percent, saved.period, saved.submitted_by) == (
        40,
        "2025年第3季度",
        world.users["cq_liaison"],
    )
    assert AuditEvent.objects.get(action="report.submit").actor_id == world.users["cq_liaison"].pk
    assert item.transitions.filter(action="report").exists()


@pytest.mark.parametrize(
    ("persona", "scope", "status", "code"),
    [
        ("cq_head", "write", 403, "forbidden"),
        ("office", "write", 403, "forbidden"),
        ("cq_liaison", "read", 403, "read_only_token"),
        ("outsider", "write", 404, "not_found"),
    ],
)
def test_submit_refusals(world, persona, scope, status, code):
    item = in_progress(world)
    response = submit(world, item, persona, scope)
    assert response.status_code == status and response.json()["code"] == code
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"progress_text": "  ", "percent": 40},
        {"progress_text": "x", "percent": 101},
        {"progress_text": "x", "percent": 40, "period": "期" * 33},
        {"progress_text": "x\x00", "percent": 40},
        {"percent": 40},
    ],
)
def test_invalid_reports_are_422(world, body):
    response = submit(world, in_progress(world), body=body)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert not ProgressReport.objects.exists()


def test_a_closed_item_takes_no_report(world):
    item = world.item(state=ItemState.CLOSED)
    response = submit(world, item)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_a_liaison_leading_both_sides_names_the_party(world):
    item = f.make_item(leads={world.cq: world.cq_unit, world.sc: world.cq_unit})
    item = wf.assign(world.users["office"], item)
    refused = submit(world, item)
    assert refused.status_code == 422 and "party" in refused.json()["errors"]
    named = submit(world, item, body=BODY | {"party": world.sc.pk})
    assert named.status_code == 201 and named.json()["party"] == "sc"


# --- approving, accepting, returning ---------------------------------------------------


def act(world, rep, verb, persona, scope="write", if_match=None, body=None):
    headers = {"HTTP_IF_MATCH": if_match or f'"{rep.pk}-{rep.version}"'}
    url = f"{REPORTS}/{rep.pk}/{verb}"
    auth = bearer(world, persona, scope, **headers)
    return Client().post(url, body or {}, content_type="application/json", **auth)


def test_head_approves_then_office_accepts_and_progress_moves(world):
    item = in_progress(world)
    rep = report(world, item, percent=60)
    approved = act(world, rep, "approve", "cq_head")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.headers["ETag"] == f'"{rep.pk}-2"'
    rep.refresh_from_db()
    accepted = act(world, rep, "accept", "office")
    assert accepted.status_code == 200 and accepted.json()["accepted_by"] == "office"
    assert ItemSide.objects.get(item=item, party=world.cq).progress == 60
    events = AuditEvent.objects.filter(action__in=["report.approve", "report.accept"])
    assert [(e.action, e.actor_id) for e in events.order_by("pk")] == [
        ("report.approve", world.users["cq_head"].pk),
        ("report.accept", world.users["office"].pk),
    ]


def test_return_needs_a_reason_and_is_audited(world):
    rep = report(world, in_progress(world))
    empty = act(world, rep, "return", "cq_head", body={"reason": "  "})
    assert empty.status_code == 422 and empty.json()["code"] == "invalid"
    returned = act(world, rep, "return", "cq_head", body={"reason": "数据不全"})
    assert returned.status_code == 200 and returned.json()["return_reason"] == "数据不全"
    assert AuditEvent.objects.get(action="report.return").after["reason"] == "数据不全"


@pytest.mark.parametrize(
    ("verb", "persona", "scope", "status", "code"),
    [
        ("approve", "sc_head", "write", 403, "forbidden"),
        ("approve", "office", "write", 403, "forbidden"),
        ("accept", "office", "write", 422, "invalid"),
        ("accept", "cq_head", "write", 403, "forbidden"),
        ("approve", "cq_head", "read", 403, "read_only_token"),
        ("approve", "outsider", "write", 404, "not_found"),
    ],
)
def test_action_refusals_change_nothing(world, verb, persona, scope, status, code):
    rep = report(world, in_progress(world))
    response = act(world, rep, verb, persona, scope)
    assert response.status_code == status and response.json()["code"] == code
    fresh = ProgressReport.objects.get(pk=rep.pk)
    assert (fresh.status, fresh.version) == (ReportStatus.SUBMITTED, 1)
    assert not AuditEvent.objects.filter(action__in=["report.approve", "report.accept"]).exists()


def test_stale_or_missing_if_match(world):
    rep = report(world, in_progress(world))
    assert act(world, rep, "approve", "cq_head", if_match=f'"{rep.pk}-9"').status_code == 412
    url = f"{REPORTS}/{rep.pk}/approve"
    missing = Client().post(url, **bearer(world, "cq_head"))
    assert missing.status_code == 428
    assert ProgressReport.objects.get(pk=rep.pk).status == ReportStatus.SUBMITTED


# --- reading reports ---------------------------------------------------------------------


def test_reports_visible_through_their_items_with_filters(world):
    mine = in_progress(world, code="A-1")
    theirs = f.make_item(leads={world.cq: world.other_unit}, code="B-1")
    theirs = wf.assign(world.users["office"], theirs)
    first = report(world, mine)
    act(world, first, "return", "cq_head", body={"reason": "重报"})
    second = report(world, mine, percent=50)
    other = report(world, theirs, persona="outsider")
    auth = bearer(world, "cq_liaison", "read")
    rows = Client().get(REPORTS, **auth).json()["items"]
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    returned = Client().get(f"{REPORTS}?status=returned&item={mine.pk}", **auth).json()["items"]
    assert [r["id"] for r in returned] == [first.pk]
    detail = Client().get(f"{REPORTS}/{second.pk}", **auth)
    assert detail.json()["item_code"] == "A-1" and detail.headers["ETag"] == f'"{second.pk}-1"'
    assert Client().get(f"{REPORTS}/{other.pk}", **auth).status_code == 404
    office = Client().get(REPORTS, **bearer(world, "office", "read")).json()
    assert office["count"] == 3


@pytest.mark.parametrize("query", ["status=nonsense", "item=999999", "round=999999", "item=x"])
def test_bad_report_filters_are_422(world, query):
    response = Client().get(f"{REPORTS}?{query}", **bearer(world, "office", "read"))
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_an_invisible_item_is_not_a_filter(world):
    theirs = f.make_item(leads={world.cq: world.other_unit})
    response = Client().get(f"{REPORTS}?item={theirs.pk}", **bearer(world, "cq_liaison", "read"))
    assert response.status_code == 422


def test_round_filter_gives_the_reports_the_round_received(world):
    item = in_progress(world)
    early = report(world, item)
    rnd = open_round(
        world.users["office"], "2025年第3季度", [ListKind.AGREED_ITEMS], dt.date(2099, 1, 1)
    )
    linked = report(world, item, period="2025年第3季度")
    rows = Client().get(f"{REPORTS}?round={rnd.pk}", **bearer(world, "office", "read")).json()
    assert [r["id"] for r in rows["items"]] == [linked.pk] and early.pk != linked.pk


# --- results ---------------------------------------------------------------------------


def make_result(*items, **kw):
    fields = {"title": "成果", "type": ResultType.DOCUMENT, "date": dt.date(2025, 5, 1)} | kw
    result = Result.objects.create(**fields)
    result.items.add(*items)
    return result


def test_results_visible_with_figures_and_only_visible_items(world):
    mine = world.item(code="A-1")
    theirs = f.make_item(leads={world.cq: world.other_unit}, code="B-1")
    shared = make_result(
        mine, theirs, title="共同成果", evidence_links="https://a.example\n\n https://b.example "
    )
    shared.parties.add(world.cq, world.sc)
    shared.figures.create(label="开行", value=Decimal("36000.0000"), unit="列")
    hidden = make_result(theirs, title="别人的成果")
    auth = bearer(world, "cq_liaison", "read")
    [row] = Client().get(RESULTS, **auth).json()["items"]
    assert row["title"] == "共同成果" and row["parties"] == ["cq", "sc"]
    assert row["items"] == [{"id": mine.pk, "code": "A-1", "title": mine.title}]
    assert row["figures"] == [{"label": "开行", "value": "36000", "unit": "列"}]
    assert row["evidence_links"] == ["https://a.example", "https://b.example"]
    assert Client().get(f"{RESULTS}/{hidden.pk}", **auth).status_code == 404
    leader = Client().get(f"{RESULTS}/{hidden.pk}", **bearer(world, "leader", "read"))
    assert leader.status_code == 200 and leader.json()["date"] == "2025-05-01"


def test_results_filtered_like_the_results_page(world):
    make_result(title="文件", date=dt.date(2024, 1, 1))
    make_result(title="平台上线", type=ResultType.PLATFORM, date=dt.date(2025, 1, 1))
    auth = bearer(world, "office", "read")
    by_type = Client().get(f"{RESULTS}?type=platform", **auth).json()["items"]
    assert [r["title"] for r in by_type] == ["平台上线"]
    assert [r["title"] for r in Client().get(f"{RESULTS}?year=2024", **auth).json()["items"]] == [
        "文件"
    ]
    assert Client().get(f"{RESULTS}?q=平台", **auth).json()["count"] == 1
    for query in ["type=nonsense", "party=999999", "year=1800"]:
        assert Client().get(f"{RESULTS}?{query}", **auth).status_code == 422, query


def test_administrators_see_no_reports_or_results(world):
    result = make_result()
    rep = report(world, in_progress(world))
    auth = bearer(world, "auditor", "read")
    assert Client().get(REPORTS, **auth).json()["items"] == []
    assert Client().get(RESULTS, **auth).json()["items"] == []
    assert Client().get(f"{REPORTS}/{rep.pk}", **auth).status_code == 404
    assert Client().get(f"{RESULTS}/{result.pk}", **auth).status_code == 404


# --- constant queries --------------------------------------------------------------------


def _count(auth, url):
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(url, **auth)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def _grow(world, n):
    for _ in range(n):
        item = in_progress(world)
        rep = report(world, item)
        wf.approve_report(world.users["cq_head"], rep)
        result = make_result(item)
        result.parties.add(world.cq)
        result.figures.create(label="数", value=Decimal("1.5"))


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_list_queries_do_not_grow_with_rows(world, persona):
    auth = bearer(world, persona, "read")
    urls = [f"{REPORTS}?size=200", f"{RESULTS}?size=200"]
    _grow(world, 2)
    small = [_count(auth, url) for url in urls]
    _grow(world, 10)
    large = [_count(auth, url) for url in urls]
    assert [rows for _, rows in small] == [2, 2] and [rows for _, rows in large] == [12, 12]
    assert [n for n, _ in large] == [n for n, _ in small]
