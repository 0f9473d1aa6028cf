"""Dates: the hand-written parser (newsprism.ingest.dates) against dateparser, on the test cases and real texts.

Why ingest keeps its own parser beside the installed dateparser/htmldate: dateparser guesses ("yesterday"
becomes a date; a missing year is completed), misses dates inside a dateline sentence, and is two orders
of magnitude slower on article texts. htmldate (through trafilatura) already reads HTML pages' dates.

Usage: python bench/dates.py [POLNEAR_DIR]   (default ../shared/data/polnear/dev; prints ratios)
"""
import sys
import warnings, time, re, glob, json
warnings.filterwarnings("ignore")
import dateparser
from dateparser.search import search_dates
from newsprism.ingest.dates import normalise_date, find_text_date, MIN_YEAR, MAX_YEAR
SET = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
def dp_norm(v):
    if v is None: return None
    d = dateparser.parse(str(v), languages=["en"], settings=SET)
    return d.date().isoformat() if d and MIN_YEAR <= d.year <= MAX_YEAR else None
def dp_text(t, window=1500):
    r = search_dates(t[:window], languages=["en"], settings=SET)
    for s, d in r or []:
        if MIN_YEAR <= d.year <= MAX_YEAR: return d.date().isoformat()
    return None
meta = ["2017-02-10", "2017-02-10T09:30:00+01:00", "2017/2/3", "Feb. 10, 2017", "10 February 2017",
        "Published: September 26, 2016 4:10 pm", "", None, "yesterday", "2017-02-30", "1850-01-01"]
texts = ["BEIRUT — Assad spoke in Damascus, Syria, on Feb. 10, 2017. He said…",
 "An interview in the capital Damascus on February 8, 2015 which was released on February 10, 2015.",
 "LONDON, 3 March 2021 (Wire) — The minister said", "Posted 2019-11-08 by staff\n\nText.",
 "On Sept. 26th, 2016, the debate began.", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate",
 "The talks resume on Friday, officials said.", "In 2016 the party lost 12 seats.", "It may 10 times be said, 2017 aside.",
 "The deadline is February 30, 2017."]
same = 0
for v in meta:
    a, b = normalise_date(v), dp_norm(v); same += a == b
    if a != b: print("META differ", repr(v), a, b)
print(f"metadata: {same}/{len(meta)} identical")
same = 0
for t in texts:
    a, b = find_text_date(t), dp_text(t); same += a == b
    if a != b: print("TEXT differ", repr(t[:60]), a, b)
print(f"text: {same}/{len(texts)} identical")
# speed on polnear dev texts
root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/polnear/dev"
files = sorted(glob.glob(f"{root}/**/*.txt", recursive=True))[:40]
docs = [open(f, encoding="utf-8", errors="replace").read() for f in files]
t = time.perf_counter(); r1 = [find_text_date(d) for d in docs]; t1 = time.perf_counter() - t
t = time.perf_counter(); r2 = [dp_text(d) for d in docs]; t2 = time.perf_counter() - t
print(f"{len(docs)} texts: hand-written {t1*1000:.1f} ms, dateparser.search {t2*1000:.0f} ms "
      f"({t2 / max(t1, 1e-9):.0f}x); same answer {sum(a == b for a, b in zip(r1, r2))}/{len(docs)}")
