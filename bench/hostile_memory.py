"""Peak memory of ``newsprism analyze`` on hostile inputs (issue 12, item 7/8 figures in docs/ingest.md).

Generates each input in a temporary folder (bombs are a few MB on disk), runs the real CLI on it
under ``/usr/bin/time -v`` and prints the peak resident set size, the exit status and the reason
the input was skipped with. A baseline (one small article) shows what the CLI needs anyway
(Python, spaCy and its model).

    python bench/hostile_memory.py                 # every input
    python bench/hostile_memory.py --only deep     # names containing 'deep'
    python bench/hostile_memory.py --long 1000000  # add a long document of this many characters
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from ingest.helpers import gzip_bomb, html_page, write  # noqa: E402 - test builders, reused

GB = 1 << 30
GOOD = json.dumps({"id": "good", "text": "The finance minister of Valdoria said the fund would run dry."})
PARAS = ('"We will not accept this budget," the finance minister of Valdoria said on Tuesday. '
         "Union leaders in Corvana rejected the claim, and Mara Osk, who leads the dockworkers, said the fund "
         "would last until 2040. The council met again on Friday.\n\n")


def _warc_body_bomb(path: Path, size: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = gzip_bomb(path.with_suffix(".body.gz"), b"<html><body><p>", size).read_bytes()
    path.with_suffix(".body.gz").unlink()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warc_record(
        "https://valdoriatoday.example/bomb", "response", payload=io.BytesIO(body),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                      protocol="HTTP/1.1")))
    write(path, buf.getvalue())


def inputs(root: Path, long_chars: int | None) -> dict[str, Path]:
    made = {
        "baseline (one small article)": write(root / "small.txt", "Harbour Reopens\n\n" + PARAS),
        "jsonl.gz bomb, 4 GB line": gzip_bomb(root / "bomb.jsonl.gz", b'{"text": "', 4 * GB,
                                              suffix=b'"}\n' + GOOD.encode() + b"\n"),
        "json.gz bomb, 4 GB array item": gzip_bomb(root / "bomb.json.gz", b'[{"text": "', 4 * GB,
                                                   suffix=b'"}, ' + GOOD.encode() + b"]"),
        "json.gz bomb, 4 GB object": gzip_bomb(root / "object.json.gz", b'{\n "text": "', 4 * GB, suffix=b'"\n}'),
        "txt.gz bomb, 4 GB": gzip_bomb(root / "bomb.txt.gz", b"Headline\n\n", 4 * GB),
        "html.gz bomb, 4 GB": gzip_bomb(root / "bomb.html.gz", b"<html><body><p>", 4 * GB),
        "warc.gz bomb, 4 GB header line": gzip_bomb(root / "header.warc.gz", b"WARC/1.0\r\nX-Padding: ", 4 * GB),
        "WARC gzip HTTP body, 4 GB": root / "body.warc.gz",
        "JSONL nested 100,000 deep": write(root / "deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + GOOD + "\n"),
        "JSON nested 1,000,000 deep": write(root / "deep.json", "[" + "{\"a\":" * 1_000_000 + "1"
                                            + "}" * 1_000_000 + ", " + GOOD + "]"),
        "HTML page 9.9 MB": write(root / "big.html", html_page("Big Page", "word " * 10) + "<p>"
                                  + "The council met again. " * (9_900_000 // 24) + "</p>"),
    }
    _warc_body_bomb(root / "body.warc.gz", 4 * GB)
    if long_chars:
        text = (PARAS * (long_chars // len(PARAS) + 1))[:long_chars]
        made[f"text document, {long_chars:,} characters"] = write(root / "long.txt", "Long Headline\n\n" + text)
    return made


def measure(path: Path, db: Path) -> tuple[float, int, str]:
    result = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "newsprism", "analyze", str(path),
                             "--db", str(db), "--quiet"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"})
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    said = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("skipped", "1 ", "0 "))]
    return (int(rss[1]) / 1024 if rss else float("nan")), result.returncode, " | ".join(said)[:160]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="measure only inputs whose name contains this")
    parser.add_argument("--long", type=int, default=None, help="add a text document of this many characters")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"{'input':36} {'peak RSS':>10} {'exit':>4}  what the CLI said")
        for name, path in inputs(root, args.long).items():
            if args.only not in name:
                continue
            rss, code, said = measure(path, root / f"{path.name}.db")
            print(f"{name:36} {rss:8.0f} MB {code:>4}  {said}", flush=True)


if __name__ == "__main__":
    main()
