"""The load test's verdict on each request and its totals."""

from bench import load


def test_only_2xx_and_3xx_are_not_errors():
    assert not load.is_error("200")
    assert not load.is_error("302")
    assert load.is_error("404")
    assert load.is_error("500")
    assert load.is_error("ConnectionResetError")


def test_summary_counts_errors_redirects_and_rate():
    tally = load.Tally()
    for outcome, ms in [("200", 10.0), ("200", 20.0), ("302", 30.0), ("502", 40.0)]:
        tally.add(outcome, ms, "/")
    tally.add("TimeoutError", 120_000.0, "/dashboard/")
    got = load.summarise(tally, elapsed=2.5, users=5, seconds=2)
    assert got["requests"] == 5 and got["rps"] == 2.0
    assert got["errors"] == 2 and got["redirects"] == 1
    assert got["statuses"] == {"200": 2, "302": 1, "502": 1, "TimeoutError": 1}
    assert got["p50_ms"] == 30.0
    assert got["by_url"] == {
        "/": {"requests": 4, "p95_ms": 38.5},
        "/dashboard/": {"requests": 1, "p95_ms": 120_000.0},
    }
