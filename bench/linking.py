"""Linking benchmark: the corpus phase (entities, stories, statement links) at growing size.

1. Scale: synthetic fictional corpora of 10k and 100k statements (10 statements per article,
   3–6 outlets per story, statements re-quoted as identical / excerpt / altered versions,
   people sharing surnames) are written straight into a fresh store (no spaCy), then
   ``update_corpus`` runs once. Each size runs in its own process, so its peak resident
   memory (ru_maxrss) is its own. Prints seconds per step and the 100k/10k time ratio
   (target <= 12x) and peak memory at 100k (target < 4 GB).
2. Incremental: short synthetic articles through the full pipeline (spaCy and all
   extractors): analyse N (default 1,000) into a store, add M (default 10) more, and compare
   with analysing all N+M from scratch. Prints the ratio (target < 5%).

Usage:
    python bench/linking.py                              # both parts, default sizes
    python bench/linking.py --sizes 10000,100000 --skip-incremental
    python bench/linking.py --skip-scale --articles 1000 --added 10
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsprism.records import Article, ArticleResult, LocalEntity, Statement

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "da", "fe", "gu", "ha", "ji", "ko",
              "la", "mo", "nu", "pi", "ra", "se", "to", "va", "wi", "yo")
_OUTLETS = ("gazette", "courier", "herald", "tribune", "ledger", "bulletin")


def _word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


class _World:
    """Fictional vocabulary and people shared by all generated stories."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.vocab = list({_word(rng, rng.choice((2, 3, 3, 4))) for _ in range(30000)})
        firsts = list({_word(rng, 2).title() for _ in range(300)})
        lasts = list({_word(rng, 3).title() for _ in range(800)})
        self.people = [(rng.choice(firsts), rng.choice(lasts)) for _ in range(3000)]


def _sentence(rng: random.Random, pool: list[str], general: list[str], n: int) -> list[str]:
    return [rng.choice(pool) if rng.random() < 0.5 else rng.choice(general) for _ in range(n)]


def _version(rng: random.Random, words: list[str], general: list[str]) -> list[str]:
    """The same statement as another outlet prints it: identical, an excerpt or altered."""
    roll = rng.random()
    if roll < 0.5:
        return list(words)
    if roll < 0.75:
        start = rng.randrange(0, max(1, len(words) // 3))
        return words[start:start + max(6, len(words) * 2 // 3)]
    changed = list(words)
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(len(changed))
        if rng.random() < 0.5:
            changed[i] = rng.choice(general)
        else:
            del changed[i]
    return changed


def synthetic_results(n_statements: int, seed: int = 1, per_article: int = 10) -> list[ArticleResult]:
    """Fictional analysed articles holding about ``n_statements`` statements."""
    rng = random.Random(seed)
    world = _World(seed)
    general = world.vocab[:2000]
    results: list[ArticleResult] = []
    story = 0
    while sum(len(r.statements) for r in results) < n_statements:
        story += 1
        topic = rng.sample(world.vocab[2000:], 40)
        speakers = rng.sample(world.people, 3)
        pool = [_sentence(rng, topic, general, rng.randint(12, 30)) for _ in range(8)]
        day = f"20{rng.randint(20, 29)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(rng.sample(topic, 6)).capitalize()
        for outlet in rng.sample(_OUTLETS, rng.randint(3, 6)):
            results.append(_article(rng, f"{outlet}-{story}", outlet, day, title, topic, general, pool,
                                    speakers, per_article))
    return results


def _article(rng, article_id, outlet, day, title, topic, general, pool, speakers, per_article) -> ArticleResult:
    parts: list[str] = [title, "\n\n", " ".join(_sentence(rng, topic, general, 40)).capitalize() + ". "]
    length = sum(map(len, parts))
    statements = []
    entities = []
    for key, (first, last) in enumerate(speakers):
        variants = (f"{first} {last}", f"President {first} {last}", last)
        entities.append(LocalEntity(key, f"{first} {last}", "person", tuple(variants), ("President",)))
    for i in range(per_article):
        words = _version(rng, rng.choice(pool), general) if i < 7 else _sentence(rng, topic, general, 15)
        key = rng.randrange(len(speakers))
        name = rng.choice(entities[key].aliases)
        quote = " ".join(words)
        prefix = f'{name} said: "'
        start = length + len(prefix)
        parts.append(prefix + quote + '." ')
        length += len(prefix) + len(quote) + 3
        statements.append(Statement(start=start, end=start + len(quote), text=quote, kind="direct",
                                    speaker=name, speaker_key=key, quoted=((start, start + len(quote)),)))
    text = "".join(parts)
    article = Article(article_id=article_id, text=text, outlet=outlet, title=title, published=day)
    return ArticleResult(article=article, statements=tuple(statements), entities=tuple(entities))


def scale_run(n_statements: int) -> dict:
    """One size in this process: write the synthetic corpus, run the corpus phase, time each step (wall clock)."""
    from newsprism.link import update_corpus
    from newsprism.store.db import Store

    results = synthetic_results(n_statements, seed=n_statements)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        clock = time.perf_counter()
        for i in range(0, len(results), 500):
            store.write_results(results[i:i + 500])
        written = time.perf_counter() - clock
        timings: dict[str, float] = {}
        clock, cpu = time.perf_counter(), time.process_time()
        update = update_corpus(store, timings=timings)
        total, cpu = time.perf_counter() - clock, time.process_time() - cpu
        counts = {t: store.count(t) for t in ("stories", "entities", "links")}
        store.close()
    return {"statements": sum(len(r.statements) for r in results), "articles": len(results),
            "write_s": written, "corpus_s": total, "corpus_cpu_s": cpu, **{f"{k}_s": v for k, v in timings.items()},
            **counts, "stories_placed": update.stories,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_scale(sizes: list[int]) -> None:
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True, text=True,
                             check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['statements']:>7} statements / {row['articles']:>6} articles: "
              f"stories {row['stories_s']:.1f}s (CPU {row['stories_cpu_s']:.1f}s)  "
              f"entities {row['entities_s']:.1f}s (CPU {row['entities_cpu_s']:.1f}s)  "
              f"links {row['links_s']:.1f}s (CPU {row['links_cpu_s']:.1f}s)  "
              f"total {row['corpus_s']:.1f}s (CPU {row['corpus_cpu_s']:.1f}s)  (store write {row['write_s']:.1f}s)  peak RSS {row['peak_rss_mb']:.0f} MB"
              f"  → {row['stories']} stories, {row['entities']} entities, {row['links']} links", flush=True)
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        factor = large["statements"] / small["statements"]
        print(f"time ratios {large['statements']}/{small['statements']} statements (data {factor:.0f}x; "
              "target <= 12x); CPU time is less sensitive to other jobs on a shared machine:")
        for step in ("stories", "entities", "links", "corpus"):
            print(f"  {step:8} wall {large[step + '_s'] / small[step + '_s']:5.1f}x   "
                  f"CPU {large[step + '_cpu_s'] / small[step + '_cpu_s']:5.1f}x")
        print(f"peak memory at {large['statements']} statements: {large['peak_rss_mb'] / 1024:.2f} GB (target < 4 GB)")


# -- incremental through the full pipeline ------------------------------------------------


def _short_text(rng: random.Random, world: _World, story: int) -> str:
    """A short fictional news item in English with a quote, so spaCy and the extractors have work."""
    first, last = world.people[story % len(world.people)]
    place = _word(rng).title()
    topic = " ".join(_word(rng) for _ in range(2))
    quote = f"We will finish the {topic} project in {place} before the winter, and every family will benefit"
    return (f"{place} council approves {topic} plan\n\n"
            f"The council of {place} approved the {topic} plan on Tuesday after a long debate. "
            f"Mayor {first} {last} said: \"{quote}.\" Opponents of the plan said the costs were too high, "
            f"and {last} promised to publish the budget next week.")


def write_short_articles(folder: Path, count: int, seed: int, offset: int = 0) -> None:
    rng = random.Random(seed)
    world = _World(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(offset, offset + count):
        (folder / f"item{i:05d}.txt").write_text(_short_text(rng, world, i // 3), encoding="utf-8")


def run_incremental(n_articles: int, added: int) -> None:
    from newsprism.nlp import load_nlp
    from newsprism.pipeline import run_analysis
    from newsprism.store.db import Store

    load_nlp()  # loaded once, outside every timed run
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base, extra = root / "base", root / "extra"
        write_short_articles(base, n_articles, seed=3)
        write_short_articles(extra, added, seed=4, offset=n_articles)
        with Store(root / "scratch.db") as store:
            clock = time.perf_counter()
            run_analysis([str(base), str(extra)], store)
            scratch = time.perf_counter() - clock
        with Store(root / "grow.db") as store:
            run_analysis([str(base)], store)
            clock = time.perf_counter()
            run_analysis([str(extra)], store)
            grow = time.perf_counter() - clock
    print(f"analyse {n_articles + added} articles from scratch: {scratch:.1f}s; "
          f"add {added} to {n_articles} analysed: {grow:.2f}s; ratio {100 * grow / scratch:.2f}% (target < 5%)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="Statement counts, comma-separated.")
    parser.add_argument("--articles", type=int, default=1000, help="Analysed corpus size (incremental part).")
    parser.add_argument("--added", type=int, default=10, help="Articles added to it.")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-incremental", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(scale_run(args.child)))
        return 0
    if not args.skip_scale:
        run_scale([int(s) for s in args.sizes.split(",")])
    if not args.skip_incremental:
        run_incremental(args.articles, args.added)
    return 0


if __name__ == "__main__":
    sys.exit(main())
