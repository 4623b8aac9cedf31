"""bench/results.json's shape, and the table `make bench` writes into docs/performance.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bench import stats

SCHEMA = 1
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SUMMARY_KEYS = {"n", "p50_ms", "p95_ms", "min_ms", "max_ms"}
PAGE_KEYS = {"url", "persona", "queries", "selects", "page", "floor", "ratio"}
IMPORT_KEYS = {"rows", "bare_read_s", "guarded_read_s", "preview_s", "import_s"}
LOAD_KEYS = {"users", "seconds", "requests", "rps", "p50_ms", "p95_ms", "errors", "statuses"}
MACHINE_KEYS = {"cores", "ram_gib", "python", "sqlite", "date"}


def _missing(where: str, data: Any, keys: set[str]) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where}: not an object"]
    return [f"{where}: no {key!r}" for key in sorted(keys - data.keys())]


def problems(results: dict[str, Any]) -> list[str]:
    """What is wrong with a results document ([] when it has the expected shape)."""
    out = _missing("results", results, {"schema", "machine", "config", "sizes", "budgets", "ok"})
    if out:
        return out
    out += _missing("machine", results["machine"], MACHINE_KEYS)
    for size, measured in results["sizes"].items():
        for key, page in measured.get("pages", {}).items():
            where = f"sizes.{size}.pages.{key}"
            out += _missing(where, page, PAGE_KEYS)
            for part in ("page", "floor"):
                out += _missing(f"{where}.{part}", page.get(part, {}), SUMMARY_KEYS)
    if results.get("import"):
        out += _missing("import", results["import"], IMPORT_KEYS)
    if results.get("load"):
        out += _missing("load", results["load"], LOAD_KEYS)
    for n, budget in enumerate(results["budgets"]):
        out += _missing(f"budgets[{n}]", budget, {"name", "ok", "value", "limit"})
    return out


def _mark(ok: bool) -> str:
    return "ok" if ok else "**MISSED**"


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _pages(size: str, measured: dict[str, Any]) -> list[str]:
    counts = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in measured["counts"].items())
    lines = [f"### Pages at {size} ({counts})", ""]
    head = ["page", "persona", "queries", "p50 ms", "p95 ms", "SQL floor p95 ms"]
    head += ["page / floor", "budget ms", "verdict"]
    lines += [_row(head), _row(["---"] * len(head))]
    for key, page in measured["pages"].items():
        p95, floor = page["page"]["p95_ms"], page["floor"]["p95_ms"]
        limit = stats.floor_limit_ms(floor)
        cells = [f"{key} `{page['url']}`", page["persona"], page["queries"]]
        cells += [page["page"]["p50_ms"], p95, floor, page["ratio"], round(limit, 1)]
        lines.append(_row([*cells, _mark(p95 <= limit)]))
    if measured.get("briefing"):
        b = measured["briefing"]
        lines += ["", f"Word briefing for joint meeting {b['meeting']}: p50 {b['p50_ms']} ms, "]
        lines[-1] += f"max {b['max_ms']} ms over {b['n']} builds."
    return [*lines, ""]


def _growth(growth: dict[str, Any]) -> list[str]:
    if not growth:
        return []
    lines = ["### Growth", "", _row(["page", "p95 ratio", "budget", "verdict"]), _row(["---"] * 4)]
    for key, g in growth.items():
        budgeted = key in stats.GROWTH_PAGES
        limit = stats.GROWTH_LIMIT if budgeted else "—"
        verdict = _mark(g["ratio"] <= stats.GROWTH_LIMIT) if budgeted else "not budgeted"
        lines.append(_row([f"{key} {g['to']} / {g['from']}", g["ratio"], limit, verdict]))
    return [*lines, ""]


def _import(imp: dict[str, Any]) -> list[str]:
    if not imp:
        return []
    ratio = stats.ratio(imp["import_s"], imp["bare_read_s"])
    return [
        f"### Excel import of {imp['rows']:,} item rows ({imp['file_bytes']:,} bytes)",
        "",
        _row(["openpyxl bare read", "guarded read", "preview", "import", "import / read"]),
        _row(["---"] * 5),
        _row(
            [f"{imp[k]} s" for k in ("bare_read_s", "guarded_read_s", "preview_s")]
            + [f"{imp['import_s']} s", f"{ratio} ({_mark(ratio <= stats.IMPORT_FACTOR)})"]
        ),
        "",
    ]


def _load(load: dict[str, Any]) -> list[str]:
    if not load:
        return []
    statuses = ", ".join(f"{k}: {v}" for k, v in load["statuses"].items())
    return [
        f"### Load: {load['users']} users for {load['seconds']} s on {load['size']} "
        f"(gunicorn, {load['workers']} sync workers)",
        "",
        _row(["requests", "per second", "p50 ms", "p95 ms", "errors", "statuses"]),
        _row(["---"] * 6),
        _row([*(load[k] for k in ("requests", "rps", "p50_ms", "p95_ms", "errors")), statuses]),
        "",
        *_slowest_urls(load.get("by_url", {})),
    ]


def _slowest_urls(by_url: dict[str, Any], top: int = 3) -> list[str]:
    if not by_url:
        return []
    rows = sorted(by_url.items(), key=lambda kv: -kv[1]["p95_ms"])[:top]
    parts = [f"`{url}` {row['p95_ms']} ms ({row['requests']} requests)" for url, row in rows]
    return ["Slowest under load (p95): " + "; ".join(parts) + ".", ""]


def _machine(results: dict[str, Any]) -> list[str]:
    m, c = results["machine"], results["config"]
    return [
        f"Run of {m['date']} on {m['cores']} cores ({m.get('cpu', '?')}), {m['ram_gib']} GiB RAM, "
        f"{m.get('os', '?')}; Python {m['python']}, SQLite {m['sqlite']}, Django "
        f"{m.get('django', '?')}. Each page: {c['warmup']} warm-up requests, then "
        f"{c['requests']} timed; sizes {', '.join(c['sizes'])}.",
        "",
    ]


def table(results: dict[str, Any]) -> str:
    lines = _machine(results)
    for size, measured in results["sizes"].items():
        lines += _pages(size, measured)
    lines += _growth(results.get("growth", {}))
    lines += _import(results.get("import", {}))
    lines += _load(results.get("load", {}))
    missed = [b["name"] for b in results["budgets"] if not b["ok"]]
    verdict = "All budgets met." if not missed else "Budgets missed: " + "; ".join(missed) + "."
    return "\n".join([*lines, f"**{verdict}**"])


def write_docs(path: Path, results: dict[str, Any]) -> None:
    """Replace the generated part of docs/performance.md (between the markers)."""
    text = path.read_text() if path.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    block = f"{BEGIN}\n{table(results)}\n{END}"
    path.write_text(
        re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    )
