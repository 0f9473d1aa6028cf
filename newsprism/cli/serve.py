"""``newsprism serve``: the read-only explorer on localhost."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from newsprism.cli.common import CliError, console, db_option, existing_db
from newsprism.store.db import StoreError

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Path = db_option(),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback is public."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
        query_seconds: float = typer.Option(2.0, "--query-seconds", min=0.05, max=60,
                                            help="Cut any database query after this long."),
    ) -> None:
        """Explore the database in a browser: stories, statement diffs, speakers, search (read-only).

        Example: newsprism serve --db news.db --port 8000
        """
        import uvicorn

        from newsprism.web.app import create_app

        existing_db(db)
        if not is_loopback(host):
            console.print(f"[yellow]warning[/yellow]: binding {host} makes the explorer reachable from "
                          "other machines; it has no authentication.", highlight=False)
        try:
            web_app = create_app(db, query_seconds=query_seconds)
        except StoreError as exc:
            raise CliError(str(exc)) from exc
        console.print(f"serving {db} read-only at http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
