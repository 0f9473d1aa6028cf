"""Loaded-language detection scored on BASIL's lexical-bias spans (``bias: "lex"``).

Each BASIL article is rebuilt as one text (title, then paragraphs; sentences
joined by a space) so the detector runs on a whole article as it does in the
pipeline, and every gold span is mapped to character offsets in that text. The
title is parsed but not scored: BASIL's annotators marked titles almost never
(1 span of 820, no lexical one), so its tokens are unannotated, not negatives.

Scores:

* token level — word tokens (no punctuation or white space) of the parse; a
  token is gold when it overlaps a gold span and predicted when it overlaps a
  predicted span;
* sentence level — a BASIL sentence is gold when it holds a gold span and
  predicted when a predicted span overlaps it.

Four systems are scored side by side:

* ``vader`` — the honesty baseline: every word of the VADER sentiment lexicon
  with |valence| ≥ 2 (needs the ``vaderSentiment`` package, which ships the
  lexicon; no download);
* ``hand`` — :func:`newsprism.extract.loaded.find_loaded` with the hand-written
  lexicon only (nothing learned from BASIL);
* ``hand + learned, fixed settings`` — the hand lexicon with words added and
  hand terms dropped as learned from BASIL, by leave-one-year-out: for each
  year the changes are learned on the other years and scored on that year
  only; the counts are summed over the five held-out years;
* ``hand + learned, inner-CV settings`` (the headline) — the same, but how much
  to learn (:data:`SETTINGS_GRID`) is chosen by an inner leave-one-year-out on
  the four training years (:func:`choose_settings`); the held-out year is seen
  by nothing but the final scoring.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from newsprism.errors import NewsprismError
from newsprism.eval import f1_of
from newsprism.extract.loaded import Lexicon, find_loaded, lexicon_matches, load_lexicon

__all__ = [
    "BasilLexError",
    "LexArticle",
    "Score",
    "load_lex_articles",
    "score",
    "learn_terms",
    "learn_drops",
    "learned_lexicon",
    "choose_settings",
    "LearnSettings",
    "SETTINGS_GRID",
    "evaluate",
    "vader_spans",
    "write_learned",
]

#: A word is learned when it lies inside a gold span at least this often …
LEARN_MIN_COUNT = 2
#: … and in at least this share of its occurrences (fixed before scoring, not tuned).
LEARN_MIN_SHARE = 0.3
#: The year inspected while writing the hand lexicon and rules; the other years are the test years.
DEV_YEARS = ("2010",)
#: A hand term is dropped when it matched at least this often in the training years …
DROP_MIN_COUNT = 4
#: … and lay inside a gold span in at most this share of its matches (fixed before scoring, not tuned).
DROP_MAX_SHARE = 0.0
#: Categories never dropped by learning.
KEEP_CATEGORIES = frozenset({"distancing"})
#: The system whose held-out token F1 is the headline figure.
HEADLINE = "hand + learned, inner-CV settings"
#: VADER baseline: words whose mean valence has at least this magnitude.
VADER_MIN_VALENCE = 2.0


class BasilLexError(NewsprismError, ValueError):
    """The folder does not hold BASIL articles and annotations."""

    code = "NP-E602"


@dataclass(frozen=True)
class LexArticle:
    """One BASIL article as a single text with its sentences and gold lexical spans."""

    article_id: str
    year: str
    outlet: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    gold: tuple[tuple[int, int], ...]
    mismatched: int = 0  # gold spans whose text did not match the offsets (kept, by offsets)
    #: Where the body starts. The title is parsed with the article but not scored: BASIL's
    #: annotators marked titles almost never (1 span of 820, and no lexical one), so a title
    #: token is unannotated, not a negative.
    body_start: int = 0


@dataclass
class Score:
    """Counts of one system at one level, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class SystemScore:
    tokens: Score = field(default_factory=Score)
    sentences: Score = field(default_factory=Score)

    def add(self, other: SystemScore) -> None:
        self.tokens.add(other.tokens)
        self.sentences.add(other.sentences)


# -- reading ---------------------------------------------------------------------


def load_lex_articles(folder: str | Path) -> list[LexArticle]:
    """Every annotated BASIL article under ``folder`` (``articles/YEAR/*.json`` + ``annotations/YEAR/*_ann.json``)."""
    root = Path(folder)
    files = sorted((root / "articles").glob("*/*.json"))
    if not files:
        raise BasilLexError(f"{folder}: no BASIL articles (expected articles/YEAR/*.json)", value=str(folder))
    articles = []
    for path in files:
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if not ann_path.exists():
            continue
        articles.append(_lex_article(path, ann_path))
    if not articles:
        raise BasilLexError(f"{folder}: no annotations/YEAR/*_ann.json beside the articles", value=str(folder))
    return articles


def _lex_article(path: Path, ann_path: Path) -> LexArticle:
    data = json.loads(path.read_text(encoding="utf-8"))
    annotations = json.loads(ann_path.read_text(encoding="utf-8"))
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    cursor = 0

    def put(sentence: str, key: str | None, separator: str) -> None:
        nonlocal cursor
        if parts:
            parts.append(separator)
            cursor += len(separator)
        parts.append(sentence)
        if key is not None:
            offsets[key] = (cursor, cursor + len(sentence))
        cursor += len(sentence)

    put((data.get("title") or "").strip(), "title", "")
    k = 0
    for paragraph in data.get("body-paragraphs", []):
        for i, sentence in enumerate(paragraph):
            put(sentence, f"p{k}", "\n\n" if i == 0 else " ")
            k += 1
    text = "".join(parts)
    gold, mismatched = [], 0
    for item in annotations.get("phrase-level-annotations", []):
        if item.get("bias") != "lex" or item.get("id") not in offsets:
            continue
        base = offsets[item["id"]][0]
        start, end = base + int(item["start"]), base + int(item["end"])
        if text[start:end].strip() != (item.get("txt") or "").strip():
            mismatched += 1
            found = text.find(item.get("txt") or "\0", offsets[item["id"]][0])
            if 0 <= found < offsets[item["id"]][1]:
                start, end = found, found + len(item["txt"])
        gold.append((start, end))
    return LexArticle(
        article_id=f"{path.parent.name}/{path.stem}",
        year=path.parent.name,
        outlet=(data.get("source") or "").lower(),
        text=text,
        sentences=tuple(offsets[key] for key in offsets),
        gold=tuple(sorted(gold)),
        mismatched=mismatched,
        body_start=offsets["p0"][0] if "p0" in offsets else len(text),
    )


# -- scoring ---------------------------------------------------------------------


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def word_tokens(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the word tokens scored at token level."""
    return [(t.idx, t.idx + len(t.text)) for t in doc if not (t.is_punct or t.is_space)]


def score(article: LexArticle, doc: Doc, predicted: Iterable[tuple[int, int]]) -> SystemScore:
    """Token- and sentence-level counts of one article's predicted spans against its gold spans."""
    gold_hits = _coverage(len(article.text), article.gold)
    pred_hits = _coverage(len(article.text), predicted)
    result = SystemScore()
    for start, end in word_tokens(doc):
        if start < article.body_start:
            continue
        _count(result.tokens, gold_hits(start, end), pred_hits(start, end))
    for start, end in article.sentences:
        if start == end or start < article.body_start:
            continue
        _count(result.sentences, gold_hits(start, end), pred_hits(start, end))
    return result


def _coverage(length: int, spans: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test "does [start, end) overlap any of ``spans``", in constant time per call."""
    marks = bytearray(length + 1)
    for start, end in spans:
        marks[max(start, 0):max(min(end, length), 0)] = b"\x01" * (max(min(end, length), 0) - max(start, 0))
    prefix = [0]
    for mark in marks:
        prefix.append(prefix[-1] + mark)
    return lambda start, end: prefix[min(end, length)] - prefix[max(start, 0)] > 0


def _count(score_: Score, gold: bool, pred: bool) -> None:
    if gold and pred:
        score_.tp += 1
    elif pred:
        score_.fp += 1
    elif gold:
        score_.fn += 1


# -- systems -----------------------------------------------------------------------


def vader_lexicon(min_valence: float = VADER_MIN_VALENCE) -> set[str] | None:
    """Words of the VADER lexicon with |valence| ≥ ``min_valence``; None when vaderSentiment is not installed."""
    try:
        # optional (the test extra)
        import vaderSentiment
    except ImportError:
        return None
    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    words = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and abs(float(fields[1])) >= min_valence:
                words.add(fields[0].lower())
    return words


def vader_spans(doc: Doc, words: set[str]) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in doc if t.lower_ in words]


def term_counts(articles: Iterable[LexArticle], docs: Iterable[Doc]) -> tuple[Counter[str], Counter[str]]:
    """(inside, total): how often each content lemma lies inside a gold span, and occurs at all."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for article, doc in zip(articles, docs):
        for token in doc:
            if not token.is_alpha or token.is_stop or token.pos_ in {"PROPN", "NUM"}:
                continue
            key = token.lemma_.lower()
            total[key] += 1
            if _overlaps(token.idx, token.idx + len(token.text), article.gold):
                inside[key] += 1
    return inside, total


def match_counts(lexicon: Lexicon, articles: Iterable[LexArticle],
                 docs: Iterable[Doc]) -> tuple[Counter[str], Counter[str]]:
    """(hits, total): how often each hand term (not distancing) matches inside a gold span, and at all."""
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for article, doc in zip(articles, docs):
        for start, end, key in lexicon_matches(doc, lexicon):
            if lexicon.category_of(key) in KEEP_CATEGORIES:
                continue
            total[key] += 1
            hits[key] += _overlaps(start, end, article.gold)
    return hits, total


def _terms_of(counts: tuple[Counter[str], Counter[str]], min_count: int,
              min_share: float) -> dict[str, tuple[int, int]]:
    inside, total = counts
    return {key: (n, total[key]) for key, n in inside.items() if n >= min_count and n / total[key] >= min_share}


def _drops_of(counts: tuple[Counter[str], Counter[str]], min_count: int, max_share: float) -> set[str]:
    hits, total = counts
    return {key for key, n in total.items() if n >= min_count and hits[key] / n <= max_share}


def learn_terms(articles: Iterable[LexArticle], docs: Iterable[Doc], *,
                min_count: int = LEARN_MIN_COUNT, min_share: float = LEARN_MIN_SHARE) -> dict[str, tuple[int, int]]:
    """Lemmas that lie inside gold lexical spans often enough: lemma -> (inside, total)."""
    return _terms_of(term_counts(articles, docs), min_count, min_share)


def learn_drops(lexicon: Lexicon, articles: Iterable[LexArticle], docs: Iterable[Doc], *,
                min_count: int = DROP_MIN_COUNT, max_share: float = DROP_MAX_SHARE) -> set[str]:
    """Hand terms that match often in the training years but almost never inside a gold span.

    Distancing devices ("alleged", "so-called") are kept whatever BASIL says: the
    comparison needs them even where annotators did not mark them.
    """
    return _drops_of(match_counts(lexicon, articles, docs), min_count, max_share)


@dataclass(frozen=True)
class LearnSettings:
    """How much to learn: ``add`` = (min count, min share) of added lemmas, ``drop`` = (min count,
    max share) of dropped hand terms; None learns nothing of that kind."""

    add: tuple[int, float] | None = (LEARN_MIN_COUNT, LEARN_MIN_SHARE)
    drop: tuple[int, float] | None = (DROP_MIN_COUNT, DROP_MAX_SHARE)

    def describe(self) -> str:
        add = "add nothing" if self.add is None else f"add lemmas inside gold >= {self.add[0]}x and >= {self.add[1]:.0%}"
        drop = ("drop nothing" if self.drop is None
                else f"drop hand terms matched >= {self.drop[0]}x and inside gold <= {self.drop[1]:.0%}")
        return f"{add}; {drop}"


#: The settings inner cross-validation chooses from (fixed before scoring).
SETTINGS_GRID: tuple[LearnSettings, ...] = tuple(
    LearnSettings(add, drop)
    for add in (None, (2, 0.3), (2, 0.5), (3, 0.3), (3, 0.5))
    for drop in (None, (4, 0.0), (3, 0.0), (2, 0.0), (3, 0.1), (4, 0.15)))


def learned_lexicon(hand: Lexicon, articles: Sequence[LexArticle], docs: Sequence[Doc],
                    settings: LearnSettings) -> tuple[Lexicon, dict[str, tuple[int, int]], set[str]]:
    """(lexicon, added terms, dropped terms) learned from ``articles`` with ``settings``."""
    return _learned(hand, term_counts(articles, docs), match_counts(hand, articles, docs), settings)


def _learned(hand: Lexicon, terms: tuple[Counter[str], Counter[str]], matches: tuple[Counter[str], Counter[str]],
             settings: LearnSettings) -> tuple[Lexicon, dict[str, tuple[int, int]], set[str]]:
    added = _terms_of(terms, *settings.add) if settings.add is not None else {}
    dropped = _drops_of(matches, *settings.drop) if settings.drop is not None else set()
    return hand.without(dropped).with_terms(added, category="learned"), added, dropped


def choose_settings(hand: Lexicon, articles: Sequence[LexArticle], docs: Sequence[Doc], *,
                    grid: Sequence[LearnSettings] = SETTINGS_GRID) -> tuple[LearnSettings, float]:
    """The settings with the best token F1 by leave-one-year-out over the years of ``articles`` only
    (inner cross-validation: the caller passes training years, never the year it scores)."""
    years = sorted({a.year for a in articles})
    totals = {settings: Score() for settings in grid}
    for year in years:
        train = [(a, d) for a, d in zip(articles, docs) if a.year != year]
        test = [(a, d) for a, d in zip(articles, docs) if a.year == year]
        train_articles, train_docs = [a for a, _ in train], [d for _, d in train]
        terms, matches = term_counts(train_articles, train_docs), match_counts(hand, train_articles, train_docs)
        for settings in grid:
            lexicon = _learned(hand, terms, matches, settings)[0]
            totals[settings].add(_run([a for a, _ in test], [d for _, d in test], _detector(lexicon)).tokens)
    best = max(grid, key=lambda settings: totals[settings].f1)  # first of equals: the grid's order
    return best, totals[best].f1


def write_learned(added: dict[str, tuple[int, int]], dropped: set[str], path: str | Path,
                  settings: LearnSettings = LearnSettings()) -> None:
    """Write the learned lexicon changes as a loaded-terms TSV with a header comment."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# Changes to the hand lexicon learned from BASIL's lexical-bias spans (all five years).\n"
            f"# Settings (chosen by leave-one-year-out over the five years): {settings.describe()}.\n"
            "# Only lemmas, counts and hand-term keys are stored; no BASIL text.\n"
            "# The eval command scores this procedure held out (leave-one-year-out), never this file.\n"
            "# Regenerate: python training/learn_loaded_terms.py ../shared/data/basil\n"
            "# Columns: term, category (learned or drop), note (inside/total counts for learned terms).\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["term", "category", "note"])
        for key in sorted(added):
            n, total = added[key]
            writer.writerow([key, "learned", f"{n}/{total}"])
        for key in sorted(dropped):
            writer.writerow([key, "drop", ""])


def evaluate(articles: Sequence[LexArticle], docs: Sequence[Doc], *, dev_years: Iterable[str] = DEV_YEARS,
             progress: Callable[[str], None] = lambda s: None) -> dict[str, dict]:
    """Score the VADER baseline, the hand lexicon and hand + learned (leave-one-year-out), per year.

    Returns ``{system: {"all": scores, "test": scores (years not in dev_years), "years": {year: scores}}}``.
    """
    dev_years = set(dev_years)
    years = sorted({a.year for a in articles})
    systems: dict[str, Callable[[str], Callable[[Doc], list[tuple[int, int]]]]] = {}
    words = vader_lexicon()
    if words is not None:
        systems["vader |valence|>=2 (baseline)"] = lambda year: lambda d: vader_spans(d, words)
    hand = load_lexicon(learned=False)
    systems["hand lexicon + rules"] = lambda year: _detector(hand)

    def held_out(year: str, choose: bool):
        train = [(a, d) for a, d in zip(articles, docs) if a.year != year]
        train_articles, train_docs = [a for a, _ in train], [d for _, d in train]
        settings = LearnSettings()
        if choose:
            progress(f"choosing settings without {year} (inner leave-one-year-out)")
            settings, inner = choose_settings(hand, train_articles, train_docs)
            chosen[year] = {"settings": settings.describe(), "inner_token_f1": round(inner, 4)}
        return _detector(learned_lexicon(hand, train_articles, train_docs, settings)[0])

    chosen: dict[str, dict] = {}
    systems["hand + learned, fixed settings"] = lambda year: held_out(year, False)
    systems[HEADLINE] = lambda year: held_out(year, True)
    results: dict[str, dict] = {}
    for name, make in systems.items():
        per_year = {}
        for year in years:
            detect = make(year)
            per_year[year] = _run(*_of_year(articles, docs, year), detect)
        total, test = SystemScore(), SystemScore()
        for year, found in per_year.items():
            total.add(found)
            if year not in dev_years:
                test.add(found)
        results[name] = {"all": _as_dict(total), "test": _as_dict(test),
                         "years": {y: _as_dict(v) for y, v in per_year.items()}}
    results[HEADLINE]["chosen"] = chosen
    return results


def _detector(lexicon: Lexicon) -> Callable[[Doc], list[tuple[int, int]]]:
    return lambda d: [(s.start, s.end) for s in find_loaded(d, lexicon=lexicon)]


def _of_year(articles, docs, year):
    pairs = [(a, d) for a, d in zip(articles, docs) if a.year == year]
    return [a for a, _ in pairs], [d for _, d in pairs]


def _as_dict(score_: SystemScore) -> dict:
    return {"tokens": score_.tokens.as_dict(), "sentences": score_.sentences.as_dict()}


def _run(articles: Sequence[LexArticle], docs: Sequence[Doc],
         predict: Callable[[Doc], list[tuple[int, int]]]) -> SystemScore:
    total = SystemScore()
    for article, doc in zip(articles, docs):
        total.add(score(article, doc, predict(doc)))
    return total


def parse_articles(articles: Sequence[LexArticle], nlp, batch_size: int = 16) -> list[Doc]:
    return list(nlp.pipe((a.text for a in articles), batch_size=batch_size))
