"""Latency of the explorer on a synthetic 10,000-article store: index, a story page, a search, browse.

    python bench/serve.py [--articles 10000] [--requests 60] [--clients 20] [--db /tmp/newsprism-bench/serve.db]

Builds the store from generated, FICTIONAL records (no spaCy: statements, mentions,
claims and loaded spans are written with their offsets, then stories, entities and
links through the store's corpus functions), starts ``newsprism serve`` on a free
loopback port, and times requests from ``--clients`` concurrent clients (each its own keep-alive
connection; 1 = sequential). ``browse`` is the statements list filtered by two facets
(outlet + kind, or outlet + speaker name).
Prints median and 95th percentile per page; the target is p95 < 200 ms. The index's
aggregates (top speakers, coverage chart, unplaced articles) are cached by the server until
the database changes: the first, uncached index request is printed on its own;
``index-page`` asks for random page sizes and offsets of the story list.
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from newsprism.records import Article, ArticleResult, Claim, Link, LoadedSpan, LocalEntity, Mention, Statement
from newsprism.store import corpus
from newsprism.store.db import Store

FIRST = ("Mara", "Tobias", "Ilse", "Oren", "Priya", "Kwame", "Lucia", "Anders", "Noor", "Dmitri",
         "Selma", "Ivo", "Rhea", "Caspar", "Yuki", "Bram", "Aino", "Teodor", "Lina", "Femi")
LAST = ("Velsen", "Okafor", "Harlow", "Quintero", "Brask", "Amadi", "Lindqvist", "Moreau", "Tansey", "Ruel")
OUTLETS = ("The Eldmark Ledger", "Veyra Daily", "Sollen Courier", "Ardent Post", "Thornby Times",
           "Karst Herald", "Morrow Wire", "Gale Review")
TOPICS = ("flood barrier", "rail strike", "harbour fire", "grain tariff", "border talks", "water dispute",
          "power outage", "mining permit", "school closures", "bridge repairs")
WORDS = ("council", "plan", "budget", "residents", "vote", "report", "delay", "river", "market", "police",
         "hospital", "court", "ministry", "workers", "contract", "season", "village", "harbour", "winter",
         "schedule", "committee", "inquiry", "tariff", "protest", "funding", "road", "museum", "station")
LOADED = ("reckless", "disastrous", "heroic", "shameful", "bold", "so-called")
VERBS = (("said", "say"), ("warned", "warn"), ("insisted", "insist"), ("claimed", "claim"))


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def make_article(rng: random.Random, i: int, story: int, day: str, speakers: list[str]) -> ArticleResult:
    """One fictional article: filler, five quoted statements, a label, a number and loaded words."""
    topic = TOPICS[story % len(TOPICS)]
    title = f"Story {story}: the {topic} in {rng.choice(WORDS)}"
    parts: list[str] = [title, "\n\n"]
    statements, mentions, loaded, claims, entities = [], [], [], [], {}
    pos = len(title) + 2

    def add(text: str) -> int:
        nonlocal pos
        parts.append(text)
        start = pos
        pos += len(text)
        return start

    for k in range(5):
        add(sentence(rng, 25) + " ")
        name = speakers[(story * 3 + k) % len(speakers)]
        key = entities.setdefault(name, len(entities))
        quote = f"the {topic} {sentence(rng, 12)[:-1].lower()}"
        verb, lemma = rng.choice(VERBS)
        s_start = add(name)
        add(" ")
        c_start = add(verb)
        add(" \u201c")
        q_start = add(quote)
        add(".\u201d ")
        statements.append(Statement(q_start, q_start + len(quote), quote, "direct", speaker=name,
                                    speaker_key=key, speaker_type="person", speaker_start=s_start,
                                    speaker_end=s_start + len(name), cue=verb, cue_lemma=lemma,
                                    cue_start=c_start, cue_end=c_start + len(verb)))
        mentions.append(Mention(s_start, s_start + len(name), name, "name", key))
    word = rng.choice(LOADED)
    l_start = add(f"The {word} decision ")
    loaded.append(LoadedSpan(l_start + 4, l_start + 4 + len(word), word, "evaluative"))
    number = rng.randint(10, 900)
    n_start = add(f"left {number} people displaced. ")
    claims.append(Claim(n_start + 5, n_start + 5 + len(str(number)) + 7, f"{number} people", float(number),
                        unit="people", about="displaced"))
    add(sentence(rng, 30))
    text = "".join(parts)
    article = Article(f"bench-{i:05d}", text, outlet=OUTLETS[i % len(OUTLETS)], title=title, published=day)
    local = tuple(LocalEntity(key, name, "person") for name, key in entities.items())
    return ArticleResult(article, tuple(statements), local, tuple(mentions), tuple(claims), tuple(loaded))


def build_store(path: Path, n_articles: int, seed: int = 7) -> dict:
    """Write the synthetic store; return the ids the timed requests use."""
    rng = random.Random(seed)
    speakers = [f"{f} {l}" for f in FIRST for l in LAST]
    n_stories = max(1, n_articles // 10)
    story_of = [rng.randrange(n_stories) for _ in range(n_articles)]
    start = time.perf_counter()
    with Store(path) as store:
        batch: list[ArticleResult] = []
        for i in range(n_articles):
            day = f"20{30 + story_of[i] % 2}-{1 + story_of[i] % 12:02d}-{1 + (story_of[i] + i % 3) % 28:02d}"
            batch.append(make_article(rng, i, story_of[i], day, speakers))
            if len(batch) == 500:
                store.write_results(batch)
                batch = []
        store.write_results(batch)
        with store.conn:
            for n, name in enumerate(speakers):
                corpus.write_entity(store, f"bench-e{n}", name, "person", [name.split()[-1]], [])
            ids = {name: f"bench-e{n}" for n, name in enumerate(speakers)}
            rows = store.query("SELECT quote_id, speaker FROM quotes")
            corpus.set_speaker_ids(store, [(r["quote_id"], ids[r["speaker"]]) for r in rows])
            members: dict[int, list[str]] = {}
            for i, story in enumerate(story_of):
                members.setdefault(story, []).append(f"bench-{i:05d}")
            for story, articles in members.items():
                dates = sorted(r["published"] for r in store.query(
                    f"SELECT published FROM articles WHERE article_id IN ({','.join('?' * len(articles))})",
                    articles))
                corpus.write_story(store, f"bench-s{story}", f"Story {story}", dates[0], dates[-1])
                for article_id in articles:
                    corpus.place_in_story(store, article_id, f"bench-s{story}")
                quotes = store.query(
                    f"SELECT quote_id, article_id, text FROM quotes WHERE article_id IN"
                    f" ({','.join('?' * len(articles))}) ORDER BY article_id, start", articles)
                first = [q for q in quotes if q["article_id"] == articles[0]]
                for other in articles[1:3]:
                    for qa, qb in zip(first, [q for q in quotes if q["article_id"] == other]):
                        corpus.write_links(store, [Link(qa["quote_id"], qb["quote_id"], "altered",
                                                        (("=", "the"), ("-", qa["text"].split()[-1]),
                                                         ("+", qb["text"].split()[-1])))])
            store.conn.execute("DELETE FROM pending")
        busiest = store.query("SELECT story_id FROM story_articles GROUP BY story_id ORDER BY count(*) DESC"
                              " LIMIT 20")
    print(f"built {n_articles} articles, {n_stories} stories in {time.perf_counter() - start:.1f} s → {path}")
    return {"stories": [r["story_id"] for r in busiest]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", "from newsprism.cli import main; main()", "serve",
                             "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
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
    proc = start_server(args.db, port)
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
        for make in pages.values():  # warm-up: page cache, templates
            for _ in range(3):
                timed(conn, make())
        print(f"{args.clients} concurrent client(s)")
        print(f"{'page':10} {'n':>4} {'median ms':>10} {'p95 ms':>8}  target p95 < 200 ms")
        jobs = [(name, make()) for name, make in pages.items() for _ in range(args.requests)]
        rng.shuffle(jobs)
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

        with ThreadPoolExecutor(args.clients) as pool:
            results = [item for done in pool.map(client, per_client) for item in done]
        for name in pages:
            times = [ms for page, ms in results if page == name]
            failed = sum(ms == float("inf") for ms in times)
            verdict = "ok" if p95(times) < 200 else "MISSED"
            print(f"{name:10} {len(times):>4} {statistics.median(times):>10.1f} {p95(times):>8.1f}  {verdict}"
                  + (f" ({failed} failed)" if failed else ""))
        print(f"load average during the run: {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}"
              f" on {__import__('os').cpu_count()} CPUs")
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
