"""Operators' view: a request id on every response, log line and error page; metrics behind a token."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from claims import create_app, logs

ROOT = Path(__file__).resolve().parents[2]


def test_every_response_has_a_request_id_and_a_good_incoming_one_is_kept(client):
    first, second = client.get("/"), client.get("/")
    assert (
        len(first.headers["X-Request-ID"]) == 32
        and first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    )
    kept = client.get("/", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a9c21-0001"
    for hostile in ("<script>", "x" * 500, "short", "a b c d e f g h"):
        replaced = client.get("/", headers={"X-Request-ID": hostile}).headers["X-Request-ID"]
        assert replaced != hostile and len(replaced) == 32


def test_error_pages_show_the_request_id_to_quote(app, client):
    @app.get("/boom-for-test")
    def _boom():
        raise RuntimeError("broken on purpose")

    for response in (client.get("/no/such/page"), client.get("/boom-for-test")):
        body = response.get_data(as_text=True)
        assert response.status_code in (404, 500)
        assert response.headers["X-Request-ID"] in body


def test_log_lines_are_json_with_the_request_id(app, client, capsys):
    @app.get("/log-for-test")
    def _log():
        app.logger.warning("something worth knowing")
        return "ok"

    logs.configure("json")
    capsys.readouterr()
    response = client.get("/log-for-test")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    rid = response.headers["X-Request-ID"]
    ours = [line for line in lines if line["request_id"] == rid]
    assert {line["message"] for line in ours} >= {"something worth knowing", "GET /log-for-test 200"}
    access = next(line for line in ours if line["logger"] == "claims.access")
    assert access["status"] == 200 and access["path"] == "/log-for-test" and access["duration_ms"] >= 0
    assert all({"time", "level", "logger", "message", "request_id"} <= line.keys() for line in lines)


def test_metrics_are_off_without_a_token_and_private_with_one(app_config, client):
    assert client.get("/metrics").status_code == 404
    app = create_app({**app_config, "METRICS_TOKEN": "s3cret-token"})
    operator = app.test_client()
    operator.get("/")
    assert operator.get("/metrics").status_code == 401
    assert operator.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    scraped = operator.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    app.extensions["db_engine"].dispose()
    text = scraped.get_data(as_text=True)
    assert scraped.status_code == 200 and scraped.mimetype == "text/plain"
    assert 'portal_http_requests_total{endpoint="public.home",method="GET",status="200"}' in text
    assert "portal_http_request_duration_seconds_bucket" in text
    assert "portal_letters_issued_total 0.0" in text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, token: str | None = None) -> str:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback only
        return response.read().decode()


def _health_count(text: str) -> float:
    counted = [line for line in text.splitlines() if line.startswith("portal_http_requests_total{")]
    return sum(float(line.rsplit(" ", 1)[1]) for line in counted if 'endpoint="health.live"' in line)


def test_gunicorn_workers_add_up_their_metrics(database_url, tmp_path):
    """Two gunicorn workers (gunicorn.conf.py sets up the shared metrics folder): one scrape counts both."""
    port = _free_port()
    env = {
        **os.environ,
        "PORTAL_ENV": "testing",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "METRICS_TOKEN": "tok-123456",
        "INSTANCE_PATH": str(tmp_path),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": "",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:app"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(300):
            try:
                before = _health_count(_get(f"http://127.0.0.1:{port}/metrics", "tok-123456"))
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(40):
            _get(f"http://127.0.0.1:{port}/healthz")
        text = _get(f"http://127.0.0.1:{port}/metrics", "tok-123456")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert _health_count(text) - before == 40
    assert "portal_letters_issued_total" in text


@pytest.fixture(autouse=True)
def _text_logs_again():
    yield
    logs.configure("text")
