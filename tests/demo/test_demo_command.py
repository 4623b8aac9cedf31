"""`twincity demo` loads a consistent, faithful demo once, and only once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import Client, TestCase

from twincity.accounts.models import Membership, Party, Role, Unit, UnitKind, WorkingGroup
from twincity.audit.models import GENESIS, AuditEvent
from twincity.commitments.models import (
    Comment,
    Item,
    ItemList,
    ItemSide,
    ItemState,
    ListKind,
    ProgressReport,
    ReportStatus,
    Result,
    ResultFigure,
    Transition,
)
from twincity.home.demo_data import ACCOUNTS, PASSWORD
from twincity.lib import clock
from twincity.meetings.models import DatePrecision, Meeting, MeetingStatus

JOINT_FACTS = {
    1: (dt.date(2020, 3, 17), DatePrecision.DAY, "视频会议", None),
    2: (dt.date(2020, 12, 1), DatePrecision.MONTH, "视频会议", None),
    3: (dt.date(2021, 5, 27), DatePrecision.DAY, "重庆永川", "cq"),
    4: (dt.date(2021, 12, 1), DatePrecision.MONTH, "", None),
    5: (dt.date(2022, 6, 29), DatePrecision.DAY, "重庆", "cq"),
    6: (dt.date(2022, 12, 30), DatePrecision.DAY, "", None),
    7: (dt.date(2023, 6, 26), DatePrecision.DAY, "重庆璧山", "cq"),
    8: (dt.date(2023, 12, 28), DatePrecision.DAY, "四川绵阳", "sc"),
    9: (dt.date(2024, 6, 21), DatePrecision.DAY, "四川广安", "sc"),
    10: (dt.date(2024, 12, 30), DatePrecision.DAY, "重庆", "cq"),
}


class DemoCommandTests(TestCase):
    """The command runs once for the class (rolled back after it); the tests read its data."""

    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        call_command("demo", stdout=out)  # its speed is measured by the benchmark, not here
        cls.output = out.getvalue()

    def test_it_prints_a_summary(self) -> None:
        assert "items:" in self.output
        assert "demo data already present" not in self.output

    def test_organisation(self) -> None:
        assert list(Party.objects.values_list("code", "short_name", "name", "order")) == [
            ("cq", "渝", "重庆市", 1),
            ("sc", "川", "四川省", 2),
        ]
        assert Unit.objects.count() >= 40
        office = Unit.objects.get(kind=UnitKind.JOINT_OFFICE)
        assert office.name == "推动成渝地区双城经济圈建设联合办公室"
        assert office.party is None
        assert not Unit.objects.filter(kind=UnitKind.CENTRAL, party__isnull=False).exists()
        assert Unit.objects.filter(kind=UnitKind.CENTRAL).count() >= 3
        assert not Unit.objects.filter(is_demo=False).exists()

    def test_twenty_two_groups_each_led_from_both_sides(self) -> None:
        groups = WorkingGroup.objects.prefetch_related("leads")
        assert sorted(g.number for g in groups) == list(range(1, 23))
        for group in groups:
            assert group.is_demo
            assert sorted(lead.party.code for lead in group.leads.all()) == ["cq", "sc"]

    def test_the_ten_joint_meetings_follow_the_public_record(self) -> None:
        joint = {m.number: m for m in Meeting.objects.filter(series__code="joint", number__lte=10)}
        assert sorted(joint) == list(range(1, 11))
        for number, (date, precision, place, host) in JOINT_FACTS.items():
            meeting = joint[number]
            assert (meeting.date, meeting.date_precision, meeting.place) == (date, precision, place)
            assert (meeting.host_party.code if meeting.host_party else None) == host
            assert meeting.status == MeetingStatus.CLOSED
        tenth = joint[10]
        assert tenth.decisions.count() >= 8
        assert tenth.attendees.filter(title="重庆市委书记").exists()
        assert tenth.documents.filter(title__contains="集成式标志性重大改革清单").exists()

    def test_later_meetings_are_demo_and_one_is_still_to_come(self) -> None:
        later = Meeting.objects.filter(series__code="joint", number__gt=10)
        assert later.exists()
        upcoming = later.exclude(status=MeetingStatus.CLOSED)
        assert upcoming.count() == 1
        assert upcoming.get().date >= clock.today().replace(day=1)
        assert Meeting.objects.filter(series__code="office-dispatch").count() >= 2
        assert Meeting.objects.filter(series__code="special").exists()

    def test_lists_of_every_kind_and_agreed_items_from_the_tenth_meeting(self) -> None:
        kinds = set(ItemList.objects.values_list("kind", flat=True))
        assert {
            ListKind.AGREED_ITEMS,
            ListKind.KEY_TASKS,
            ListKind.POLICY_NEEDS,
            ListKind.REFORM,
        } <= kinds
        agreed = ItemList.objects.get(kind=ListKind.AGREED_ITEMS, source_meeting__number=10)
        assert agreed.items.filter(source_decision__meeting__number=10).count() >= 8
        key_tasks = ItemList.objects.get(kind=ListKind.KEY_TASKS)
        assert key_tasks.items.count() >= 27
        assert len(set(key_tasks.items.values_list("area", flat=True))) == 7
        assert key_tasks.versions.count() == 2
        assert Item.objects.filter(title__contains="高铁").exists()
        needs = Item.objects.filter(list__kind=ListKind.POLICY_NEEDS)
        assert not needs.filter(target_unit__isnull=True).exists()

    def test_items_exist_in_every_state(self) -> None:
        assert set(Item.objects.values_list("state", flat=True)) == set(ItemState.values)
        assert not Item.objects.filter(is_demo=False).exists()

    def test_every_item_state_is_the_last_transitions(self) -> None:
        for item in Item.objects.prefetch_related("transitions"):
            transitions = list(item.transitions.all())
            assert transitions, item.code
            assert transitions[-1].to_state == item.state, item.code
            times = [t.at for t in transitions]
            assert times == sorted(times)

    def test_history_lies_in_the_past_months(self) -> None:
        now = clock.now()
        first = Transition.objects.order_by("at").first().at
        assert first < now - dt.timedelta(days=90)
        assert Transition.objects.filter(at__gt=now - dt.timedelta(days=30)).exists()
        assert not Transition.objects.filter(at__gt=now).exists()
        assert Item.objects.overdue().exists()

    def test_assigned_items_have_one_side_signed_in_some(self) -> None:
        assigned = ItemSide.objects.filter(item__state=ItemState.ASSIGNED)
        assert assigned.filter(signed_at__isnull=False).exists()
        assert assigned.filter(signed_at__isnull=True).exists()

    def test_reports_in_every_status_and_a_leaders_instruction(self) -> None:
        statuses = set(ProgressReport.objects.values_list("status", flat=True))
        assert {
            ReportStatus.SUBMITTED,
            ReportStatus.APPROVED,
            ReportStatus.ACCEPTED,
            ReportStatus.RETURNED,
        } <= statuses
        assert Comment.objects.filter(is_instruction=True, author__username="leader").exists()

    def test_results_carry_the_public_figures_and_close_items(self) -> None:
        figures = {(f.label, f.value.normalize()) for f in ResultFigure.objects.all()}
        assert ("中欧班列（成渝）累计开行", 36000) in figures
        assert ("通达港口", 548) in figures
        assert ("“川渝通办”事项", 355) in figures
        closed_by_result = Item.objects.filter(state=ItemState.CLOSED, results__isnull=False)
        assert closed_by_result.exists()
        assert Result.objects.filter(is_public=True).exists()
        assert not Result.objects.filter(is_demo=False).exists()

    def test_each_demo_account_logs_in_with_the_demo_password(self) -> None:
        for row in ACCOUNTS:
            assert Client().login(username=row.username, password=PASSWORD), row.username
            assert Membership.objects.filter(user__username=row.username, role=row.role).exists()

    def test_the_persona_liaisons_and_head_have_work_waiting(self) -> None:
        for party in ("cq", "sc"):
            unit = Unit.objects.get(code=f"{party}-fgw")
            sides = ItemSide.objects.filter(lead_unit=unit)
            assert sides.filter(item__state=ItemState.ASSIGNED, signed_at__isnull=True).exists()
            assert sides.filter(item__state=ItemState.IN_PROGRESS).exists()
            assert sides.filter(item__state=ItemState.RETURNED).exists()
        to_approve = ProgressReport.objects.filter(
            unit__code="cq-fgw", status=ReportStatus.SUBMITTED
        )
        assert to_approve.exists()
        wg_lead = Membership.objects.get(user__username="wg_lead", role=Role.WG_LEAD)
        assert wg_lead.working_group.number == 1
        assert wg_lead.unit == wg_lead.working_group.leads.get(party__code="cq").unit

    def test_the_audit_chain_verifies(self) -> None:
        previous = GENESIS
        for event in AuditEvent.objects.order_by("id"):
            assert event.prev_hash == previous, event.pk
            assert event.compute_hash() == event.hash, event.pk
            previous = event.hash
        assert AuditEvent.objects.filter(action="item.assign").exists()

    def test_running_it_again_changes_nothing(self) -> None:
        before = row_counts()
        out = StringIO()
        call_command("demo", stdout=out)
        assert out.getvalue().strip() == "demo data already present"
        assert row_counts() == before

    def test_supervision_has_rounds_lights_notices_and_extensions(self) -> None:
        from collections import Counter

        from twincity.supervision.models import (
            Extension,
            Light,
            Notice,
            ReportingRound,
            RoundStatus,
        )
        from twincity.supervision.stats import lights_for

        current = ReportingRound.objects.get(status=RoundStatus.OPEN)
        expected = current.expected.count()
        submitted = current.expected.filter(submitted_at__isnull=False).count()
        self.assertTrue(0 < submitted < expected)
        self.assertEqual(ReportingRound.objects.filter(status=RoundStatus.CLOSED).count(), 2)
        lights = Counter(v.light for v in lights_for(Item.objects.all()).values())
        for light in (Light.RED, Light.YELLOW, Light.GREEN, Light.RECOVERED):
            self.assertGreater(lights[light], 0, light)
        self.assertTrue(Notice.objects.filter(kind="urge").exists())
        self.assertEqual(
            sorted(Extension.objects.values_list("status", flat=True)), ["approved", "refused"]
        )

    def test_services_and_platforms_registers(self) -> None:
        from twincity.platforms.models import Agreement, Platform
        from twincity.services.models import ServiceBatch, ServiceItem

        self.assertEqual(ServiceBatch.objects.count(), 4)
        self.assertEqual(ServiceItem.objects.count(), 355)
        self.assertEqual(Platform.objects.count(), 10)
        self.assertGreater(Agreement.objects.count(), 20)

    def test_the_2025_project_list_matches_the_published_totals(self) -> None:
        from decimal import Decimal

        from twincity.projects.figures import figures_for
        from twincity.projects.models import Project

        projects = Project.objects.filter(list__year=2025).in_list()
        total = figures_for(projects, 2025, 12).total
        self.assertEqual(total.projects, 320)
        self.assertEqual(total.completed, Decimal("5332.42"))
        self.assertEqual(total.rate, Decimal("121.08"))


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
