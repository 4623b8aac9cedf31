"""Time an Excel import of 10,000 item rows against openpyxl's bare read of the same file.

`python -m bench.imports --out FILE [--rows N]`, run by `bench.run` in a subprocess on a
throw-away copy of a bench database (the import writes). The workbook has the items
register's columns, written by the app's own xlsx writer, one new item per row.

Three such files (other codes, same size) are read and imported in turn, and each timing
but the preview's is the best of the three, as noise only ever adds time. Phases: openpyxl's
bare read (read-only, every row's values), the guarded reader (`safe.read_table`), the
preview (`engine.start` + `engine.check_all`: what `twincity import --dry-run` and the
upload's preview do, writes rolled back) and the import
(`engine.start` + `engine.import_now`: read, check and write every row in one transaction, as
`twincity import FILE` runs it). The budget is on the import.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

django.setup()

import openpyxl  # noqa: E402

from bench.data import BENCH_DIR  # noqa: E402
from bench.pages import member  # noqa: E402
from twincity.accounts.models import Party, Role, Unit, User, WorkingGroup  # noqa: E402
from twincity.commitments.models import ItemList, ListKind, ReportFrequency  # noqa: E402
from twincity.imports import engine, registers, safe  # noqa: E402
from twincity.imports.models import RunStatus  # noqa: E402
from twincity.reports.excel import Sheet, workbook_bytes  # noqa: E402

TRIES = ("A", "B", "C")  # three files of new items: each timing is the best of three
AREAS = ["交通基础设施", "现代产业", "科技创新", "生态环境", "公共服务", "体制机制"]


def target_list() -> ItemList:
    lists = ItemList.objects.order_by("pk")
    found = lists.filter(kind=ListKind.KEY_TASKS).first() or lists.first()
    if found is None:
        raise SystemExit("bench: no item list to import into")
    return found


def _leads(parties: list[Party]) -> dict[int, list[str]]:
    """A few unit names per party, to spread the rows over."""
    return {
        party.pk: list(
            Unit.objects.filter(party=party).order_by("pk").values_list("name", flat=True)[:5]
        )
        for party in parties
    }


def rows(target: ItemList, count: int, prefix: str = "A") -> tuple[list[str], list[list[Any]]]:
    """The register's headers (without the export-only ones) and `count` new items."""
    reg = registers.REGISTERS["items"]
    headers = [h for h in reg.export_headers(target) if h not in reg.informational[1:]]
    parties = list(Party.objects.order_by("pk"))
    leads = _leads(parties)
    group = WorkingGroup.objects.order_by("pk").values_list("name", flat=True).first() or ""
    helpers = list(Unit.objects.order_by("-pk").values_list("name", flat=True)[:5])
    quarterly = str(ReportFrequency.QUARTERLY.label)
    out = []
    for n in range(1, count + 1):
        row: list[Any] = [
            n,
            f"BENCH-{prefix}{n:05d}",
            f"性能基准事项第{n}项",
            f"推动第{n}项协同任务落地见效。",
        ]
        row += [AREAS[n % len(AREAS)], group]
        row += [leads[p.pk][n % len(leads[p.pk])] if leads[p.pk] else "" for p in parties]
        row += [helpers[n % len(helpers)] if helpers else "", ""]
        row += ["2030年6月30日", "工作方案", quarterly, "否", "是"]
        out.append(row)
    return headers, out


def _seconds(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def bare_read(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def _workbook(target: ItemList, count: int, prefix: str) -> Path:
    headers, data_rows = rows(target, count, prefix)
    path = BENCH_DIR / f"import-{count}-{prefix}.xlsx"
    path.write_bytes(workbook_bytes([Sheet("清单事项", headers, data_rows)]))
    return path


def _import(user: User, target: ItemList, path: Path, data: bytes, count: int) -> float:
    seconds, run = _seconds(lambda: engine.import_now(_start(user, target, path, data), user))
    if run.status != RunStatus.COMMITTED or run.rows_added != count:
        errors = [engine.describe(e) for e in run.errors[:5]]
        raise SystemExit(f"bench: the import did not commit: {run.status} {run.message} {errors}")
    return seconds


def _start(user: User, target: ItemList, path: Path, data: bytes) -> Any:
    return engine.start(user, registers.REGISTERS["items"], target, path.name, data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    user: User = member(Role.OFFICE, "BENCH_OFFICE")
    target = target_list()
    paths = [_workbook(target, args.rows, prefix) for prefix in TRIES]
    files = [path.read_bytes() for path in paths]
    bare = min(_seconds(lambda p=path: bare_read(p))[0] for path in paths)
    read_s = min(_seconds(lambda d=data: safe.read_table(d))[0] for data in files)
    preview_s, run = _seconds(
        lambda: engine.check_all(_start(user, target, paths[0], files[0]), user)
    )
    if run.status != RunStatus.PREVIEWED:
        errors = [engine.describe(e) for e in run.errors[:5]]
        raise SystemExit(f"bench: the import refused the file: {run.message} {errors}")
    import_s = min(
        _import(user, target, path, data, args.rows)
        for path, data in zip(paths, files, strict=True)
    )
    result = {
        "rows": args.rows,
        "file_bytes": len(files[0]),
        "bare_read_s": round(bare, 3),
        "guarded_read_s": round(read_s, 3),
        "preview_s": round(preview_s, 3),
        "import_s": round(import_s, 3),
        "import_is": "read, check and write in one transaction, as `twincity import FILE` runs it",
    }
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
