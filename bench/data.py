"""One SQLite database per size under var/bench/, built once and reused while its marker holds.

`S`, `M`, `L` (and `tiny`) are built by `twincity migrate` + `twincity seed-scale`; `demo` by
`twincity demo` (for trying the harness before seed-scale exists). A marker file beside the
database records what built it (size, seed and a hash of the builder's source); a database is
rebuilt when the marker differs or BENCH_REBUILD=1. `migrate` runs on every use, so a reused
database follows new migrations.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
TWINCITY = str(Path(sys.executable).parent / "twincity")
# twincity/scale/…, lib/scale.py, seed_scale.py — not "escalate.py"
SCALE = re.compile(r"(^|[/_-])scale([/_.-]|$)")


def db_path(size: str) -> Path:
    return BENCH_DIR / f"{size}.sqlite3"


def env_for(db: Path, **extra: str) -> dict[str, str]:
    """The environment of every process that works on `db`: DEBUG off, limits out of the way."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="twincity.settings",
        DATABASE_URL=f"sqlite:///{db}",
        DEBUG="0",
        LOGIN_RATE_ADDRESS="1000000/60s",
        LOGIN_RATE_ACCOUNT="1000000/60s",
        API_RATE_ACCOUNT="1000000/60s",
        API_RATE_ADDRESS="1000000/60s",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


def builder_sources(size: str) -> list[Path]:
    """The files whose content decides what the database holds."""
    twincity = ROOT / "twincity"
    if size == "demo":
        return sorted(twincity.glob("*/demo*.py"))
    command = [*twincity.glob("*/management/commands/seed[-_]scale.py")]
    if not command:
        raise SystemExit("bench: no `twincity seed-scale` command yet; try BENCH_SIZES=demo")
    helpers = [p for p in twincity.rglob("*.py") if SCALE.search(str(p.relative_to(twincity)))]
    return sorted({*command, *helpers} - {p for p in helpers if "/tests/" in str(p)})


def fingerprint(size: str, seed: int) -> dict[str, str | int]:
    digest = hashlib.sha256()
    for path in builder_sources(size):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return {"size": size, "seed": seed, "builder": digest.hexdigest()[:16]}


def _marker(db: Path) -> Path:
    return db.with_suffix(".built.json")


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    _marker(db).unlink(missing_ok=True)


def _twincity(db: Path, *args: str) -> None:
    subprocess.run([TWINCITY, *args], env=env_for(db), cwd=ROOT, check=True)


def _migrate(db: Path) -> None:
    _twincity(db, "migrate", "--noinput", "-v", "0")
    _twincity(db, "createcachetable")


def _fresh(db: Path, want: dict[str, str | int], rebuild: str) -> bool:
    """Whether `db` may be reused: rebuild "1" never, "0" whenever it was built for the same
    size and seed (whatever seed-scale's source is now), "" when its marker matches."""
    marker = _marker(db)
    if rebuild == "1" or not (db.exists() and marker.exists()):
        return False
    built = json.loads(marker.read_text())
    if rebuild == "0":
        return bool(built["size"] == want["size"] and built["seed"] == want["seed"])
    return bool(built == want)


def ensure(size: str, seed: int, rebuild: str = "") -> Path:
    """The database for `size`, built unless its marker says it may be reused."""
    db = db_path(size)
    want = fingerprint(size, seed)
    marker = _marker(db)
    if _fresh(db, want, rebuild):
        print(f"bench: reusing {db.relative_to(ROOT)} ({marker.read_text()})", flush=True)
        _migrate(db)
        return db
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _remove(db)
    print(f"bench: building {db.relative_to(ROOT)} ({want})", flush=True)
    started = time.perf_counter()
    _migrate(db)
    if size == "demo":
        _twincity(db, "demo")
    else:
        _twincity(db, "seed-scale", "--size", size, "--seed", str(seed))
    marker.write_text(json.dumps(want))
    print(f"bench: built {size} in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def copy(db: Path, name: str) -> Path:
    """A throw-away copy of `db` (checkpointed first) for measurements that write."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    target = BENCH_DIR / f"{name}.sqlite3"
    _remove(target)
    shutil.copyfile(db, target)
    return target
