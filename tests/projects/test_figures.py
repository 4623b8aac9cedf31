"""Figures: hand-computed list figures, and properties of the Decimal arithmetic."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.projects.util import area, day, make_list, make_project, make_report
from twincity.projects import bulletin
from twincity.projects import figures as fg
from twincity.projects.models import Project
from twincity.supervision.models import Light

D = Decimal


def test_pure_functions_by_hand():
    assert fg.completion_rate(D("131"), D("200.5")) == D("65.34")
    assert fg.completion_rate(D("1"), D("0")) is None
    assert fg.schedule_progress(8) == D("66.67")
    assert fg.schedule_progress(12) == D("100.00")
    assert fg.ahead_points(D("65.34"), 8) == D("-1.33")
    assert fg.light_of(D("66.67"), 8, D(5), False) == Light.GREEN
    assert fg.light_of(D("61.67"), 8, D(5), False) == Light.YELLOW
    assert fg.light_of(D("61.66"), 8, D(5), False) == Light.RED
    assert fg.light_of(D("90"), 8, D(5), True) == Light.RED
    assert fg.report_due(2025, 12, 5) == day(2026, 1, 5)


def test_list_figures_equal_a_hand_computation(small_list, world):
    plist, _ = small_list
    figures = fg.figures_for(Project.objects.filter(list=plist), 2025, 8)
    total = figures.total
    assert (total.planned, total.completed, total.projects) == (D("200.5"), D("131"), 4)
    assert total.rate == D("65.34")
    assert figures.ahead(total) == D("-1.33")
    assert (total.new_planned, total.new_started, total.met_target) == (2, 1, 1)
    areas = {a.name: t for a, t in figures.by_area}
    assert (areas["现代基础设施"].completed, areas["现代基础设施"].rate) == (D("100"), D("66.67"))
    assert (areas["现代产业"].planned, areas["现代产业"].rate) == (D("50.5"), D("61.39"))
    sides = {(p.code if p else None): t for p, t in figures.by_side}
    assert sides["cq"].rate == D("58.33")
    assert sides["sc"].rate == D("60.00")
    assert sides[None].rate == D("101.64")


def test_headline_sentence(small_list):
    plist, _ = small_list
    figures = fg.figures_for(Project.objects.filter(list=plist), 2025, 8)
    assert bulletin.headline(figures) == (
        "1—8月，共建重点项目完成投资131.00亿元，年度投资完成率65.34%，落后时序进度1.33个百分点。"
    )
    infra = figures.by_area[0]
    assert bulletin.part_sentence("现代基础设施", infra[1], figures).endswith(
        "完成率66.67%，超时序进度0.00个百分点。"
    )


def test_project_lights(small_list):
    plist, (p1, p2, p3, p4) = small_list
    lights = fg.lights(Project.objects.filter(list=plist).in_list(), 2025, 8, D(5))
    assert lights == {p1.pk: Light.GREEN, p2.pk: Light.RED, p3.pk: Light.GREEN, p4.pk: Light.RED}


money = st.decimals(min_value=0, max_value=D("99999"), places=4, allow_nan=False)
positive = st.decimals(min_value=D("0.0001"), max_value=D("99999"), places=4, allow_nan=False)


@given(money, positive)
def test_rate_is_exact_half_up_rounding(completed, planned):
    exact = Fraction(completed) * 100 / Fraction(planned)
    hundredths = int(exact * 100 + Fraction(1, 2))  # half up, exact
    assert fg.completion_rate(completed, planned) == D(hundredths) / 100


@given(st.lists(st.tuples(money, money), max_size=30))
def test_totals_add_exactly(rows):
    parts = [fg.Totals(planned=p, completed=c, projects=1) for p, c in rows]
    total = fg.sum_totals(parts)
    assert total.planned == sum((p for p, _ in rows), D(0))
    assert total.completed == sum((c for _, c in rows), D(0))
    assert total.projects == len(rows)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), positive, money), max_size=12))
def test_parts_sum_to_totals_in_the_database(rows):
    Project.objects.all().delete()
    from tests import factory as f

    parties = [f.make_party("cq", "渝", "重庆市", 1), f.make_party("sc", "川", "四川省", 2), None]
    areas = [area("现代基础设施"), area("现代产业"), area("科技创新")]
    plist = make_list(2025)
    for a, s, planned, done in rows:
        make_report(
            make_project(plist, str(planned), area=areas[a], party=parties[s]), 6, str(done)
        )
    figures = fg.figures_for(Project.objects.filter(list=plist), 2025, 6)
    assert figures.total.planned == sum((r[2] for r in rows), D(0))
    assert figures.total.completed == sum((r[3] for r in rows), D(0))
    assert fg.sum_totals(t for _, t in figures.by_area) == figures.total
    assert fg.sum_totals(t for _, t in figures.by_side) == figures.total
    expected = fg.completion_rate(figures.total.completed, figures.total.planned)
    assert figures.total.rate == expected
