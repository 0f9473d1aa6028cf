"""CPU per request of the explorer's benchmarked pages, one request at a time, in process.

    python bench/serve_cpu.py [--db /tmp/newsprism-bench/serve.db] [--requests 40] [--profile PAGE]

The same addresses as bench/serve.py (index, index-page, story, search, browse), asked through
Starlette's test client with no server around it: ``time.process_time`` per request is what one
request costs a CPU, which a loaded machine does not inflate the way it inflates wall time.
The addresses come in bench/serve.py's random sequence (seed 11), so a page asked again is
served from the cache as it would be there (index, story). The facet index a worker reads in the
background once per database version is read before timing. ``--profile PAGE``
prints cProfile's top functions for that page kind. Build the store first with bench/serve.py.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from starlette.testclient import TestClient

from newsprism.store.db import Store
from newsprism.store.synthetic import FIRST, LAST, OUTLETS, TOPICS, WORDS
from newsprism.web.app import create_app


def addresses(rng: random.Random, stories: list[str]) -> dict:
    """Address makers of bench/serve.py's pages, by page kind."""
    return {
        "index": lambda: "/",
        "index-page": lambda: f"/?limit={rng.randint(20, 60)}&offset={rng.randrange(0, 950)}",
        "story": lambda: "/story/" + quote(rng.choice(stories), safe=""),
        "search": lambda: "/search?q=" + quote(f"{rng.choice(TOPICS)} {rng.choice(WORDS)}"),
        "browse": lambda: "/search?outlet=" + quote(rng.choice(OUTLETS)) + (
            "&kind=" + rng.choice(("direct", "indirect")) if rng.random() < 0.5
            else "&speaker=" + quote(f"{rng.choice(FIRST)} {rng.choice(LAST)}")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsprism-bench/serve.db"))
    parser.add_argument("--requests", type=int, default=40, help="requests per page kind")
    parser.add_argument("--profile", default=None, help="page kind to profile with cProfile")
    args = parser.parse_args()
    with Store(args.db, readonly=True) as store:
        stories = [r["story_id"] for r in store.query(
            "SELECT story_id FROM story_articles GROUP BY story_id ORDER BY count(*) DESC LIMIT 20")]
    app = create_app(args.db)
    app.state.site.facet_index(wait=True)  # read once per database version, in the background: not a request's cost
    with TestClient(app, base_url="http://localhost") as client:  # one event loop throughout
        run(client, args, stories)


def run(client: TestClient, args: argparse.Namespace, stories: list[str]) -> None:
    floor = []
    for _ in range(20):
        start = time.process_time()
        client.get("/static/style.css")
        floor.append((time.process_time() - start) * 1000)
    print(f"a static file (the test client's own cost and the middleware): {statistics.median(floor):.1f} ms")
    rng = random.Random(11)
    pages = addresses(rng, stories)
    for make in pages.values():  # warm-up: templates compiled, connection opened
        client.get(make())
    print(f"{'page':10} {'n':>4} {'median CPU ms':>14} {'mean CPU ms':>12}")
    for name, make in pages.items():
        times = []
        profiler = cProfile.Profile() if name == args.profile else None
        for _ in range(args.requests):
            path = make()
            if profiler:
                profiler.enable()
            start = time.process_time()
            response = client.get(path)
            elapsed = (time.process_time() - start) * 1000
            if profiler:
                profiler.disable()
            if response.status_code != 200:
                raise SystemExit(f"GET {path} → {response.status_code}")
            times.append(elapsed)
        print(f"{name:10} {len(times):>4} {statistics.median(times):>14.1f} {statistics.mean(times):>12.1f}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
