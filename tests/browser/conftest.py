"""A KB of the five seed reports plus an XSS report, served on a free localhost port, and a real Chromium."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from actorgraph import settings

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
XSS_REPORT = REPO / "tests" / "fixtures" / "xss" / "xss_report.txt"
XSS_GROUP = '<img src=x onerror=alert(1)> Brigade <script>alert(1)</script> <a href="javascript:alert(1)">go</a>'
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def seeds_kb(tmp_path_factory) -> str:
    """Seeds and the XSS report through the real pipeline, plus a few records naming a group with the payload."""
    from actorgraph.pipeline import run
    from actorgraph.serve import synth
    from actorgraph.store import open_store

    seeds = settings.shared_dir() / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the seed corpus is not at {seeds} (../shared is absent)")
    path = tmp_path_factory.mktemp("browser") / "kb.sqlite"
    store = open_store(path)
    try:
        report = run([str(seeds), str(XSS_REPORT)], store, progress=False)
        assert report.ok, report.skipped + report.failed
        # the NER does not tag a name made of markup, so the payload group is also written directly
        synth.build(store, 6, n_groups=2, names={0: XSS_GROUP}, cluster=False)
    finally:
        store.close()
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(seeds_kb):
    """The workbench under uvicorn in a background thread; yields its base URL."""
    import uvicorn

    from actorgraph.serve import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(seeds_kb), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: dialogs, script errors, CSP violations."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.watch = Watch(tab)
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
