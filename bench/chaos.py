"""Chaos bench: kill -9 at random moments, run the same command again, compare with a clean run.

Scenarios (each a real ``newsprism`` process, killed with SIGKILL together with its children):

- ``analyze``  ``newsprism analyze INPUTS --db D``: half of the kills inside the corpus phase
               (counted from the moment every article is stored), a quarter inside the parse
               phase (from the first stored batch), a quarter anywhere (start-up included);
- ``load``     ``newsprism load DATASET --db D --corpus-every 25`` (loading and corpus batches);
- ``export``   ``newsprism export --db D --format jsonl|csv|parquet OUT`` over a finished store
               of generated analysed articles (``bench/linking.py``'s, 20k statements), half of
               them into a folder holding an earlier export of another format;
- ``dask``     ``newsprism analyze INPUTS --engine dask --parquet DATASET`` killed, run again,
               then ``newsprism load DATASET --db D``.

After each kill the same command runs to the end; every stored table (``Store.dump``: all
rows in stored order, ids, stories, links, indexes, queue; time stamps left out) or every
exported file (bytes) is compared with the clean run's. Prints one line per trial, then the
trials and mismatches per scenario. Inputs are fictional: the bundled demo corpus plus
generated stories (``newsprism.engine.synthetic``), each told by three outlets.

Usage:
    python bench/chaos.py                          # 40 trials: analyze 16, load 12, export 8, dask 4
    python bench/chaos.py --trials analyze=4,export=2 --stories 20 --seed 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsprism.data import demo_corpus_path  # noqa: E402
from newsprism.engine.synthetic import OUTLETS, fake_articles  # noqa: E402
from newsprism.store.db import Store  # noqa: E402

DEFAULT_TRIALS = {"analyze": 16, "load": 12, "export": 8, "dask": 4}
#: Small parse batches: one commit every 8 articles, so the parse phase has many commit points.
ANALYZE = ("--batch-size", "8", "-q")
_SENTENCE = re.compile(r"(?<=[.!?\"])\s+")


def write_inputs(folder: Path, stories: int, seed: int) -> list[str]:
    """The demo corpus, plus ``stories`` generated events each told by three outlets (JSON Lines)."""
    demo = folder / "demo"
    shutil.copytree(demo_corpus_path(), demo)
    lines = []
    for i, base in enumerate(fake_articles(stories, seed=seed, sentences=5, prefix="chaos")):
        head, body = base.text.split(" — ", 1)
        sentences = _SENTENCE.split(body)
        for k in range(3):
            turned = sentences[k:] + sentences[:k]
            outlet = OUTLETS[(i + k) % len(OUTLETS)]
            title = base.title if k == 0 else f"{base.title.split(' (')[0]}: {outlet} reports ({i})"
            text = f"{title}\n\n{head.split(chr(10))[-1]} — {' '.join(turned)} Reporting by {outlet}."
            lines.append(json.dumps({"id": f"{base.article_id}-{k}", "title": title, "text": text,
                                     "outlet": outlet, "date": base.published, "url": f"{base.url}?v={k}"}))
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(demo), str(feed)]


# -- running and killing ------------------------------------------------------------------------------


def newsprism(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsprism", *args]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), NEWSPRISM_SHARD_BYTES="4000", COLUMNS="200")


def run(command: list[str], cwd: Path) -> float:
    """Run to the end; fail loudly when the command fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, start_new_session=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout[-3000:]}")
    return time.perf_counter() - start


def run_killed(command: list[str], cwd: Path, delay: float, *, after_stored: tuple[Path, int] | None = None) -> bool:
    """Start ``command``, SIGKILL its whole process group after ``delay`` s (counted from the moment
    ``after_stored`` = (db, n) holds n articles, when given); True when the kill landed."""
    process = subprocess.Popen(command, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    if after_stored is not None:
        while process.poll() is None and _stored(*after_stored) < after_stored[1]:
            time.sleep(0.01)
    try:
        process.wait(timeout=delay)
        return False  # finished before the kill
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    _reap_group(process.pid)
    return process.returncode == -signal.SIGKILL


def _reap_group(pgid: int) -> None:
    """Wait until no process of the killed group is left (Dask workers, parser processes)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def _counts(db: Path) -> tuple[int, int]:
    """(articles, pending) of a store being written, (0, 0) while it cannot be read."""
    if not db.exists():
        return 0, 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return (conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                    conn.execute("SELECT count(*) FROM pending").fetchone()[0])
    except sqlite3.Error:
        return 0, 0


def _stored(db: Path, expected: int) -> int:
    return _counts(db)[0]


def timed_phases(command: list[str], cwd: Path, db: Path, expected: int) -> tuple[float, float, float]:
    """Run the clean ``analyze``; return the seconds from the first stored batch until every
    article is stored (the parse phase), from then until the corpus phase committed, and in all."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    first_at = stored_at = placed_at = None
    while process.poll() is None:
        articles, pending = _counts(db)
        now = time.perf_counter() - start
        if first_at is None and articles:
            first_at = now
        if stored_at is None and articles >= expected:
            stored_at = now
        if stored_at is not None and placed_at is None and pending == 0:
            placed_at = now
        time.sleep(0.01)
    total = time.perf_counter() - start
    if process.returncode != 0 or None in (first_at, stored_at, placed_at):
        raise RuntimeError(f"clean run failed or was not seen: {' '.join(command)}")
    return stored_at - first_at, placed_at - stored_at, total


def phase_of(db: Path, expected: int) -> str:
    """Where a kill landed, read from the store it left: parse, corpus, or after (finished)."""
    if not db.exists():
        return "start"
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            pending = conn.execute("SELECT count(*) FROM pending").fetchone()[0]
    except sqlite3.Error:
        return "start"
    if articles < expected:
        return "parse" if articles else "start"
    return "corpus" if pending else "after"


def dump(db: Path) -> dict:
    with Store(db, readonly=True) as store:
        return store.dump()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def differences(a: dict, b: dict) -> list[str]:
    return [name for name in sorted(set(a) | set(b)) if a.get(name) != b.get(name)]


# -- scenarios ---------------------------------------------------------------------------------------


class Bench:
    def __init__(self, work: Path, inputs: list[str], rng: random.Random, export_statements: int = 20000) -> None:
        self.work, self.inputs, self.rng = work, inputs, rng
        self.export_statements = export_statements
        self.results: dict[str, list[tuple[str, list[str]]]] = {}

    def trial_dir(self, name: str, i: int) -> Path:
        folder = self.work / f"{name}-{i}"
        folder.mkdir()
        return folder

    def record(self, scenario: str, i: int, moment: str, diff: list[str], delay: float) -> None:
        self.results.setdefault(scenario, []).append((moment, diff))
        state = "ok" if not diff else "MISMATCH " + ",".join(diff)
        print(f"{scenario:8} trial {i:2}: kill at {delay:5.2f} s ({moment:7}) → {state}", flush=True)

    def analyze(self, trials: int) -> None:
        clean_dir = self.trial_dir("analyze-clean", 0)
        clean_db = clean_dir / "news.db"
        run(newsprism("analyze", *self.inputs, "--db", str(clean_db), *ANALYZE), clean_dir)
        expected = Store(clean_db, readonly=True).count("articles")
        clean_dir2 = self.trial_dir("analyze-clean", 1)
        parse, corpus, total = timed_phases(newsprism("analyze", *self.inputs, "--db", str(clean_dir2 / "news.db"),
                                                      *ANALYZE), clean_dir2, clean_dir2 / "news.db", expected)
        clean = dump(clean_db)
        assert dump(clean_dir2 / "news.db") == clean, "two clean runs differ"
        print(f"analyze: {expected} articles; clean run {total:.1f} s: parse phase {parse:.1f} s from the first "
              f"stored batch, corpus phase {corpus:.1f} s", flush=True)
        for i in range(trials):
            folder = self.trial_dir("analyze", i)
            db = folder / "news.db"
            command = newsprism("analyze", *self.inputs, "--db", str(db), *ANALYZE)
            if i % 2:  # inside the corpus phase: from the moment every article is stored
                delay = self.rng.uniform(0.0, max(corpus, 0.05))
                run_killed(command, folder, delay, after_stored=(db, expected))
            elif i % 4 == 0:  # inside the parse phase: from the moment the first batch is stored
                delay = self.rng.uniform(0.0, max(parse, 0.05))
                run_killed(command, folder, delay, after_stored=(db, 1))
            else:  # anywhere, start-up included
                delay = self.rng.uniform(0.3, total)
                run_killed(command, folder, delay)
            moment = phase_of(db, expected)
            run(command, folder)
            self.record("analyze", i, moment, differences(dump(db), clean), delay)

    def _dataset(self) -> Path:
        folder = self.work / "dataset"
        if not folder.exists():
            run(newsprism("analyze", *self.inputs, "--parquet", str(folder), "--workers", "1", "-q"), self.work)
        return folder

    def load(self, trials: int) -> None:
        dataset = self._dataset()
        clean_dir = self.trial_dir("load-clean", 0)
        command = newsprism("load", str(dataset), "--db", str(clean_dir / "news.db"), "--corpus-every", "25", "-q")
        total = run(command, clean_dir)
        clean = dump(clean_dir / "news.db")
        print(f"load: clean run {total:.1f} s", flush=True)
        for i in range(trials):
            folder = self.trial_dir("load", i)
            db = folder / "news.db"
            command = newsprism("load", str(dataset), "--db", str(db), "--corpus-every", "25", "-q")
            delay = self.rng.uniform(0.3, total)
            run_killed(command, folder, delay)
            moment = phase_of(db, len(clean["articles"])).replace("parse", "loading")
            run(command, folder)
            self.record("load", i, moment, differences(dump(db), clean), delay)

    def _export_source(self) -> Path:
        """A store large enough that an export takes seconds: generated analysed articles (no spaCy)."""
        source = self.work / "export-db" / "news.db"
        source.parent.mkdir()
        sys.path.insert(0, str(ROOT / "bench"))
        from linking import synthetic_results

        from newsprism.link import update_corpus

        with Store(source) as store:
            store.write_results(synthetic_results(self.export_statements, seed=5))
            update_corpus(store)
        return source

    def export(self, trials: int) -> None:
        source = self._export_source()
        formats = ("jsonl", "csv", "parquet")
        clean, totals = {}, {}
        for fmt in formats:
            out = self.work / f"export-clean-{fmt}"
            totals[fmt] = run(newsprism("export", "--db", str(source), "--format", fmt, str(out)), self.work)
            clean[fmt] = files(out)
        print("export: clean runs " + ", ".join(f"{f} {t:.1f} s" for f, t in totals.items()), flush=True)
        for i in range(trials):
            fmt = formats[i % len(formats)]
            out = self.trial_dir("export", i) / "out"
            if i % 2:  # an earlier export of another format is already there
                run(newsprism("export", "--db", str(source), "--format", formats[(i + 1) % 3], str(out)), self.work)
            command = newsprism("export", "--db", str(source), "--format", fmt, str(out))
            delay = self.rng.uniform(0.3, totals[fmt])
            landed = run_killed(command, out.parent, delay)
            staged = out.exists() and any(out.glob(".newsprism-export-*"))
            moment = "after" if not landed else "writing" if staged else "start"
            run(command, out.parent)
            leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
            self.record("export", i, f"{fmt},{moment}", differences(files(out), clean[fmt]) + leftovers, delay)

    def dask(self, trials: int) -> None:
        clean_dir = self.trial_dir("dask-clean", 0)
        dataset = clean_dir / "dataset"
        analyze = newsprism("analyze", *self.inputs, "--engine", "dask", "--workers", "2", "--parquet", str(dataset),
                            "-q")
        total = run(analyze, clean_dir)
        run(newsprism("load", str(dataset), "--db", str(clean_dir / "news.db"), "-q"), clean_dir)
        clean = dump(clean_dir / "news.db")
        print(f"dask: clean analyze {total:.1f} s", flush=True)
        for i in range(trials):
            folder = self.trial_dir("dask", i)
            dataset = folder / "dataset"
            analyze = newsprism("analyze", *self.inputs, "--engine", "dask", "--workers", "2", "--parquet",
                                str(dataset), "-q")
            delay = self.rng.uniform(0.5, total)
            landed = run_killed(analyze, folder, delay)
            shards = len(list((dataset / "_manifest").glob("*.json"))) if dataset.exists() else 0
            run(analyze, folder)
            run(newsprism("load", str(dataset), "--db", str(folder / "news.db"), "-q"), folder)
            moment = f"{shards} shards" if landed else "after"
            self.record("dask", i, moment, differences(dump(folder / "news.db"), clean), delay)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", default=",".join(f"{k}={v}" for k, v in DEFAULT_TRIALS.items()),
                        help="scenario=count, comma-separated (analyze, load, export, dask)")
    parser.add_argument("--stories", type=int, default=25, help="generated events (three articles each)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--export-statements", type=int, default=20000,
                        help="statements in the generated store the export scenario exports")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    trials = {k: int(v) for k, v in (item.split("=") for item in args.trials.split(","))}
    work = Path(tempfile.mkdtemp(prefix="newsprism-chaos-"))
    try:
        inputs = write_inputs(work / "inputs", args.stories, args.seed)
        bench = Bench(work, inputs, random.Random(args.seed), args.export_statements)
        start = time.perf_counter()
        for scenario in ("analyze", "load", "export", "dask"):
            if trials.get(scenario):
                getattr(bench, scenario)(trials[scenario])
        print(f"\n{'scenario':8} {'trials':>6} {'mismatches':>10}  kill moments")
        total = wrong = 0
        for scenario, rows in bench.results.items():
            moments: dict[str, int] = {}
            for moment, _diff in rows:
                key = moment.split(",")[-1] if scenario == "export" else (
                    "shards" if moment.endswith("shards") and not moment.startswith("0 ") else moment)
                moments[key] = moments.get(key, 0) + 1
            bad = sum(1 for _m, diff in rows if diff)
            total += len(rows)
            wrong += bad
            print(f"{scenario:8} {len(rows):6} {bad:10}  " + ", ".join(f"{k} {v}" for k, v in sorted(moments.items())))
        print(f"{'all':8} {total:6} {wrong:10}  ({time.perf_counter() - start:.0f} s)")
        if wrong:
            sys.exit(1)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
