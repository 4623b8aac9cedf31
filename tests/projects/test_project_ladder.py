"""Monthly project reports climb the ladder: 提醒 before the due day, 催办 after, 督办 later."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.projects.util import make_list, make_project, make_report
from twincity.lib import clock
from twincity.projects.ladder import run_project_ladder
from twincity.projects.models import ReportStatus
from twincity.supervision.models import Notice, Notification


def at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, month, day, 9))


def walk(first: dt.date, last: dt.date) -> dict[dt.date, list[str]]:
    """Run the ladder each day; the notices issued, as 'kind:unit code', by day."""
    out = {}
    day = first
    while day <= last:
        with clock.travel(at(day.month, day.day)):
            issued = run_project_ladder(clock.now())
        if issued:
            out[day] = sorted(f"{n.kind}:{n.unit.code}" for n in issued)
        day += dt.timedelta(days=1)
    return out


@pytest.fixture
def projects(world):
    plist = make_list(2025)
    cq = make_project(plist, "100", units=[world.cq_unit], name="遂潼快速通道")
    sc = make_project(plist, "50", units=[world.sc_unit])
    make_project(plist, "10", units=[world.cq_unit], withdrawn=True)  # off the list
    return cq, sc


def test_a_unit_that_never_reports_climbs(world, projects):
    cq, sc = projects
    make_report(sc, 3, "10", status=ReportStatus.SUBMITTED)
    days = walk(dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    cq_code = world.cq_unit.code
    # Reports for March are due on 5 April: reminder from the 2nd, 催办 on the 6th,
    # 督办 seven days after the 催办.
    assert days == {
        dt.date(2025, 4, 2): [f"reminder:{cq_code}"],
        dt.date(2025, 4, 6): [f"urge:{cq_code}"],
        dt.date(2025, 4, 13): [f"supervise:{cq_code}"],
    }
    notices = list(Notice.objects.order_by("issued_at"))
    assert [n.number for n in notices] == ["提醒〔2025〕1号", "催办〔2025〕1号", "督办〔2025〕1号"]
    assert all(list(n.projects.all()) == [cq] for n in notices)
    assert all(n.items.count() == 0 for n in notices)
    assert "遂潼" not in notices[1].reason and cq.code in notices[1].reason
    assert notices[1].answer_by == dt.date(2025, 4, 16)


def test_a_report_stops_the_climb(world, projects):
    cq, sc = projects
    make_report(sc, 3, "10", status=ReportStatus.SUBMITTED)
    walk(dt.date(2025, 4, 1), dt.date(2025, 4, 8))
    make_report(cq, 3, "10", status=ReportStatus.SUBMITTED)
    assert walk(dt.date(2025, 4, 9), dt.date(2025, 4, 30)) == {}
    assert not Notice.objects.filter(kind="supervise").exists()


def test_a_returned_report_still_counts_as_missing(world, projects):
    cq, sc = projects
    make_report(cq, 3, "10", status=ReportStatus.RETURNED)
    make_report(sc, 3, "10", status=ReportStatus.ACCEPTED)
    with clock.travel(at(4, 6)):
        issued = run_project_ladder(clock.now())
    assert [(n.kind, n.unit_id) for n in issued] == [("urge", world.cq_unit.pk)]


def test_one_notice_per_unit_names_all_its_projects(world, projects):
    cq, _sc = projects
    second = make_project(cq.list, "20", units=[world.cq_unit, world.sc_unit])
    with clock.travel(at(4, 6)):
        issued = run_project_ladder(clock.now())
    by_unit = {n.unit_id: sorted(p.pk for p in n.projects.all()) for n in issued}
    assert by_unit[world.cq_unit.pk] == sorted([cq.pk, second.pk])
    assert len(issued) == 2 and second.pk in by_unit[world.sc_unit.pk]


def test_running_twice_at_the_same_time_creates_nothing(world, projects):
    for day in (2, 6, 13):
        with clock.travel(at(4, day)):
            assert run_project_ladder(clock.now())
            assert run_project_ladder(clock.now()) == []
    assert Notice.objects.count() == 6  # two units × three rules


def test_remind_command_notifies_and_counts(world, projects):
    out = io.StringIO()
    call_command("remind", "--now", "2025-04-06T09:00:00+08:00", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert "project ladder: 2 new notices" in lines
    total = Notification.objects.count()
    assert total > 0 and lines[-1] == f"notifications sent: {total}"
    assert Notification.objects.filter(
        recipient=world.users["cq_liaison"], kind="notice.urge"
    ).exists()
    again = io.StringIO()
    call_command("remind", "--now", "2025-04-06T09:00:00+08:00", stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == "notifications sent: 0"


def test_project_page_shows_the_history(as_user, world, projects):
    cq, _sc = projects
    for day in (2, 6):
        with clock.travel(at(4, day)):
            run_project_ladder(clock.now())
    text = as_user("cq_liaison").get(f"/projects/{cq.pk}/").content.decode()
    assert "提醒〔2025〕1号" in text and "催办〔2025〕1号" in text
    assert "未整改" in text and "已整改" not in text
    make_report(cq, 3, "10", status=ReportStatus.SUBMITTED)
    text = as_user("office").get(f"/projects/{cq.pk}/").content.decode()
    assert "已整改" in text and "未整改" not in text


def test_project_page_queries_do_not_grow_with_notices(
    as_user, world, projects, django_assert_num_queries
):
    cq, _sc = projects
    client = as_user("office")
    with clock.travel(at(4, 2)):
        run_project_ladder(clock.now())
    with clock.travel(at(5, 1)):
        client.get(f"/projects/{cq.pk}/")  # warm up the session and settings rows
        with CaptureQueriesContext(connection) as few:
            client.get(f"/projects/{cq.pk}/")
    for day in (6, 13):
        with clock.travel(at(4, day)):
            run_project_ladder(clock.now())
    with clock.travel(at(5, 1)), django_assert_num_queries(len(few)):
        response = client.get(f"/projects/{cq.pk}/")
    assert response.content.decode().count("〔2025〕") == 3


def test_the_notice_page_names_its_projects(world, projects, as_user):
    cq, sc = projects
    make_report(sc, 3, "10", status=ReportStatus.SUBMITTED)
    walk(dt.date(2025, 4, 1), dt.date(2025, 4, 6))
    notice = Notice.objects.get(kind="urge")
    page = as_user("office").get(f"/supervision/notices/{notice.pk}/").content.decode()
    assert f'id="notice-project-{cq.pk}"' in page
    assert f'id="notice-project-{sc.pk}"' not in page
