"""The benchmark's arithmetic: percentiles, growth and the budgets it names when missed."""

import math

import pytest

from bench import stats
from tests.bench.sample import results_with


def test_percentile_interpolates_between_ranks():
    values = [float(v) for v in range(1, 11)]  # 1 … 10, in any order
    assert stats.percentile(list(reversed(values)), 50) == 5.5
    assert stats.percentile(values, 95) == pytest.approx(9.55)
    assert stats.percentile(values, 0) == 1.0
    assert stats.percentile(values, 100) == 10.0
    assert stats.percentile([7.0], 95) == 7.0


def test_percentile_refuses_nothing_and_out_of_range():
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1.0], 101)


def test_summary_rounds_and_counts():
    got = stats.summary([10.004, 20.0, 30.0, 40.0])
    assert got == {"n": 4, "p50_ms": 25.0, "p95_ms": 38.5, "min_ms": 10.0, "max_ms": 40.0}


def test_ratio_of_zero_floor_is_infinite_so_it_can_never_pass():
    assert stats.ratio(3.0, 0.0) == math.inf
    assert stats.ratio(3.0, 2.0) == 1.5


def test_growth_compares_p95_of_the_same_page_at_two_sizes():
    results = results_with(items_s=10.0, items_l=14.0)
    assert stats.growth(results, "S", "L") == {"items": {"from": "S", "to": "L", "ratio": 1.4}}


def test_all_budgets_met():
    results = results_with()
    results["growth"] = stats.growth(results, "S", "L")
    budgets = stats.check(results)
    assert stats.missed(budgets) == []
    # two page budgets, one growth, the import and the load
    assert len(budgets) == 5


def test_a_page_slower_than_its_floor_allows_is_named():
    # floor 10 ms: the limit is 3 × 10 + 20 = 50 ms
    results = results_with(items_l=50.01, items_s=49.0)
    names = [b.name for b in stats.missed(stats.check(results))]
    assert names == ["items at L: p95 within 3 x SQL floor + 20 ms"]


def test_a_list_that_grows_too_much_is_named():
    results = results_with(items_s=10.0, items_l=15.1)
    results["growth"] = stats.growth(results, "S", "L")
    missed = stats.missed(stats.check(results))
    assert [b.name for b in missed] == ["items: p95 at L within 1.5 x p95 at S"]
    assert missed[0].value == 1.51


def test_growth_of_a_page_outside_the_budgeted_ones_is_not_a_budget():
    results = results_with(items_s=10.0, items_l=40.0)
    results["growth"] = {"bulletin": {"from": "S", "to": "L", "ratio": 9.0}}
    assert stats.missed(stats.check(results)) == []


def test_a_slow_import_is_named():
    results = results_with(import_s=2.01, bare_read_s=1.0)
    missed = stats.missed(stats.check(results))
    assert [b.name for b in missed] == ["import of 10000 rows within 2 x openpyxl's bare read"]


def test_a_single_error_under_load_is_named():
    results = results_with(errors=1)
    missed = stats.missed(stats.check(results))
    assert [b.name for b in missed] == ["load: 1 errors with 50 users for 60 s"]


def test_parts_not_measured_have_no_budget():
    results = results_with()
    del results["import"], results["load"]
    assert [b.name for b in stats.check(results)] == [
        "items at S: p95 within 3 x SQL floor + 20 ms",
        "items at L: p95 within 3 x SQL floor + 20 ms",
    ]
