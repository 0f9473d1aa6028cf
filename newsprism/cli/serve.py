"""``newsprism serve``: the read-only explorer on localhost (``--edit``: with correction forms)."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import tempfile
from pathlib import Path

import typer
from rich.markup import escape

from newsprism.cli.common import CliError, console, db_option, existing_db
from newsprism.cli.fix import default_who

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as written in a URL: an IPv6 address goes in brackets (http://[::1]:8000/)."""
    bare = host.strip("[]")
    return f"[{bare}]" if ":" in bare else bare


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; CliError saying so when the port is taken."""
    bare = host.strip("[]")
    try:
        infos = socket.getaddrinfo(bare, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CliError(f"--host {host}: cannot resolve that address ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE (Linux, macOS, Windows)
            raise CliError(f"port {port} on {host} is taken by another program: "
                           f"choose another with --port, e.g. --port {port + 1 if port < 65535 else 8000}") from exc
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def default_workers() -> int:
    """Server processes by default: one per CPU, at most four (each holds its own page cache)."""
    return max(1, min(4, os.cpu_count() or 1))


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Path = db_option(reads=True),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback is public."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
        query_seconds: float = typer.Option(2.0, "--query-seconds", min=0.05, max=60,
                                            help="Cut any database query after this long."),
        edit: bool = typer.Option(False, "--edit", help="Allow corrections by hand from the pages (merge, "
                                                        "reassign, reject, undo); loopback hosts only."),
        who: str = typer.Option(None, "--who", help="Name recorded with corrections made (--edit; default: "
                                                    "your user name)."),
        workers: int = typer.Option(None, "--workers", min=1, max=64,
                                    help="Server processes sharing the port (default: min(4, CPU count); 1 with --edit)."),
    ) -> None:
        """Explore the database in a browser: stories, statement diffs, speakers, search (read-only).

        Example: newsprism serve --db news.db --port 8000
        """
        # deferred: heavy (uvicorn, FastAPI and the web app load only for `serve`)
        import uvicorn

        from newsprism.web.app import SERVE_ENV, create_app

        existing_db(db)
        if edit and not is_loopback(host):
            raise CliError(f"--edit serves correction forms on loopback addresses only, not on {host}")
        if not is_loopback(host):
            console.print(f"[yellow]warning[/yellow]: binding {escape(host)} makes the explorer reachable from "
                          "other machines; it has no authentication.", highlight=False)
        workers = workers or default_workers()
        # fails early on a bad file
        web_app = create_app(db, query_seconds=query_seconds, hosts=[host], edit=edit, who=who or default_who())
        if edit:
            workers = 1  # the forms' CSRF token lives in the one process that made it
        sock = bind_socket(host, port)  # before saying "serving": a taken port is one clear error line
        mode = "with corrections by hand (--edit)" if edit else "read-only"
        console.print(f"serving {escape(str(db))} {mode} at http://{url_host(host)}:{port}/ with {workers} "
                      f"worker{'s' if workers > 1 else ''} (Ctrl-C to stop)", highlight=False)
        try:
            if workers == 1:
                uvicorn.Server(uvicorn.Config(web_app, log_level="warning")).run(sockets=[sock])
                return
            # deferred: heavy (see above)
            from uvicorn.supervisors import Multiprocess

            with tempfile.TemporaryDirectory(prefix="newsprism-serve-") as cache_dir:  # private: mode 0700
                os.environ[SERVE_ENV] = json.dumps({"db_path": str(Path(db).resolve()), "query_seconds": query_seconds,
                                                    "hosts": [host], "cache_dir": cache_dir})
                config = uvicorn.Config("newsprism.web.app:app_from_environment", factory=True, workers=workers,
                                        log_level="warning")
                Multiprocess(config, sockets=[sock]).run()
        finally:
            sock.close()
