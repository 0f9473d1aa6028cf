"""Browser fixtures: Chromium through Playwright, the explorer in a subprocess, static reports.

The browser is Debian's Chromium when installed (``apt-get install chromium``, as ``.ci/run``
does), else Playwright's own Chromium; when neither is there, the first browser test installs
Debian's (as root where apt-get exists), else Playwright's (``python -m playwright install
chromium``) so that ``python -m pytest`` passes on a fresh machine. Only when both fail do these tests
FAIL, with the reason; they are never skipped, so CI cannot pass silently without them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from web.sample_store import XSS_PROBES, fill_sample_store

from browser.tests_paths import ARTIFACTS, ROOT, SEEDS, SEEDS_META
from newsprism.store.db import Store

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


SYSTEM_CHROMIUM = ("chromium", "chromium-browser")


def playwright_chromium() -> str | None:
    """Playwright's own Chromium, when it has been downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).exists() else None


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def install_commands() -> list[list[str]]:
    """Ways to get a Chromium, in order: Debian's package (as root where apt-get exists), then Playwright's."""
    commands = []
    if _is_root() and shutil.which("apt-get"):
        commands.append(["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                                     "apt-get install -y -qq chromium chromium-driver"])
    playwright = [sys.executable, "-m", "playwright", "install", "chromium"]
    if sys.platform.startswith("linux") and _is_root():
        playwright.insert(-1, "--with-deps")  # the libraries Chromium needs, through apt
    commands.append(playwright)
    return commands


def _found() -> str | None:
    for name in SYSTEM_CHROMIUM:
        if path := shutil.which(name):
            return path
    return playwright_chromium()


def find_chromium(*, install: bool = True) -> str:
    """Debian's Chromium, else Playwright's; installed now when missing; pytest.fail saying why."""
    if path := _found():
        return path
    reasons = ["not installed"]
    if install:
        reasons = []
        for command in install_commands():
            print(f"\nNo Chromium found: installing one for the browser tests ({' '.join(command)})",
                  file=sys.stderr)
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=1200)  # noqa: PLW1510
            except (OSError, subprocess.TimeoutExpired) as exc:
                reasons.append(f"{command[0]}: {exc}")
                continue
            if done.returncode == 0 and (path := _found()):
                return path
            reasons.append((done.stderr or done.stdout).strip()[-400:])
    pytest.fail("The browser tests need Chromium and none could be found or installed "
                f"({'; '.join(reasons)}). Install Debian's: `apt-get install chromium chromium-driver`, or "
                "Playwright's: `python -m playwright install --with-deps chromium`.")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return find_chromium()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class WatchedPage:
    """A page that records JavaScript dialogs and page errors (an XSS would show up in one)."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    yield WatchedPage(page)
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``newsprism serve`` in a subprocess on a free loopback port."""

    def __init__(self, db: Path, log: Path, extra: tuple[str, ...] = ()) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from newsprism.cli import main; main()", "serve", "--db", str(db),
             "--port", str(self.port), *(() if "--workers" in extra else ("--workers", "1")), *extra],
            stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"newsprism serve exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/index.json", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"newsprism serve did not answer within 60 s:\n{log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def sample_db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser-sample") / "sample.db"
    with Store(path) as store:
        fill_sample_store(store)
    return path


def write_xss_corpus(folder: Path) -> Path:
    """FICTIONAL probe articles whose text carries hostile markup, as plain text files to analyse."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, probe in enumerate(XSS_PROBES):
        (folder / f"xss_probe_{i}.txt").write_text(
            f"Probe {i}: {probe} in a headline\n\n"
            f"Councillor Rita Vance said: \u201cWe will not accept {probe} in our town.\u201d\n\n"
            f"\u201cThe plan {probe} is finished,\u201d Vance told reporters on Tuesday.\n\n"
            f"Read more at javascript:alert({i}) or <a href=\"javascript:alert({i})\">here</a>.\n",
            encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def seeds_db_path(tmp_path_factory) -> Path:
    """The seeds and the XSS probe corpus, analysed by the real pipeline (`newsprism analyze`)."""
    if not SEEDS.exists():
        pytest.fail(f"shared seeds not found at {SEEDS}")
    root = tmp_path_factory.mktemp("browser-seeds")
    xss = write_xss_corpus(root / "xss")
    db = root / "seeds.db"
    done = subprocess.run(  # noqa: PLW1510 (the return code is checked below, with stderr)
        [sys.executable, "-c", "from newsprism.cli import main; main()", "analyze", str(SEEDS), str(xss),
         "--meta", str(SEEDS_META), "--db", str(db), "--quiet"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    if done.returncode != 0:
        pytest.fail(f"newsprism analyze failed on the seeds:\n{done.stderr[-3000:]}")
    return db


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory) -> Path:
    """The bundled (fictional) demo corpus, analysed by `newsprism demo`: the docs' screenshots come from it."""
    db = tmp_path_factory.mktemp("browser-demo") / "demo.db"
    done = subprocess.run(  # noqa: PLW1510 (the return code is checked below, with stderr)
        [sys.executable, "-c", "from newsprism.cli import main; main()", "demo", "--db", str(db), "--quiet"],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    if done.returncode != 0:
        pytest.fail(f"newsprism demo failed:\n{done.stderr[-3000:]}")
    return db


@pytest.fixture(scope="session")
def demo_server(demo_db_path, tmp_path_factory):
    server = Server(demo_db_path, tmp_path_factory.mktemp("logs") / "demo-serve.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sample_server(sample_db_path, tmp_path_factory):
    server = Server(sample_db_path, tmp_path_factory.mktemp("logs") / "sample-serve.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seeds_server(seeds_db_path, tmp_path_factory):
    server = Server(seeds_db_path, tmp_path_factory.mktemp("logs") / "seeds-serve.log")
    yield server
    server.stop()


def _build_report(db: Path, out: Path) -> Path:
    from newsprism.report import build_report

    with Store(db, readonly=True) as store:
        build_report(store, out)
    return out


@pytest.fixture(scope="session")
def sample_site(sample_db_path, tmp_path_factory) -> Path:
    return _build_report(sample_db_path, tmp_path_factory.mktemp("site") / "sample")


@pytest.fixture(scope="session")
def seeds_site(seeds_db_path, tmp_path_factory) -> Path:
    return _build_report(seeds_db_path, tmp_path_factory.mktemp("site") / "seeds")
