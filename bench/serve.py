"""Latency of the explorer on a synthetic 10,000-article store: index, a story page, a search, browse.

    python bench/serve.py [--articles 10000] [--requests 60] [--clients 20] [--workers N] [--db /tmp/newsprism-bench/serve.db]

Builds the store from generated, FICTIONAL records (no spaCy: statements, mentions,
claims and loaded spans are written with their offsets, then stories, entities and
links through the store's corpus functions), starts ``newsprism serve`` on a free
loopback port, and times requests from ``--clients`` concurrent clients (each its own keep-alive
connection; 1 = sequential). ``browse`` is the statements list filtered by two facets
(outlet + kind, or outlet + speaker name).
Prints median and 95th percentile per page; the target is p95 < 200 ms. Computed pages (the
index's aggregates, story views, facet counts, rendered pages) are cached by the server, shared
by its worker processes, until the database changes: the first, uncached index request and the
first visit of each of the 20 stories are printed on their own; the timed story requests then
read the cache. ``index-page`` asks for random page sizes and offsets of the story list;
``search`` and ``browse`` are mostly uncached (random words and facets). ``--workers`` is passed
to ``newsprism serve``. The load average is printed before and after: the machine may be shared.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from newsprism.store.db import Store
from newsprism.store.synthetic import FIRST, LAST, OUTLETS, TOPICS, WORDS, build_store

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, workers: int | None) -> subprocess.Popen:
    extra = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen([sys.executable, "-c", "from newsprism.cli import main; main()", "serve",
                             "--db", str(db), "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120  # each worker imports the package (slow on a busy machine)
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/static/style.css")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("newsprism serve did not start")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants so far, from /proc (Linux)."""
    total, todo = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, IndexError, ValueError):
            continue
    return total


def timed(conn: http.client.HTTPConnection, path: str) -> float:
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200 or not body:
        raise SystemExit(f"GET {path} → {response.status}")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page kind")
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsprism-bench/serve.db"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the store even if it exists")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (1: sequential)")
    parser.add_argument("--workers", type=int, default=None,
                        help="server processes (default: newsprism serve's, min(4, CPU count))")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        ids = build_store(args.db, args.articles)
    else:
        with Store(args.db, readonly=True) as store:
            ids = {"stories": [r["story_id"] for r in store.query(
                "SELECT story_id FROM story_articles GROUP BY story_id ORDER BY count(*) DESC LIMIT 20")]}
    with Store(args.db, readonly=True) as store:
        print(f"store: {store.count('articles')} articles, {store.count('quotes')} statements, "
              f"{store.count('stories')} stories, {store.count('links')} links")
    port = free_port()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    proc = start_server(args.db, port, args.workers)
    rng = random.Random(11)
    pages = {
        "index": lambda: "/",
        "index-page": lambda: f"/?limit={rng.randint(20, 60)}&offset={rng.randrange(0, 950)}",
        "story": lambda: "/story/" + quote(rng.choice(ids["stories"]), safe=""),
        "search": lambda: "/search?q=" + quote(f"{rng.choice(TOPICS)} {rng.choice(WORDS)}"),
        "browse": lambda: "/search?outlet=" + quote(rng.choice(OUTLETS)) + (
            "&kind=" + rng.choice(("direct", "indirect")) if rng.random() < 0.5
            else "&speaker=" + quote(f"{rng.choice(FIRST)} {rng.choice(LAST)}")),
    }
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        print(f"first index request (aggregates not cached, templates compiled): {timed(conn, '/'):.1f} ms")
        first = [timed(conn, "/story/" + quote(story_id, safe="")) for story_id in ids["stories"]]
        print(f"first visit of each of the {len(first)} stories (story view computed, page rendered): "
              f"median {statistics.median(first):.1f} ms, max {max(first):.1f} ms; later visits are cached")
        asked = {"/", *("/story/" + quote(story_id, safe="") for story_id in ids["stories"])}
        for make in pages.values():  # warm-up: templates, each worker's connections
            for _ in range(3):
                path = make()
                asked.add(path)
                timed(conn, path)
        print(f"{args.clients} concurrent client(s)")
        print(f"{'page':10} {'n':>4} {'median ms':>10} {'p95 ms':>8}  target p95 < 200 ms")
        jobs = [(name, make()) for name, make in pages.items() for _ in range(args.requests)]
        rng.shuffle(jobs)
        repeats = {name: 0 for name in pages}  # an address asked before: the page cache answers, as for a user
        for name, path in jobs:
            repeats[name] += path in asked
            asked.add(path)
        per_client = [jobs[i::args.clients] for i in range(args.clients)]

        def client(work: list[tuple[str, str]]) -> list[tuple[str, float]]:
            own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            done = []
            try:
                for name, path in work:
                    try:
                        done.append((name, timed(own, path)))
                    except SystemExit as failed:  # a 503 (query time limit) counts as a failure, not a time
                        print(f"  {failed}", file=sys.stderr)
                        done.append((name, float("inf")))
                return done
            finally:
                own.close()

        cpu_before, wall_before = tree_cpu_seconds(proc.pid), time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = [item for done in pool.map(client, per_client) for item in done]
        cpu = tree_cpu_seconds(proc.pid) - cpu_before
        wall = time.perf_counter() - wall_before
        for name in pages:
            times = [ms for page, ms in results if page == name]
            failed = sum(ms == float("inf") for ms in times)
            verdict = "ok" if p95(times) < 200 else "MISSED"
            print(f"{name:10} {len(times):>4} {statistics.median(times):>10.1f} {p95(times):>8.1f}  {verdict}"
                  + (f" ({failed} failed)" if failed else ""))
        print("addresses asked before (served from the page cache): "
              + ", ".join(f"{name} {n}/{args.requests}" for name, n in repeats.items())
              + f"; {sum(repeats.values())} of {len(jobs)}")
        print(f"server CPU: {1000 * cpu / len(results):.1f} ms per request on average ({cpu:.1f} s for "
              f"{len(results)} requests in {wall:.1f} s wall): what the load above cannot inflate much")
        print(f"load average after the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
