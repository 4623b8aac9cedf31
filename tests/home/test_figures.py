"""The home page's register figures: right for each viewer, cached per data generation, never
stale after a workflow change, and the work queues capped and read in index order."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests import factory as f
from tests.queries import queries_for
from tests.workflow.helpers import closure_requested, in_progress
from twincity.commitments import workflow as wf
from twincity.commitments.models import Item, ItemState, ListKind
from twincity.home import views
from twincity.lib import clock, figcache

URL = reverse("home:index")
FIGURES_SQL = 'AS "closure_requested"'  # only the per-list count query names this column


def days(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


def figure_queries(client) -> int:
    """How many times a home view counted the register (0 when served from the cache)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return sum(FIGURES_SQL in q["sql"] for q in ctx.captured_queries)


def test_the_office_sees_the_whole_registers_counts(world, as_user):
    world.item(state=ItemState.IN_PROGRESS, deadline=days(-3))
    world.item(state=ItemState.IN_PROGRESS, deadline=days(10))
    world.item(state=ItemState.RETURNED, deadline=days(-1))
    world.item(state=ItemState.CLOSURE_REQUESTED, deadline=days(90))
    world.item(state=ItemState.CLOSED, deadline=days(-30))
    world.item(state=ItemState.DRAFT, deadline=days(-30))
    overview = as_user("office").get(URL).context["overview"]
    assert overview == {
        "total": 6,
        "open": 4,
        "in_progress": 2,
        "closed": 1,
        "overdue": 2,
        "due_soon": 1,
        "closure_requested": 1,
        "returned": 1,
    }


def test_a_liaison_counts_only_the_items_they_see(world, as_user):
    world.item(state=ItemState.IN_PROGRESS, deadline=days(-3))
    f.make_item(leads={world.cq: world.other_unit}, state=ItemState.IN_PROGRESS, deadline=days(-3))
    assert as_user("office").get(URL).context["overview"]["overdue"] == 2
    assert as_user("cq_liaison").get(URL).context["overview"]["overdue"] == 1
    assert as_user("outsider").get(URL).context["overview"]["overdue"] == 1
    assert as_user("leader").get(URL).context["overview"]["overdue"] == 2


def test_the_figures_are_counted_once_per_generation_and_scope(world, as_user):
    world.item(state=ItemState.IN_PROGRESS)
    assert figure_queries(as_user("office")) == 1
    assert figure_queries(as_user("office")) == 0
    assert figure_queries(as_user("leader")) == 0  # reads all, like the office
    assert figure_queries(as_user("cq_liaison")) == 1
    assert figure_queries(as_user("cq_head")) == 0  # the same unit as cq_liaison
    assert figure_queries(as_user("sc_liaison")) == 1


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_a_warm_view_makes_the_same_queries_at_two_sizes(world, as_user, persona):
    def warm_count_for(n: int) -> int:
        for _ in range(n):
            in_progress(world)
        client = as_user(persona)
        client.get(URL)
        return queries_for(client, URL)

    assert warm_count_for(5) == warm_count_for(45)


def test_an_audited_change_shows_on_the_next_view(world, as_user):
    item = world.item()
    office = as_user("office")
    assert office.get(URL).context["overview"]["in_progress"] == 0
    wf.assign(world.users["office"], item)
    assert office.get(URL).context["overview"]["open"] == 1
    wf.sign(world.users["cq_liaison"], item)
    wf.sign(world.users["sc_liaison"], item)
    assert office.get(URL).context["overview"]["in_progress"] == 1
    assert as_user("cq_liaison").get(URL).context["overview"]["in_progress"] == 1


def test_closing_an_item_moves_it_between_the_counts(world, as_user):
    item = closure_requested(world)
    office = as_user("office")
    before = office.get(URL).context
    assert (before["overview"]["closure_requested"], before["overview"]["closed"]) == (1, 0)
    wf.close(world.users["office"], item)
    after = office.get(URL).context
    assert (after["overview"]["closure_requested"], after["overview"]["closed"]) == (0, 1)
    assert after["by_list"][0]["closed"] == 1


def test_a_new_day_makes_an_item_overdue_without_any_write(world, as_user):
    world.item(state=ItemState.IN_PROGRESS, deadline=days(1))
    assert as_user("office").get(URL).context["overview"]["overdue"] == 0
    with clock.travel(clock.now() + dt.timedelta(days=2)):
        assert as_user("office").get(URL).context["overview"]["overdue"] == 1


def test_an_unaudited_change_shows_once_the_lights_stamp_moves(world, as_user):
    item = world.item(state=ItemState.IN_PROGRESS)
    office = as_user("office")
    assert office.get(URL).context["overview"]["in_progress"] == 1
    Item.objects.filter(pk=item.pk).update(state=ItemState.CLOSED)  # no audit event
    assert office.get(URL).context["overview"]["in_progress"] == 1  # still this generation
    figcache.lights_changed()
    assert office.get(URL).context["overview"]["in_progress"] == 0


def test_the_table_names_the_lists_most_in_need_and_links_the_rest(world, as_user):
    urgent = world.item(state=ItemState.IN_PROGRESS, deadline=days(-5)).list
    for _ in range(views.TOP_LISTS - 1):
        world.item(state=ItemState.IN_PROGRESS)
    done = world.item(state=ItemState.CLOSED).list
    response = as_user("office").get(URL)
    rows = response.context["by_list"]
    assert len(rows) == views.TOP_LISTS and response.context["list_count"] == views.TOP_LISTS + 1
    assert rows[0]["list_id"] == urgent.pk and rows[0]["overdue"] == 1
    assert done.pk not in {row["list_id"] for row in rows}
    page = response.content.decode()
    assert 'id="all-lists"' in page and reverse("commitments:lists") in page


def test_no_link_when_every_list_is_shown(world, as_user):
    world.item(state=ItemState.IN_PROGRESS)
    page = as_user("office").get(URL).content.decode()
    assert 'id="by-list"' in page and 'id="all-lists"' not in page


def test_one_cached_entry_serves_both_languages(world, as_user):
    world.item(state=ItemState.IN_PROGRESS)
    client = as_user("office")
    assert "议定事项清单" in client.get(URL).content.decode().split('id="by-list"')[1]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert figure_queries(client) == 0
    with translation.override("en"):
        english = str(ListKind.AGREED_ITEMS.label)
    assert english != "议定事项清单"
    assert english in client.get(URL).content.decode().split('id="by-list"')[1]


def test_the_office_queue_shows_the_first_ten_by_deadline_and_says_there_are_more(world, as_user):
    for n in range(views.QUEUE_SIZE + 1):
        world.item(state=ItemState.CLOSURE_REQUESTED, deadline=days(n), title=f"待销号{n:02d}")
    response = as_user("office").get(URL)
    queue = response.context["office_queue"]["to_close"]
    assert [i.title for i in queue.rows] == [f"待销号{n:02d}" for n in range(views.QUEUE_SIZE)]
    assert queue.more
    page = response.content.decode().split('id="office-queue"')[1].split('id="overview"')[0]
    assert (
        f"{views.QUEUE_SIZE}+</span>" in page
        and "state=closure_requested&amp;sort=deadline" in page
    )


def test_a_short_queue_has_no_more_link(world, as_user):
    world.item(state=ItemState.ASSIGNED)
    todo = as_user("cq_liaison").get(URL).context["todo"]
    assert len(todo["to_sign"].rows) == 1 and not todo["to_sign"].more


def query_plans(client) -> list[str]:
    """SQLite's plan of every statement one home view runs."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(URL).status_code == 200
    with connection.cursor() as cursor:
        plans = []
        for sql, params in seen:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plans.append(" | ".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan wording")
@pytest.mark.parametrize(
    "persona, index",
    [
        ("office", "item_state_deadline"),
        ("office", "report_queue"),
        ("cq_head", "report_unit_queue"),
        ("cq_liaison", "report_unit_queue"),
    ],
)
def test_the_queues_are_read_in_index_order(world, as_user, persona, index):
    plans = query_plans(as_user(persona))
    assert any(index in plan and "TEMP B-TREE" not in plan for plan in plans), plans
