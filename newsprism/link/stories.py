"""Stories: articles about one event, assigned incrementally.

Each article gets a *story signature*: the content terms of its headline and
lead (with term counts), the word 4-grams of its quoted passages, and a MinHash
over its most salient terms. Candidates come from the MinHash LSH buckets kept
in the store (never all pairs); a candidate story is scored by the average
tf-idf cosine of the new article with the story's articles, plus a bonus for
shared quoted passages, and vetoed when both articles are dated too far apart.
The article joins the best story above ``StoryOptions.threshold`` or opens a new one.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from newsprism.link.text import content_terms, shingles, stable_hash, words
from newsprism.records import Article
from newsprism.store import corpus as db
from newsprism.store.db import chunks

__all__ = [
    "SIGNATURE_KIND",
    "StoryFeatures",
    "StoryOptions",
    "assign_stories",
    "cluster_articles",
    "place_features",
    "place_ordered",
    "placement_key",
    "story_keys",
    "story_features",
    "story_similarity",
]

SIGNATURE_KIND = "story.v1"
#: Longest title taken as a headline when choosing a story's title.
MAX_HEADLINE_WORDS = 16

#: Text inside quote marks (straight or typographic), for the shared-quote signal.
_QUOTED = re.compile(r"\u201c([^\u201c\u201d]{12,600})\u201d|\"([^\"]{12,600})\"|\u00ab([^\u00ab\u00bb]{12,600})\u00bb")


@dataclass(frozen=True)
class StoryOptions:
    """Knobs of the story model (defaults chosen on BASIL; see docs/linking.md)."""

    lead_words: int = 250          # words of the body read after the headline
    title_weight: int = 2          # headline terms count this many times
    salient_terms: int = 40        # terms hashed into the MinHash (LSH keys)
    num_perm: int = 64             # MinHash size = LSH bands (one row per band)
    bucket_limit: int = 200        # newest articles read per LSH bucket
    member_limit: int = 40         # newest articles of a story compared with a newcomer
    max_candidates: int = 30       # candidate articles kept (most shared buckets first)
    threshold: float = 0.20        # average similarity needed to join a story
    max_gap_days: int = 5          # dated articles further apart never share a story
    quote_bonus: float = 0.3       # added for shared quoted passages (saturates at quote_saturation)
    quote_saturation: int = 6


@dataclass
class StoryFeatures:
    """The stored story signature of one article."""

    terms: dict[str, int]
    quoted: frozenset[int]
    published: str | None
    title: str
    keys: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return json.dumps({"terms": self.terms, "quoted": sorted(self.quoted), "published": self.published,
                           "title": self.title, "keys": self.keys}, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryFeatures:
        raw = json.loads(data)
        return cls(raw["terms"], frozenset(raw["quoted"]), raw["published"], raw["title"], raw.get("keys", []))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words plus the reporting words every news story shares (data file)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from newsprism.data import data_path

    extra = [line.strip() for line in data_path("story_stopwords.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return frozenset(STOP_WORDS) | frozenset(extra)


def headline(article: Article) -> str:
    """The article's title, or its first line when that is short enough to be one."""
    if article.title:
        return article.title.strip()
    first = article.text.strip().split("\n", 1)[0].strip()
    return first if 0 < len(first.split()) <= 25 else ""


def story_features(article: Article, options: StoryOptions = StoryOptions()) -> StoryFeatures:
    """Headline and lead terms plus quoted-passage shingles of one article (pure)."""
    title = headline(article)
    body = article.text.strip()
    if title and body.startswith(title):
        body = body[len(title):]
    lead = " ".join(body.split()[:options.lead_words])
    stops = stop_words()
    counts = Counter(content_terms(title, stops) * options.title_weight + content_terms(lead, stops))
    quoted = frozenset(stable_hash(s) for match in _QUOTED.finditer(body)
                       for s in shingles(words(next(g for g in match.groups() if g)), 4) if len(s.split()) == 4)
    return StoryFeatures(dict(counts), quoted, article.published, title)


def _idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


def _vector(terms: dict[str, int], df: dict[str, int], n: int) -> dict[str, float]:
    weights = {t: (1 + math.log(c)) * _idf(df.get(t, 0), n) for t, c in terms.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def salient_keys(features: StoryFeatures, df: dict[str, int], n: int, k: int) -> list[str]:
    """The ``k`` terms with the highest tf-idf: what the MinHash (and so the LSH) is built on."""
    weights = _vector(features.terms, df, n)
    return sorted(weights, key=lambda t: (-weights[t], t))[:k]


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=7).permutations


def lsh_buckets(keys: list[str], num_perm: int) -> list[int]:
    """One bucket per band (one MinHash row per band): articles share a bucket when they share that min-hash."""
    from datasketch import MinHash

    if not keys:
        return []
    minhash = MinHash(num_perm=num_perm, seed=7, permutations=_permutations(num_perm), scheme="affine32")
    minhash.update_batch([k.encode("utf-8") for k in keys])
    return [int(v) for v in np.asarray(minhash.hashvalues)]


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def story_similarity(a: StoryFeatures, b: StoryFeatures, va: dict[str, float], vb: dict[str, float],
                     options: StoryOptions = StoryOptions()) -> float:
    """Tf-idf cosine of headline+lead terms, plus shared quoted passages; 0 when dated too far apart."""
    gap = _days_apart(a.published, b.published)
    if gap is not None and gap > options.max_gap_days:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    cosine = sum(w * vb.get(t, 0.0) for t, w in va.items())
    shared = len(a.quoted & b.quoted)
    return cosine + options.quote_bonus * min(shared, options.quote_saturation) / options.quote_saturation


def assign_stories(store, article_ids: list[str], options: StoryOptions = StoryOptions(), *,
                   chunk: int = 1000) -> dict[str, str]:
    """Place these (stored, not yet placed) articles into stories; returns article id → story id.

    ``store`` is a Store or an index (``store.corpus.MemoryIndex``). Writes without committing: the caller's
    transaction (``update_corpus``) holds the term counts together with the placements that depend on them.
    One pass over the articles (``chunk`` at a time) computes their signatures and the batch's term counts;
    the signatures wait in a spool (``store.corpus.FeatureSpool``: a temporary table for a store) and come
    back in placement order, so memory does not grow with the batch; the placements do not depend on ``chunk``.
    """
    ix = db.as_index(store)
    spool = db.FeatureSpool(ix)
    fresh_counts: Counter[str] = Counter()
    vocabulary: set[str] = set()
    already: set[str] = set()
    fresh = position = 0
    try:
        for part in chunks(article_ids, max(1, chunk)):
            features = {article.article_id: story_features(article, options) for article in ix.iter_articles(part)}
            done = set(ix.load_signatures(features, SIGNATURE_KIND))
            already |= done
            for article_id, feats in features.items():
                if article_id not in done:
                    fresh_counts.update(feats.terms.keys())
                    fresh += 1
                vocabulary.update(feats.terms)
                spool.add(placement_key(feats), position, article_id, feats)
                position += 1
        ix.add_term_counts(fresh_counts)
        del fresh_counts
        n = ix.signature_count(SIGNATURE_KIND) + fresh
        return place_ordered(ix, spool.ordered(StoryFeatures.from_bytes), ix.term_counts(vocabulary), n, already, options)
    finally:
        spool.close()


def placement_key(features: StoryFeatures) -> tuple:
    """The order articles of one batch are placed in: dated ones by date (undated last); ties keep batch order."""
    return (features.published is None, features.published or "")


def story_keys(features: StoryFeatures, df: dict[str, int], n: int,
               options: StoryOptions = StoryOptions()) -> tuple[list[str], list[int]]:
    """Salient terms and LSH buckets of one article's signature (pure: fixed by the batch's df and n)."""
    keys = salient_keys(features, df, n, options.salient_terms)
    return keys, lsh_buckets(keys, options.num_perm)


def place_features(ix, features: dict[str, StoryFeatures], df: dict[str, int], n: int,
                   already: set[str] = frozenset(), options: StoryOptions = StoryOptions()) -> dict[str, str]:
    """Place articles (``features`` in batch order) with fixed document frequencies ``df`` over ``n`` articles.

    The one sequential step of the story model: each article sees the stories placed before it. Everything it
    reads and writes goes through ``ix`` (a store's indexes, or a ``MemoryIndex``).
    """
    order = sorted(features, key=lambda a: placement_key(features[a]))
    return place_ordered(ix, ((a, features[a]) for a in order), df, n, already, options)


def place_ordered(ix, ordered: Iterable[tuple[str, StoryFeatures]], df: dict[str, int], n: int,
                  already: set[str] = frozenset(), options: StoryOptions = StoryOptions(),
                  cache_size: int | None = None) -> dict[str, str]:
    """:func:`place_features` fed its articles already in placement order (a stream: held one at a time).

    The signatures and vectors read meanwhile are cached up to ``cache_size`` articles (the least recently
    added dropped beyond it, and read again when needed: values fixed for the batch, so placements do not
    depend on it).
    """
    placed: dict[str, str] = {}
    members: dict[str, list[str]] = {}  # story → its articles placed now (a merge renames only those)
    touched: dict[str, None] = {}  # insertion-ordered: stories are written in the same order every run
    cache = _BatchCache(ix, df, n, cache_size or CACHE_ARTICLES)
    for article_id, feats in ordered:
        feats.keys, bands = story_keys(feats, df, n, options)
        story_id, merged = _place(ix, article_id, feats, bands, cache, options)
        for old in merged:
            touched.pop(old, None)
            moved = members.pop(old, [])
            placed.update(dict.fromkeys(moved, story_id))
            members.setdefault(story_id, []).extend(moved)
        ix.place_in_story(article_id, story_id)
        ix.save_story_signature(article_id, SIGNATURE_KIND, feats.to_bytes(), bands, replace=article_id in already)
        cache.saved(article_id, feats)
        placed[article_id] = story_id
        members.setdefault(story_id, []).append(article_id)
        cache.span(story_id).append(feats.published)
        touched[story_id] = None
        cache.trim()
    _refresh_stories(ix, touched, cache)
    return placed


#: Articles whose signatures and tf-idf vectors the placement keeps at hand (about 30 kB each).
CACHE_ARTICLES = 4000


class _BatchCache:
    """Signatures, idf and tf-idf vectors read once per corpus update (the df table is fixed meanwhile).

    Each article's publication day (from its signature) is kept apart from the signature: two articles
    dated more than ``max_gap_days`` apart score 0 whatever their terms, so their signatures are not read.
    """

    def __init__(self, ix, df: dict[str, int], n: int, size: int = CACHE_ARTICLES) -> None:
        self.ix, self.df, self.n, self.size = ix, df, n, size
        self.features: dict[str, StoryFeatures] = {}
        self.vectors: dict[str, dict[str, float]] = {}
        self.idf: dict[str, float] = {}
        self.spans: dict[str, list[str | None]] = {}
        self.days: dict[str, object] = {}  # article → day number of its signature's date, None, or _UNSIGNED

    def span(self, story_id: str) -> list[str | None]:
        """Dates known to lie in the story: its stored first and last date, then those placed or merged now."""
        if story_id not in self.spans:
            row = self.ix.story_row(story_id)
            self.spans[story_id] = [row["first_date"], row["last_date"]] if row else []
        return self.spans[story_id]

    def fold(self, story_id: str, *, into: str) -> None:
        """Story ``story_id`` is merged into ``into``: its dates join the other's (read before its row goes)."""
        self.span(into).extend(self.span(story_id))
        del self.spans[story_id]

    def add(self, article_id: str, feats: StoryFeatures) -> None:
        self.features[article_id] = feats
        self.days[article_id] = day_number(feats.published)

    def saved(self, article_id: str, feats: StoryFeatures) -> None:
        """The article's signature was just stored: a copy read before (a re-placed article) is stale."""
        self.days[article_id] = day_number(feats.published)
        if article_id in self.features and self.features[article_id] is not feats:
            self.features[article_id] = feats
            self.vectors.pop(article_id, None)

    def trim(self) -> None:
        """Beyond ``size`` signatures, drop the oldest read down to half of it (between placements only, never
        while one is scored: a signature dropped is read again, identical, when next needed)."""
        extra = len(self.features) - self.size
        if extra > 0:
            for article_id in list(itertools.islice(self.features, extra + self.size // 2)):
                del self.features[article_id]
                self.vectors.pop(article_id, None)

    def signed(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that have a signature (their dates read, not their signatures)."""
        ids = list(ids)
        missing = [a for a in ids if a not in self.days]
        if missing:
            found = self.ix.signature_dates(missing, SIGNATURE_KIND)
            for a in missing:
                self.days[a] = day_number(found[a]) if a in found else _UNSIGNED
        return {a for a in ids if self.days[a] is not _UNSIGNED}

    def too_far(self, a: str, b: str, options: StoryOptions) -> bool:
        """Dated more than ``max_gap_days`` apart (:func:`story_similarity` is then 0)."""
        da, db_ = self.days[a], self.days[b]
        return da is not None and db_ is not None and abs(da - db_) > options.max_gap_days

    def similarity(self, a: str, b: str, options: StoryOptions) -> float:
        """:func:`story_similarity` of two signed articles, reading their signatures only when it can be > 0."""
        if self.too_far(a, b, options):
            return 0.0
        if a not in self.features or b not in self.features:
            self.load([a, b])
        return story_similarity(self.features[a], self.features[b], self.vector(a), self.vector(b), options)

    def load(self, ids: Iterable[str]) -> None:
        missing = [a for a in ids if a not in self.features]
        if missing:
            for a, data in self.ix.load_signatures(missing, SIGNATURE_KIND).items():
                self.features[a] = StoryFeatures.from_bytes(data)
        unknown = {t for a in missing if a in self.features for t in self.features[a].terms if t not in self.df}
        if unknown:
            found = self.ix.term_counts(unknown)
            self.df.update({t: found.get(t, 0) for t in unknown})

    def vector(self, article_id: str) -> dict[str, float]:
        vec = self.vectors.get(article_id)
        if vec is None:
            idf = self.idf
            for t in self.features[article_id].terms:
                if t not in idf:
                    idf[t] = _idf(self.df.get(t, 0), self.n)
            weights = {t: (1 + math.log(c)) * idf[t] for t, c in self.features[article_id].terms.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            vec = self.vectors[article_id] = {t: w / norm for t, w in weights.items()}
        return vec


#: ``_BatchCache.days`` of an article without a signature (never scored).
_UNSIGNED = object()


def day_number(published: str | None) -> int | None:
    """The day of an ISO date (its first 10 characters) as a number, ``None`` when missing or unreadable:
    ``abs(day_number(a) - day_number(b))`` is ``_days_apart(a, b)`` whenever both are numbers."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _scored_stories(ix, article_id: str, feats: StoryFeatures, buckets: list[int],
                    cache: _BatchCache, options: StoryOptions
                    ) -> tuple[list[tuple[float, str]], dict[str, list[str]], set[str]]:
    """Candidate stories scored by average similarity, best first, with their members and those signed."""
    hits = ix.story_band_hits(buckets, limit=options.bucket_limit)
    hits.pop(article_id, None)
    if not hits:
        return [], {}, set()
    nearest = sorted(hits, key=lambda a: (-hits[a], a))[:options.max_candidates]
    candidate_stories = set(ix.stories_of(nearest).values())
    members = ix.story_members(candidate_stories, newest=options.member_limit)
    cache.add(article_id, feats)
    signed = cache.signed(a for ids in members.values() for a in ids)
    cache.load([a for a in signed if not cache.too_far(article_id, a, options)])  # one read for the near ones
    signed.add(article_id)
    scored = []
    for story_id, ids in members.items():
        scores = [cache.similarity(article_id, a, options) for a in ids if a in signed]
        if scores and sum(scores) / len(scores) >= options.threshold:
            scored.append((sum(scores) / len(scores), story_id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored, members, signed


def _average_link(left: list[str], right: list[str], signed: set[str], cache: _BatchCache,
                  options: StoryOptions) -> float:
    scores = [cache.similarity(a, b, options) for a in left if a in signed for b in right if b in signed]
    return sum(scores) / len(scores) if scores else 0.0


def _place(ix, article_id: str, feats: StoryFeatures, buckets: list[int],
           cache: _BatchCache, options: StoryOptions) -> tuple[str, list[str]]:
    """The story the article joins (new or existing) and the stories merged into it.

    A newcomer that bridges two stories merges them when their average linkage
    (all member pairs, the newcomer included) clears the threshold: this undoes
    the order dependence of one-pass assignment.
    """
    scored, members, signed = _scored_stories(ix, article_id, feats, buckets, cache, options)
    if not scored:
        return ix.new_story_id(), []
    best = scored[0][1]
    group = [*members[best], article_id]
    merged = []
    for _score, story_id in scored[1:]:
        if _average_link(group, members[story_id], signed, cache, options) >= options.threshold:
            cache.fold(story_id, into=best)
            ix.merge_story(story_id, into=best)
            group.extend(members[story_id])
            merged.append(story_id)
    return best, merged


def _refresh_stories(ix, story_ids: Iterable[str], cache: _BatchCache,
                     title_members: int = 50) -> None:
    """Title (the most representative headline of its first members) and date range of each touched story.

    Bounded work per story, whatever its size: the first ``title_members`` members are read,
    and the date range is the stored one widened by the articles placed or merged now.
    """
    for story_id, ids in ix.story_members(story_ids, oldest=title_members).items():
        cache.load(ids)
        feats = [cache.features[a] for a in ids if a in cache.features]
        dates = sorted(d for d in cache.span(story_id) if d)
        ix.write_story(story_id, story_title(feats, cache.df, cache.n),
                       dates[0] if dates else None, dates[-1] if dates else None)
        cache.trim()


def story_title(members: list[StoryFeatures], df: dict[str, int], n: int) -> str:
    """The headline sharing most weighted terms with the whole story; salient terms when there is none."""
    pooled: Counter[str] = Counter()
    for feats in members:
        pooled.update(feats.terms.keys())
    weight = {t: c * _idf(df.get(t, 0), n) for t, c in pooled.items()}
    titled = [f for f in members if f.title]
    if titled:
        def centrality(f: StoryFeatures) -> float:
            terms = sorted(set(content_terms(f.title, stop_words())))  # one summation order in every process
            return sum(weight.get(t, 0.0) for t in terms) / math.sqrt(len(terms) + 1)
        # A headline is short; a first sentence taken for one is not, so it loses to any real headline.
        return max(titled, key=lambda f: (len(f.title.split()) <= MAX_HEADLINE_WORDS, centrality(f),
                                          -len(f.title))).title[:160]
    top = sorted(weight, key=lambda t: (-weight[t], t))[:4]
    return ", ".join(top) or "untitled story"


def cluster_articles(articles: list[Article], options: StoryOptions = StoryOptions()) -> dict[str, str]:
    """Stories of a list of articles (pure: an in-memory index, as a store would place them in one batch).

    Like the store, a text seen before (same text hash) is placed once.
    """
    from newsprism.records import ArticleResult

    seen: set[str] = set()
    kept: dict[str, Article] = {}  # a repeated id replaces the text, keeping its place in the queue
    for article in articles:
        if article.text_hash not in seen:
            seen.add(article.text_hash)
            kept[article.article_id] = article
    ix = db.MemoryIndex(ArticleResult(article=a) for a in kept.values())
    return assign_stories(ix, list(ix.articles), options)
