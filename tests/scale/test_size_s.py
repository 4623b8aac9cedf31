"""Size S, built once: its shape, its consistency with the workflow's rules, its stored
lights, and pages and the API working on it for the generated personas."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from itertools import pairwise

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase
from django.urls import reverse

from twincity.accounts.models import Unit, User
from twincity.commitments.models import (
    OPEN_STATES,
    Item,
    ItemSide,
    ItemState,
    ListKind,
    ProgressReport,
    ReportStatus,
    Transition,
)
from twincity.lib import clock
from twincity.meetings.models import MeetingSeries
from twincity.projects.models import MonthlyReport, Project
from twincity.scale.shapes import LOGINS, SIZES
from twincity.supervision import current
from twincity.supervision.models import (
    ExpectedReport,
    Light,
    LightSnapshot,
    Notice,
    ReportingRound,
    RoundStatus,
)
from twincity.supervision.stats import lights_for

S = SIZES["S"]


class SizeSTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed-scale", "--size", "S", stdout=StringIO())

    # --- shape -----------------------------------------------------------------------------

    def test_counts_follow_the_size(self) -> None:
        assert Unit.objects.count() == S.units
        assert User.objects.count() == S.users
        assert MeetingSeries.objects.count() == S.series
        assert Item.objects.count() == S.items
        assert Project.objects.count() == S.projects
        reports = ProgressReport.objects.count()
        assert 8 * S.items <= reports <= 12 * S.items, reports  # about ten per item
        monthly = MonthlyReport.objects.count()
        assert 9 * S.projects <= monthly <= 12 * S.projects, monthly

    def test_most_items_are_in_progress_some_closed_some_overdue(self) -> None:
        states = Counter(Item.objects.values_list("state", flat=True))
        assert states.most_common(1)[0][0] == ItemState.IN_PROGRESS
        assert 0.1 * S.items < states[ItemState.CLOSED] < 0.5 * S.items
        for state in (
            ItemState.DRAFT,
            ItemState.ASSIGNED,
            ItemState.RETURNED,
            ItemState.CLOSURE_REQUESTED,
            ItemState.SUSPENDED,
            ItemState.CANCELLED,
            ItemState.SUBMITTED,
            ItemState.ANSWERED,
        ):
            assert states[state] > 0, state
        overdue = Item.objects.overdue().count()
        assert 0.02 * S.items < overdue < 0.2 * S.items, overdue
        kinds = set(Item.objects.values_list("list__kind", flat=True))
        assert kinds == set(ListKind.values)

    def test_reports_come_in_every_status(self) -> None:
        statuses = Counter(ProgressReport.objects.values_list("status", flat=True))
        for status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED):
            assert 0 < statuses[status] < statuses[ReportStatus.ACCEPTED]

    def test_the_first_liaisons_are_the_two_sides_busiest(self) -> None:
        busiest = (
            ItemSide.objects.filter(lead_unit__memberships__role="liaison")
            .values_list("lead_unit__memberships__user__username")
            .annotate(n=Count("pk"))
            .order_by("-n")[:2]
        )
        assert {name for name, _n in busiest} == {LOGINS["liaison"], "scale-liaison-0002"}

    # --- consistency with the workflow ------------------------------------------------------

    def test_each_items_transitions_chain_to_its_state(self) -> None:
        chains: dict[int, list[tuple[str, str]]] = {}
        for item_id, from_state, to_state in Transition.objects.order_by(
            "item_id", "at", "id"
        ).values_list("item_id", "from_state", "to_state"):
            chains.setdefault(item_id, []).append((from_state, to_state))
        states = dict(Item.objects.values_list("pk", "state"))
        assert set(chains) == set(states)
        for item_id, chain in chains.items():
            assert chain[0][0] in (ItemState.DRAFT, ItemState.PROPOSED)
            for (_a, b), (c, _d) in pairwise(chain):
                assert b == c, (item_id, chain)
            assert chain[-1][1] == states[item_id], (item_id, chain)

    def test_every_report_came_while_its_item_was_worked_on(self) -> None:
        working = {ItemState.ASSIGNED, ItemState.IN_PROGRESS, ItemState.RETURNED,
                   ItemState.CLOSURE_REQUESTED}  # fmt: skip
        closed = set(Item.objects.filter(state=ItemState.CLOSED).values_list("pk", flat=True))
        moves = Transition.objects.exclude(action="report").order_by("item_id", "at")
        last_move = dict(moves.values_list("item_id", "at"))
        reports = Transition.objects.filter(action="report")
        for item_id, at, state in reports.values_list("item_id", "at", "to_state"):
            assert state in working, state
            assert at < clock.now()
            if item_id in closed:
                assert at < last_move[item_id]

    def test_expected_reports_point_at_their_sides_reports(self) -> None:
        rows = ExpectedReport.objects.filter(report__isnull=False).values_list(
            "item_id",
            "party_id",
            "unit_id",
            "round__period",
            "report__item_id",
            "report__party_id",
            "report__unit_id",
            "report__period",
        )
        assert rows.exists()
        for row in rows:
            assert row[:4] == row[4:], row
        assert ExpectedReport.objects.filter(report__isnull=True).exists()  # some missing

    def test_one_round_is_open_and_past_due(self) -> None:
        open_rounds = ReportingRound.objects.filter(status=RoundStatus.OPEN)
        assert open_rounds.count() == 1
        assert open_rounds.get().due < clock.today()
        assert LightSnapshot.objects.filter(round=open_rounds.get(), party__isnull=False).exists()
        assert Notice.objects.exists()

    # --- stored lights --------------------------------------------------------------------------

    def test_stored_lights_are_what_refresh_lights_stores(self) -> None:
        assert current.refresh_lights(Item.objects.all()) == 0  # nothing left to change

    def test_stored_lights_are_the_live_ones_in_a_realistic_mix(self) -> None:
        live = lights_for(Item.objects.all())
        assert dict(Item.objects.values_list("pk", "light")) == {
            pk: got.light for pk, got in live.items()
        }
        sides = ItemSide.objects.values_list("item_id", "party_id", "light")
        assert [s for s in sides if live[s[0]].sides[s[1]] != s[2]] == []
        shown = Counter(got.light for got in live.values())
        lit = sum(shown[x] for x in (Light.RED, Light.YELLOW, Light.GREEN, Light.RECOVERED))
        assert shown[Light.GREEN] > shown[Light.YELLOW] > 0
        assert 0.05 * lit < shown[Light.RED] < 0.35 * lit
        assert set(Item.objects.values_list("light_on", flat=True)) == {clock.today()}
        assert not Item.objects.exclude(state__in=OPEN_STATES).exclude(light=Light.NONE).exists()

    # --- personas on the generated data ----------------------------------------------------------

    def client_for(self, role: str):
        self.client.force_login(User.objects.get(username=LOGINS[role]))
        return self.client

    def test_the_office_lists_all_items(self) -> None:
        client = self.client_for("office")
        assert client.get(reverse("commitments:items")).status_code == 200
        response = client.get("/api/v1/items")
        assert response.status_code == 200
        assert response.json()["count"] == S.items

    def test_a_liaison_sees_their_units_items_and_opens_one(self) -> None:
        client = self.client_for("liaison")
        response = client.get("/api/v1/items")
        assert response.status_code == 200
        assert 0 < response.json()["count"] < S.items
        item = Item.objects.filter(
            sides__lead_unit__memberships__user__username=LOGINS["liaison"]
        ).first()
        assert item is not None
        assert client.get(reverse("commitments:item_detail", args=[item.pk])).status_code == 200
        assert client.get(reverse("commitments:items")).status_code == 200

    def test_the_leader_home_and_dashboard_and_the_office_round_page(self) -> None:
        client = self.client_for("leader")
        assert client.get(reverse("home:index")).status_code == 200
        assert client.get(reverse("dashboards:index")).status_code == 200
        assert client.get(reverse("projects:index")).status_code == 200
        client = self.client_for("office")
        rnd = ReportingRound.objects.get(status=RoundStatus.OPEN)
        assert client.get(reverse("supervision:round_detail", args=[rnd.pk])).status_code == 200
