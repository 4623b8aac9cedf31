"""Pure arithmetic of the benchmark: percentiles, summaries, growth and the budgets."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

# The budgets of issue 8, as ratios measured in the same run.
GROWTH_LIMIT = 1.5  # p95 at the largest size within 1.5 × p95 at the smallest
# "list, dashboard and API" pages (see docs/performance.md for the ones left out)
GROWTH_PAGES = ("home", "home_liaison", "items", "items_liaison", "dashboard", "api_items")
FLOOR_FACTOR = 3.0  # a page's p95 within 3 × its SQL floor's p95 …
RENDER_MS = 20.0  # … plus 20 ms of rendering
IMPORT_FACTOR = 2.0  # the import within 2 × openpyxl's bare read of the same file
LOAD_ERRORS = 0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), interpolating linearly between ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} outside 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """n, p50, p95, min and max of timings in milliseconds, rounded to 0.01 ms."""
    return {
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 2),
        "p95_ms": round(percentile(samples_ms, 95), 2),
        "min_ms": round(min(samples_ms), 2),
        "max_ms": round(max(samples_ms), 2),
    }


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 2) if denominator > 0 else math.inf


def floor_limit_ms(floor_p95_ms: float) -> float:
    return FLOOR_FACTOR * floor_p95_ms + RENDER_MS


def growth(results: dict[str, Any], small: str, large: str) -> dict[str, dict[str, Any]]:
    """p95 at `large` over p95 at `small` for every page measured at both sizes."""
    sizes = results["sizes"]
    out = {}
    for key, big in sizes[large]["pages"].items():
        little = sizes[small]["pages"].get(key)
        if little is not None:
            value = ratio(big["page"]["p95_ms"], little["page"]["p95_ms"])
            out[key] = {"from": small, "to": large, "ratio": value}
    return out


@dataclass(frozen=True)
class Budget:
    """One budget's verdict; `name` is what `make bench` prints when it is missed."""

    name: str
    ok: bool
    value: float
    limit: float
    detail: str = ""


def _page_budgets(size: str, pages: dict[str, Any]) -> Iterable[Budget]:
    for key, page in pages.items():
        value, floor = page["page"]["p95_ms"], page["floor"]["p95_ms"]
        limit = round(floor_limit_ms(floor), 2)
        detail = f"page p95 {value} ms, SQL floor p95 {floor} ms, {page['selects']} queries"
        name = f"{key} at {size}: p95 within 3 x SQL floor + 20 ms"
        yield Budget(name, value <= limit, value, limit, detail)


def _growth_budgets(growths: dict[str, Any]) -> Iterable[Budget]:
    for key in GROWTH_PAGES:
        if key in growths:
            g = growths[key]
            name = f"{key}: p95 at {g['to']} within 1.5 x p95 at {g['from']}"
            yield Budget(name, g["ratio"] <= GROWTH_LIMIT, g["ratio"], GROWTH_LIMIT)


def _import_budget(imp: dict[str, Any]) -> Budget:
    value = ratio(imp["import_s"], imp["bare_read_s"])
    detail = f"import {imp['import_s']} s ({imp['import_is']}), bare read {imp['bare_read_s']} s"
    name = f"import of {imp['rows']} rows within 2 x openpyxl's bare read"
    return Budget(name, value <= IMPORT_FACTOR, value, IMPORT_FACTOR, detail)


def _load_budget(load: dict[str, Any]) -> Budget:
    detail = f"{load['requests']} requests, statuses {load['statuses']}"
    name = f"load: {load['errors']} errors with {load['users']} users for {load['seconds']} s"
    return Budget(name, load["errors"] <= LOAD_ERRORS, load["errors"], LOAD_ERRORS, detail)


def check(results: dict[str, Any]) -> list[Budget]:
    """Every budget the results allow checking (a part not measured has no budget)."""
    budgets: list[Budget] = []
    for size, measured in results["sizes"].items():
        budgets += _page_budgets(size, measured["pages"])
    budgets += _growth_budgets(results.get("growth", {}))
    if results.get("import"):
        budgets.append(_import_budget(results["import"]))
    if results.get("load"):
        budgets.append(_load_budget(results["load"]))
    return budgets


def missed(budgets: Iterable[Budget]) -> list[Budget]:
    return [b for b in budgets if not b.ok]


def as_dicts(budgets: Iterable[Budget]) -> list[dict[str, Any]]:
    return [asdict(b) for b in budgets]
