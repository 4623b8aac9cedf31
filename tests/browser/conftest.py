"""A real server (gunicorn on a fresh database with the demo data, SQLite or PostgreSQL like
the suite) and a real browser (Playwright driving Debian's /usr/bin/chromium) for the journeys.

Every journey saves a screenshot per step to test-artifacts/screenshots/ (git-ignored), and a
failing step names its journey and itself."""

from __future__ import annotations

import contextlib
import glob
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
BIN = Path(sys.executable).parent
PASSWORD = "demo-pass-2025"  # the demo's one public password (README)

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


@pytest.fixture(scope="session")
def live_url(tmp_path_factory) -> Iterator[str]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (scripts/setup-system.sh)")
    data = tmp_path_factory.mktemp("live")
    with _database(data) as database_url:
        yield from _serve(data, database_url)


@contextmanager
def _database(data: Path) -> Iterator[str]:
    """A fresh database of the same kind the suite runs on: SQLite, or PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{data}/db.sqlite3"
        return
    import psycopg

    name = f"twincity_browser_{os.getpid()}"
    base, _, _ = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _serve(data: Path, database_url: str) -> Iterator[str]:
    env = os.environ | {
        "DATA_DIR": str(data),
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "twincity.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        # every journey logs in from 127.0.0.1: the production limit (30 per 5 minutes from
        # one address) would refuse the later journeys; the limit itself has its own tests
        "LOGIN_RATE_ADDRESS": "1000/300s",
    }
    for args in (["migrate", "--noinput", "-v", "0"], ["createcachetable"], ["demo"]):
        subprocess.run(
            [str(BIN / "twincity"), *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
        )
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "twincity.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/api/v1/health", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


class Journey:
    """A page with named steps: a failure says which step broke; each step is screenshot."""

    def __init__(self, page, base_url: str, name: str) -> None:
        self.page, self.base_url, self.name, self.n = page, base_url, name, 0

    def step(self, label: str):
        self.n += 1
        return _Step(self, label)

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Log in through the form; fail with the page's own error if it refuses."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        self.submit_login(username, password)
        try:
            self.page.wait_for_url(lambda url: "/accounts/login/" not in url)
        except PlaywrightTimeoutError:
            errors = self.page.locator("#form-errors, .alert-danger").all_inner_texts()
            raise AssertionError(f"login as {username!r} refused: {errors}") from None

    def submit_login(self, username: str, password: str) -> None:
        self.go("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()


class _Step:
    def __init__(self, journey: Journey, label: str) -> None:
        self.journey, self.label = journey, label

    def __enter__(self) -> Journey:
        return self.journey

    def __exit__(self, exc_type, exc, tb) -> bool:
        j = self.journey
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{j.name}-{j.n:02d}-{self.label}.png"
        with contextlib.suppress(Exception):  # a screenshot must not hide the real failure
            j.page.screenshot(path=str(shot), full_page=True)
        if exc is not None:
            raise AssertionError(
                f"journey {j.name!r}, step {j.n} ({self.label}) broke: {exc}"
            ) from exc
        return False


def _forget_old_screenshots(test_name: str) -> None:
    """Only this run's screenshots of a journey stay (a renamed step leaves no stale file)."""
    for old in ARTIFACTS.glob(f"{glob.escape(test_name)}-*.png"):
        old.unlink(missing_ok=True)


def _new_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def journey(browser, live_url, request):
    _forget_old_screenshots(request.node.name)
    context, page = _new_page(browser)
    yield Journey(page, live_url, request.node.name)
    context.close()


@pytest.fixture
def people(browser, live_url, request):
    """`people("cq_liaison")`: that persona, logged in once in a browser of their own."""
    _forget_old_screenshots(request.node.name)
    journeys: dict[str, Journey] = {}
    contexts = []

    def person(username: str) -> Journey:
        if username not in journeys:
            context, page = _new_page(browser)
            contexts.append(context)
            journeys[username] = Journey(page, live_url, f"{request.node.name}-{username}")
            with journeys[username].step("login"):
                journeys[username].login(username)
        return journeys[username]

    yield person
    for context in contexts:
        context.close()
