"""`make bench`: build or reuse the databases, measure, write the results, check the budgets.

Settings from the environment (the defaults are issue 8's numbers):
BENCH_SIZES="S L" (the first and last give the growth ratio; `demo` uses the demo data),
BENCH_REQUESTS=30, BENCH_WARMUP=5, BENCH_IMPORT_ROWS=10000, BENCH_USERS=50,
BENCH_LOAD_SECONDS=60, BENCH_SEED=1, BENCH_REBUILD=1 (rebuild the databases) or 0 (reuse
them even if seed-scale changed since),
BENCH_PARTS="pages import load" (what to measure).
Exits 1 naming every missed budget.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import data, load, report, stats

ROOT = data.ROOT
RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "performance.md"


def config() -> dict[str, Any]:
    env = os.environ.get
    return {
        "sizes": env("BENCH_SIZES", "S L").replace(",", " ").split(),
        "requests": int(env("BENCH_REQUESTS", "30")),
        "warmup": int(env("BENCH_WARMUP", "5")),
        "import_rows": int(env("BENCH_IMPORT_ROWS", "10000")),
        "users": int(env("BENCH_USERS", "50")),
        "load_seconds": int(env("BENCH_LOAD_SECONDS", "60")),
        "seed": int(env("BENCH_SEED", "1")),
        "parts": env("BENCH_PARTS", "pages import load").replace(",", " ").split(),
    }


def _meminfo_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def machine() -> dict[str, Any]:
    import django
    from django.utils import timezone

    from twincity.lib import clock

    return {
        "cores": os.cpu_count(),
        "cpu": _cpu(),
        "ram_gib": _meminfo_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
        "date": timezone.localtime(clock.now()).strftime("%Y-%m-%d %H:%M %Z"),
    }


def _module(name: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run `python -m bench.<name> … --out FILE` and read what it wrote."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", f"bench.{name}", "--out", out.name, *args]
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        return dict(json.loads(Path(out.name).read_text()))


def measure_pages(db: Path, cfg: dict[str, Any]) -> dict[str, Any]:
    args = ["--requests", str(cfg["requests"]), "--warmup", str(cfg["warmup"])]
    return _module("pages", data.env_for(db), *args)


def measure_import(db: Path, cfg: dict[str, Any]) -> dict[str, Any]:
    scratch = data.copy(db, "import")
    stored = data.BENCH_DIR / "import-data"  # the import keeps each upload: start afresh
    shutil.rmtree(stored, ignore_errors=True)
    env = data.env_for(scratch, DATA_DIR=str(stored))
    return _module("imports", env, "--rows", str(cfg["import_rows"]))


def measure_load(db: Path, size: str, cfg: dict[str, Any]) -> dict[str, Any]:
    env = data.env_for(db)
    plan = _module("sessions", env, "--users", str(cfg["users"]))
    log = data.BENCH_DIR / "gunicorn.log"
    return {"size": size, **load.run(env, plan, cfg["load_seconds"], log)}


def measure(cfg: dict[str, Any]) -> dict[str, Any]:
    sizes = cfg["sizes"]
    rebuild = os.environ.get("BENCH_REBUILD", "")
    dbs = {size: data.ensure(size, cfg["seed"], rebuild) for size in sizes}
    results: dict[str, Any] = {"schema": report.SCHEMA, "machine": machine(), "config": cfg}
    results["sizes"] = {}
    if "pages" in cfg["parts"]:
        for size, db in dbs.items():
            print(f"bench: pages at {size}", flush=True)
            results["sizes"][size] = measure_pages(db, cfg)
        if len(sizes) > 1:
            results["growth"] = stats.growth(results, sizes[0], sizes[-1])
    if "import" in cfg["parts"]:
        print(f"bench: import of {cfg['import_rows']} rows into a copy of {sizes[0]}", flush=True)
        results["import"] = measure_import(dbs[sizes[0]], cfg)
    if "load" in cfg["parts"]:
        print(f"bench: {cfg['users']} users for {cfg['load_seconds']} s at {sizes[-1]}", flush=True)
        results["load"] = measure_load(dbs[sizes[-1]], sizes[-1], cfg)
    return results


def conclude(results: dict[str, Any]) -> list[stats.Budget]:
    budgets = stats.check(results)
    results["budgets"] = stats.as_dicts(budgets)
    results["ok"] = not stats.missed(budgets)
    wrong = report.problems(results)
    if wrong:
        raise SystemExit("bench: malformed results: " + "; ".join(wrong))
    return stats.missed(budgets)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twincity.settings")
    cfg = config()
    results = measure(cfg)
    missed = conclude(results)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    report.write_docs(DOCS, results)
    print(f"bench: wrote {RESULTS.relative_to(ROOT)} and {DOCS.relative_to(ROOT)}")
    for budget in missed:
        print(f"bench: MISSED {budget.name}: {budget.value} > {budget.limit} {budget.detail}")
    print(f"bench: {len(results['budgets']) - len(missed)} budgets met, {len(missed)} missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
