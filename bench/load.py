"""50 logged-in users browsing for 60 s against gunicorn on this machine.

gunicorn serves the database with DEBUG off and the rate limits raised (`data.env_for`);
each user is a thread with its own session (`bench.sessions`) that requests its persona's
pages one after another, without pause. An error is a status outside 2xx/3xx or a failed
request; redirects are counted apart, since a logged-in page should not redirect.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import percentile

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def get(port: int, url: str, session: str | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {"Cookie": f"sessionid={session}"} if session else {}
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    args = [GUNICORN, "twincity.wsgi", "-w", str(workers()), "-b", f"127.0.0.1:{port}"]
    args += ["--log-level", "warning", "--timeout", "60"]
    with log.open("wb") as out:
        server = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited; see {log}")
        try:
            if get(port, "/api/v1/health") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("bench: gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@dataclass
class Tally:
    """What every user thread adds to, under one lock."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    by_url: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: str, ms: float, url: str = "") -> None:
        with self.lock:
            self.latencies_ms.append(ms)
            self.statuses[outcome] += 1
            self.by_url.setdefault(url, []).append(ms)


def browse(
    port: int, session: str, urls: list[str], offset: int, until: float, tally: Tally
) -> None:
    n = offset
    while time.monotonic() < until:
        url = urls[n % len(urls)]
        n += 1
        started = time.perf_counter()
        try:
            outcome = str(get(port, url, session))
        except Exception as error:  # every failure counts, whatever its kind
            outcome = type(error).__name__
        tally.add(outcome, (time.perf_counter() - started) * 1000, url)


def is_error(outcome: str) -> bool:
    return not (outcome.isdigit() and 200 <= int(outcome) < 400)


def check_sessions(port: int, plan: dict[str, Any]) -> None:
    """Each persona's first page answers 200: a session that does not work would measure
    the login page instead."""
    for persona, urls in plan["urls"].items():
        key = next(s["key"] for s in plan["sessions"] if s["persona"] == persona)
        status = get(port, urls[0], key)
        if status != 200:
            raise SystemExit(f"bench: {persona} got {status} for {urls[0]} under gunicorn")


def run(env: dict[str, str], plan: dict[str, Any], seconds: int, log: Path) -> dict[str, Any]:
    port = free_port()
    server = start_server(env, port, log)
    try:
        check_sessions(port, plan)
        for user in plan["sessions"]:  # one request each: every worker loads its code
            get(port, plan["urls"][user["persona"]][0], user["key"])
        tally = Tally()
        started = time.monotonic()
        threads = []
        for n, user in enumerate(plan["sessions"]):
            urls = plan["urls"][user["persona"]]
            args = (port, user["key"], urls, n, started + seconds, tally)
            threads.append(threading.Thread(target=browse, args=args, daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    return summarise(tally, elapsed, len(plan["sessions"]), seconds)


def summarise(tally: Tally, elapsed: float, users: int, seconds: int) -> dict[str, Any]:
    count = len(tally.latencies_ms)
    return {
        "users": users,
        "seconds": seconds,
        "workers": workers(),
        "requests": count,
        "rps": round(count / elapsed, 1),
        "p50_ms": round(percentile(tally.latencies_ms, 50), 1) if count else 0,
        "p95_ms": round(percentile(tally.latencies_ms, 95), 1) if count else 0,
        "errors": sum(n for outcome, n in tally.statuses.items() if is_error(outcome)),
        "redirects": sum(n for o, n in tally.statuses.items() if o.startswith("3")),
        "statuses": dict(sorted(tally.statuses.items())),
        "by_url": {
            url: {"requests": len(ms), "p95_ms": round(percentile(ms, 95), 1)}
            for url, ms in sorted(tally.by_url.items())
        },
    }
