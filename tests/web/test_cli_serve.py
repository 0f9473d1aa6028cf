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
    result = CliRunner().invoke(app, ["serve", "--db", str(sample_db), "--port", str(port), *args])
    assert result.exit_code == 0, result.output
    assert calls and calls[0] == (host, port)
    assert ("warning" in result.output) is warned
    assert f"http://{host}:{port}/" in result.output


def test_serve_needs_an_existing_database(tmp_path):
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no such database" in str(result.exception)
