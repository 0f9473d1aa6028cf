"""``newsprism serve``: loopback by default, a warning for anything else, read-only app."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsprism.cli.serve import is_loopback


@pytest.mark.parametrize("host, expected", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("::", False), ("example.org", False),
])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("args, warned, host", [
    ([], False, "127.0.0.1"),
    (["--host", "0.0.0.0"], True, "0.0.0.0"),
])
def test_serve_binds_loopback_unless_told(monkeypatch, sample_db, args, warned, host):
    import uvicorn

    from newsprism.cli import app

    calls = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets=None: calls.append(sockets[0].getsockname()))
    port = _free_port()
    result = CliRunner().invoke(app, ["serve", "--db", str(sample_db), "--port", str(port), "--workers", "1", *args])
    assert result.exit_code == 0, result.output
    assert calls and calls[0] == (host, port)
    assert ("warning" in result.output) is warned
    assert f"http://{host}:{port}/" in result.output


def test_serve_needs_an_existing_database(tmp_path):
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no such database" in result.stderr


@pytest.mark.parametrize("workers", ["2", "3"])
def test_serve_workers_share_one_loopback_socket(monkeypatch, sample_db, workers, tmp_path):
    import json
    import os

    from uvicorn.supervisors import Multiprocess

    from newsprism.cli import app
    from newsprism.web.app import SERVE_ENV, app_from_environment

    seen = {}

    def run(supervisor):
        seen.update(workers=supervisor.processes_num, address=supervisor.sockets[0].getsockname(),
                    app=supervisor.config.app, options=os.environ[SERVE_ENV])
        seen["cache_mode"] = os.stat(json.loads(os.environ[SERVE_ENV])["cache_dir"]).st_mode & 0o777

    monkeypatch.setattr(Multiprocess, "run", run)
    monkeypatch.delenv(SERVE_ENV, raising=False)
    port = _free_port()
    result = CliRunner().invoke(app, ["serve", "--db", str(sample_db), "--port", str(port), "--workers", workers])
    assert result.exit_code == 0, result.output
    assert seen["workers"] == int(workers) and seen["address"] == ("127.0.0.1", port)
    assert seen["app"] == "newsprism.web.app:app_from_environment" and seen["cache_mode"] == 0o700
    assert f"with {workers} workers" in " ".join(result.output.split())
    options = {**json.loads(seen["options"]), "cache_dir": str(tmp_path)}  # the run's folder is gone now
    monkeypatch.setenv(SERVE_ENV, json.dumps(options))  # what each worker builds: the Host check stays on
    from fastapi.testclient import TestClient

    with TestClient(app_from_environment(), base_url="http://127.0.0.1") as client:
        assert client.get("/index.json").status_code == 200
        assert client.get("/index.json", headers={"Host": "evil.example"}).status_code == 421
