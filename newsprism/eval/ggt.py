"""GenderGapTracker scoring: are the quotes found, and is their canonical speaker right?

GGT's gold (``gold.jsonl``, one line per article) lists each article's quotes verbatim with the
speaker mention (a name, a pronoun, a descriptor or empty) and the canonical speaker
(``reference``: the fullest name, or the organisation or descriptor when no name exists).

* quote found: one predicted statement (``term`` rows excluded) covers at least 30 % of the gold
  quote's characters (not one-to-one: GGT's own scoring is per gold quote);
* speaker right, of the found quotes: the covering statement (the one covering most) has a
  canonical speaker that matches the reference — the reference's last name when it is a person's
  name, else the whole reference (compared without case, leading articles, possessive 's, a plural
  -s and punctuation); a descriptor reference also matches its head phrase, the words before a
  post-modifier ("sources familiar with the talks" → "sources", "an official with the city" →
  "official"), since the canonical speaker of an unnamed source is its head noun phrase;
* statement precision (a diagnostic, GGT's gold lists speech only): the share of statements that
  overlap some gold quote by at least 30 % of either's characters.

A gold quote is located in the article text verbatim (the first occurrence after the previous
quote's start, else anywhere), then with runs of white space and quote-mark variants made equal;
a quote that cannot be located counts as not found and is reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.eval import f1_of
from newsprism.records import Statement

__all__ = [
    "GgtArticle",
    "GgtFormatError",
    "GgtQuote",
    "GgtScores",
    "QuoteResult",
    "is_person_name",
    "iter_split",
    "locate",
    "score_article",
    "speaker_matches",
]

#: Share of a gold quote's characters one statement must cover for the quote to be found.
FOUND_SHARE = 0.3


class GgtFormatError(NewsprismError, ValueError):
    """A GGT folder or gold line is not in the expected shape (the message names file and line)."""

    code = "NP-E606"


@dataclass(frozen=True, slots=True)
class GgtQuote:
    quote: str
    speaker: str
    reference: str
    start: int | None  # located in the article text; None when it could not be found
    end: int | None


@dataclass(frozen=True, slots=True)
class GgtArticle:
    article_id: str
    outlet: str
    text: str
    quotes: tuple[GgtQuote, ...]


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """What became of one gold quote: located, found, and the predicted canonical speaker."""

    article_id: str
    quote: GgtQuote
    found: bool
    speaker_right: bool
    predicted_speaker: str | None


@dataclass
class GgtScores:
    quotes: int = 0
    unlocated: int = 0
    found: int = 0
    speaker_right: int = 0
    statements: int = 0
    statements_on_gold: int = 0
    articles: int = 0
    results: list[QuoteResult] = field(default_factory=list)

    def add(self, other: GgtScores) -> None:
        self.quotes += other.quotes
        self.unlocated += other.unlocated
        self.found += other.found
        self.speaker_right += other.speaker_right
        self.statements += other.statements
        self.statements_on_gold += other.statements_on_gold
        self.articles += other.articles
        self.results.extend(other.results)

    @property
    def recall(self) -> float:
        return self.found / self.quotes if self.quotes else 0.0

    @property
    def speaker_share(self) -> float:
        return self.speaker_right / self.found if self.found else 0.0

    @property
    def precision(self) -> float:
        return self.statements_on_gold / self.statements if self.statements else 0.0

    def lines(self) -> list[str]:
        return [
            f"quote recall       {self.recall:.3f}  ({self.found}/{self.quotes};"
            f" {self.unlocated} not located in the text)",
            f"speaker right      {self.speaker_share:.3f}  ({self.speaker_right}/{self.found} of found quotes)",
            f"speaker right, all {self.speaker_right / self.quotes if self.quotes else 0.0:.3f}"
            f"  ({self.speaker_right}/{self.quotes} of gold quotes)",
            f"statements on gold {self.precision:.3f}  ({self.statements_on_gold}/{self.statements};"
            f" F1 with recall {f1_of(self.precision, self.recall):.3f})",
        ]


# -- reading ------------------------------------------------------------------

_QUOTE_CHARS = "\"“”„«»'‘’`"


def _loose_pattern(quote: str) -> re.Pattern[str] | None:
    """A regex that matches ``quote`` with any white space run and any quote mark variant."""
    parts = []
    for word in quote.split():
        parts.append("".join(f"[{re.escape(_QUOTE_CHARS)}]" if ch in _QUOTE_CHARS else re.escape(ch) for ch in word))
    return re.compile(r"\s+".join(parts)) if parts else None


def locate(text: str, quote: str, after: int = 0) -> tuple[int, int] | None:
    """Character span of ``quote`` in ``text``: first occurrence at or after ``after``, else anywhere."""
    quote = quote.strip()
    if not quote:
        return None
    for origin in (after, 0):
        at = text.find(quote, origin)
        if at >= 0:
            return at, at + len(quote)
    pattern = _loose_pattern(quote)
    if pattern is None:
        return None
    for origin in (after, 0):
        m = pattern.search(text, origin)
        if m:
            return m.start(), m.end()
    return None


def _read_line(line: str, where: str) -> tuple[str, str, list[dict]]:
    try:
        row = json.loads(line)
        quotes = row["quotes"]
        if not isinstance(quotes, list):
            raise TypeError("quotes is not a list")
        return str(row["article_id"]), str(row.get("outlet", "")), quotes
    except (ValueError, KeyError, TypeError) as exc:
        raise GgtFormatError(f"{where}: {exc}") from exc


def iter_split(directory: str | Path) -> Iterator[GgtArticle]:
    """Articles of a GGT folder (``text/ID.txt`` + ``gold.jsonl``), in the order of the gold file."""
    root = Path(directory)
    gold_path, text_dir = root / "gold.jsonl", root / "text"
    if not gold_path.is_file() or not text_dir.is_dir():
        raise GgtFormatError(f"{root} has no gold.jsonl and text/ folder")
    with gold_path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{gold_path}:{number}"
            article_id, outlet, quotes = _read_line(line, where)
            text_path = text_dir / f"{article_id}.txt"
            if not text_path.is_file():
                raise GgtFormatError(f"{where}: no text file {text_path}")
            text = text_path.read_text(encoding="utf-8")
            located, after = [], 0
            for item in quotes:
                if not isinstance(item, dict) or "quote" not in item:
                    raise GgtFormatError(f"{where}: a quote without 'quote'")
                span = locate(text, str(item["quote"]), after)
                if span is not None:
                    after = span[0]
                located.append(GgtQuote(str(item["quote"]), str(item.get("speaker") or ""),
                                        str(item.get("reference") or ""),
                                        span[0] if span else None, span[1] if span else None))
            yield GgtArticle(article_id, outlet, text, tuple(located))


# -- speakers -------------------------------------------------------------------

_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|(?:al|el|van|von|der|de|da|du|la|le|bin|ibn|dos|del)(?:-\w+)?)$")
_ARTICLES = ("the ", "a ", "an ")
#: Head words of organisation names (compared after normalisation, so singular).
_ORGANISATION_WORDS = frozenset({
    "company", "corporation", "corp", "inc", "ltd", "group", "agency", "ministry", "department", "council",
    "committee", "union", "party", "bank", "association", "university", "school", "office", "institute",
    "foundation", "commission", "government", "service", "board", "authority", "network", "club"})
#: Words that open a descriptor's post-modifier: the head phrase ends before them.
_POST_MODIFIERS = frozenset({"familiar", "with", "of", "at", "in", "from", "for", "close", "who", "cited",
                             "unauthorized", "granted", "to", "on", "involved", "speaking"})


def _norm(text: str) -> str:
    text = re.sub(r"['’]s\b", "", text.lower())
    text = re.sub(r"[^\w\s-]", " ", text)
    text = " ".join(text.split())
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article):]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in text.split())


def _head_phrase(normalised: str) -> str:
    words = normalised.split()
    for i, word in enumerate(words):
        if i and word in _POST_MODIFIERS:
            return " ".join(words[:i])
    return normalised


def is_person_name(reference: str) -> bool:
    """A reference written as a person's name: two to five capitalised words (particles allowed).

    Organisations written that way ("Export Development Canada") pass too; their last word must then
    match, which is close to the whole-reference rule anyway.
    """
    words = reference.split()
    return (2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and words[0][0].isupper()
            and words[0].lower() != "the" and not _ORGANISATION_WORDS.intersection(_norm(reference).split()))


def speaker_matches(reference: str, predicted: str | None) -> bool:
    """Whether a predicted canonical speaker names the gold reference (see module docstring)."""
    if not predicted or not reference.strip():
        return False
    ref, pred = _norm(reference), _norm(predicted)
    if not ref or not pred:
        return False
    if ref == pred:
        return True
    if is_person_name(reference):
        last = _norm(reference.split()[-1])
        return last in pred.split() or last.replace("-", " ") in pred
    return _is_descriptor(reference) and _head_phrase(ref) == pred


def _is_descriptor(reference: str) -> bool:
    """A reference that is a common noun phrase ("a justice official", "The shelter residents")."""
    words = reference.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return bool(words) and words[0][:1].islower()


# -- scoring --------------------------------------------------------------------


def _covered(start: int, end: int, statement: Statement) -> int:
    return max(0, min(end, statement.end) - max(start, statement.start))


def score_article(article_id: str, quotes: Iterable[GgtQuote], statements: Iterable[Statement]) -> GgtScores:
    """Counts for one article (see module docstring)."""
    preds = [s for s in statements if s.kind != "term"]
    scores = GgtScores(articles=1, statements=len(preds))
    golds = list(quotes)
    for gold in golds:
        scores.quotes += 1
        if gold.start is None or gold.end is None:
            scores.unlocated += 1
            scores.results.append(QuoteResult(article_id, gold, False, False, None))
            continue
        length = max(gold.end - gold.start, 1)
        best = max(preds, key=lambda s: _covered(gold.start, gold.end, s), default=None)
        found = best is not None and _covered(gold.start, gold.end, best) >= FOUND_SHARE * length
        right = found and speaker_matches(gold.reference, best.speaker)
        scores.found += found
        scores.speaker_right += right
        scores.results.append(QuoteResult(article_id, gold, found, right, best.speaker if found else None))
    located = [g for g in golds if g.start is not None and g.end is not None]
    for statement in preds:
        size = max(statement.end - statement.start, 1)
        if any(_covered(g.start, g.end, statement) >= FOUND_SHARE * min(size, g.end - g.start) for g in located):
            scores.statements_on_gold += 1
    return scores
