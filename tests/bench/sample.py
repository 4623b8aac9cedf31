"""A small results document, as bench.run builds it, with the numbers a test needs."""

from typing import Any


def _page(p95: float, floor_p95: float) -> dict[str, Any]:
    def summary(p95: float) -> dict[str, float]:
        return {"n": 30, "p50_ms": p95 / 2, "p95_ms": p95, "min_ms": 1.0, "max_ms": p95}

    return {
        "url": "/items/?state=in_progress",
        "persona": "office",
        "queries": 13,
        "selects": 12,
        "page": summary(p95),
        "floor": summary(floor_p95),
        "ratio": round(p95 / floor_p95, 2),
    }


def results_with(
    items_s: float = 20.0,
    items_l: float = 25.0,
    floor: float = 10.0,
    import_s: float = 1.5,
    bare_read_s: float = 1.0,
    errors: int = 0,
) -> dict[str, Any]:
    counts = {"items": 1000, "progress_reports": 10000}
    return {
        "schema": 1,
        "machine": {"cores": 2, "ram_gib": 8.0, "python": "3.11.7", "sqlite": "3.40.1"}
        | {"date": "2025-07-01 09:00 CST"},
        "config": {"sizes": ["S", "L"], "requests": 30, "warmup": 5},
        "sizes": {
            "S": {"counts": counts, "pages": {"items": _page(items_s, floor)}},
            "L": {"counts": counts, "pages": {"items": _page(items_l, floor)}},
        },
        "import": {
            "rows": 10000,
            "file_bytes": 700000,
            "bare_read_s": bare_read_s,
            "guarded_read_s": bare_read_s,
            "preview_s": import_s / 2,
            "import_s": import_s,
            "import_is": "check + write",
        },
        "load": {
            "size": "L",
            "users": 50,
            "seconds": 60,
            "workers": 5,
            "requests": 3000,
            "rps": 50.0,
            "p50_ms": 100.0,
            "p95_ms": 400.0,
            "errors": errors,
            "statuses": {"200": 3000 - errors} | ({"500": errors} if errors else {}),
        },
        "budgets": [],
        "ok": True,
    }
