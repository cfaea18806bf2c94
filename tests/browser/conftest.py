"""Browser fixtures: the portal on a free local port, Debian's Chromium driven by Playwright, axe-core."""

from __future__ import annotations

import gc
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from claims.config import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI") == "true"


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (CI must run the browser tests)")
        pytest.skip(reason)


BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # When the browser navigates away mid-download, Werkzeug's development server (the live server here)
    # leaves the static file it was sending to the garbage collector; that ResourceWarning belongs to the
    # test server, not to the portal, and must not fail a browser test under `filterwarnings = error`.
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture
def live_server(app):
    """Serve the test app (seeded with the demo data) on 127.0.0.1 at a free port."""
    app.config.update(SERVER_NAME=None)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    gc.collect()  # any file the server dropped is collected now, inside this (filtered) browser test


@pytest.fixture(scope="session")
def browser():
    _need(
        Path(CHROMIUM).exists() or shutil.which("chromium") is not None, f"Chromium not found at {CHROMIUM}"
    )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # Reduced motion: no colour transitions half-way through when axe-core measures contrast.
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ko-KR", reduced_motion="reduce"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    """check(page) → the serious and critical axe-core violations on the page as it is now."""
    _need(AXE.exists(), "axe-core is not installed (run `npm ci`)")
    source = AXE.read_text()

    def check(page) -> list[dict]:
        # Measure the page at rest: the pointer off every control (a hover colour is not the page's colour).
        page.mouse.move(0, 0)
        # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
        page.evaluate(source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check
