"""Statement links: every outlet's version of a statement, found incrementally.

Candidates for identical/excerpt/altered come from an inverted index of word
4-gram shingles kept in the store (``quote_shingles``; each bucket read up to a
bound, so never all pairs); a statement quoted in part by one outlet and in
full by another shares its shingles with both. Paraphrase candidates are only
the statements of the same canonical speaker in the same story, and need most
content words in common — a shared speaker and topic alone never link.

Versions told differently (direct ↔ indirect, tense and person shifts, trimmed
or reordered) are found with sentence embeddings (:mod:`newsprism.encoder`):
only statements still unlinked after the word rules, only against the same
speaker's statements in the same story (at most ``semantic_peers``), only when
one of the two is reported or mixed (two verbatim quotes are one statement only
if their words match) and they share ``semantic_min_shared`` content words or figures;
linked as ``paraphrase`` when their closest clauses have cosine ≥
``semantic_threshold``.
A reported statement that introduces its own quote ("X said he would accept
US troops: “If the Americans are genuine …”") is a lead-in: it is linked to
every other article's version of that quote (found by the word rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.link.alterations import classify_alteration, quoted_text, verbatim_diff
from newsprism.link.relations import (
    MIN_WORDS,
    paraphrase_overlap,
    surface_words,
    text_relation,
)
from newsprism.link.stories import stop_words
from newsprism.link.text import content_terms, shingles, stable_hash
from newsprism.link.text import words as text_words
from newsprism.records import LINKED_KINDS, QUOTING_KINDS, VERBATIM_KINDS, Link
from newsprism.store import corpus as db
from newsprism.store.db import chunks

__all__ = ["LINKED_KINDS", "LinkOptions", "compared_words", "link_statements", "paraphrase_links"]

#: Wholly verbatim kinds: two of them are versions of one statement only when their words match (text rules).
_VERBATIM_KINDS = frozenset(VERBATIM_KINDS)


@dataclass(frozen=True)
class LinkOptions:
    shingle_size: int = 4
    bucket_limit: int = 100         # newest statements read per shingle
    min_shared: int = 2             # shingles in common before two statements are compared
    min_words_across_stories: int = 6
    paraphrase_overlap: float = 0.6
    semantic: bool = True            # sentence embeddings for versions told differently (newsprism.encoder)
    semantic_threshold: float = 0.8  # cosine of the closest clauses of two versions
    semantic_min_words: int = 5      # shortest clause compared
    semantic_peers: int = 30         # most same-speaker statements one statement is compared with
    semantic_min_shared: int = 2     # content words or figures two versions must share before they are embedded


def compared_words(statement: dict) -> list[str]:
    """The words an outlet attributes verbatim: the quoted spans of a quoting statement, else its text."""
    text, start = statement["text"], statement["start"]
    if statement["kind"] in QUOTING_KINDS and statement["quoted"]:
        pieces = [text[max(qs - start, 0):max(qe - start, 0)] for qs, qe in statement["quoted"]]
        pieces = [p for p in pieces if p.strip()]
        if pieces:
            return surface_words(" ".join(pieces))
    return surface_words(text)


def _shingle_hashes(words: list[str], size: int) -> set[int]:
    lowered = [w.lower() for w in words]
    if len(lowered) < MIN_WORDS:
        return set()
    return {stable_hash(s) for s in shingles(lowered, size)}


def _order(a: dict, b: dict, dates: dict[str, str | None]) -> tuple[dict, dict]:
    """Earlier report first (undated last; ties by id), so quote_a is the earlier version."""
    def key(s: dict) -> tuple:
        published = dates.get(s["article_id"])
        return (published is None, published or "", s["quote_id"])
    return (a, b) if key(a) <= key(b) else (b, a)


def link_statements(store, article_ids: list[str], stories: dict[str, str],
                    options: LinkOptions = LinkOptions(), *, chunk: int | None = None) -> int:
    """Link the statements of these articles to every other version already stored (and to each other).

    ``store`` is a Store or an index (``store.corpus.MemoryIndex``). Statements are taken in
    ``store.corpus.statement_order``; each sees the shingle index as the statements before it left it.
    With ``chunk``, the statements of at most that many articles are held at once (each step reads them
    again, a slice of articles at a time, in the same order); the links do not depend on it. The links
    found wait in ``store.corpus.found_links`` (a temporary table for a store) and are written in key order
    at the end; returns their number.
    """
    ix = db.as_index(store)
    ordered = sorted(set(article_ids))
    size = chunk or max(1, len(ordered))
    batch = set(ordered)
    dates = ix.article_dates(article_ids)
    found = db.found_links(ix)
    for part in chunks(ordered, size):
        statements = ix.statements_of(part, LINKED_KINDS)
        words = {s["quote_id"]: compared_words(s) for s in statements}
        for statement in statements:
            hashes = _shingle_hashes(words[statement["quote_id"]], options.shingle_size)
            if not hashes:
                continue
            hits = ix.quote_shingle_hits(hashes, limit=options.bucket_limit)
            shortest = len(words[statement["quote_id"]])
            wanted = [q for q, n in hits.items() if n >= options.min_shared or (n >= 1 and shortest <= 6)]
            others = ix.statements_by_id(wanted)
            _fill_missing(ix, others, dates, stories)
            links = []
            for other in others.values():
                if other["article_id"] == statement["article_id"]:
                    continue
                other_words = words.get(other["quote_id"]) or compared_words(other)
                link = _text_link(statement, other, words[statement["quote_id"]], other_words, dates, stories,
                                  options)
                if link is not None:
                    links.append(link)
            found.put(links, 0, replace=True)
            ix.add_quote_shingles(statement["quote_id"], hashes)
    for part in chunks(ordered, size):
        statements = ix.statements_of(part, LINKED_KINDS)
        words = {s["quote_id"]: compared_words(s) for s in statements}
        linked = found.pairs_touching(words)
        found.put(list(_paraphrases(ix, statements, words, dates, stories, options, linked, batch)), 1, replace=False)
    if options.semantic:
        for part in chunks(ordered, size):
            statements = ix.statements_of(part, LINKED_KINDS)
            words = {s["quote_id"]: compared_words(s) for s in statements}
            linked = found.linked(words, before_step=2)
            found.put(list(_semantic_links(ix, statements, words, dates, stories, options, linked)), 2,
                      replace=False)
    found.put(_lead_in_links(ix, found, dates, size), 3, replace=False)
    return found.write()


def _fill_missing(ix, others: dict[str, dict], dates: dict, stories: dict) -> None:
    articles = {o["article_id"] for o in others.values()}
    unknown = [a for a in articles if a not in dates]
    if unknown:
        dates.update(ix.article_dates(unknown))
    unknown = [a for a in articles if a not in stories]
    if unknown:
        stories.update(ix.stories_of(unknown))


def _text_link(a: dict, b: dict, a_words: list[str], b_words: list[str], dates: dict, stories: dict,
               options: LinkOptions) -> Link | None:
    same_story = stories.get(a["article_id"]) is not None and stories.get(a["article_id"]) == stories.get(b["article_id"])
    min_words = MIN_WORDS if same_story else options.min_words_across_stories
    first, second = _order(a, b, dates)
    first_words, second_words = (a_words, b_words) if first is a else (b_words, a_words)
    relation = text_relation(first_words, second_words, min_words=min_words)
    if relation is None:
        return None
    kind = relation.relation
    if "indirect" in (a["kind"], b["kind"]) and kind != "identical":
        kind = "paraphrase"  # an indirect report sharing words with a quote reports it, it does not quote it
        return Link(first["quote_id"], second["quote_id"], kind, relation.diff)
    original, reported = quoted_text(first), quoted_text(second)
    if kind != "altered":
        return Link(first["quote_id"], second["quote_id"], kind, verbatim_diff(original, reported))
    found = classify_alteration(original, reported)
    if found.cls in {"excerpt", "identical"}:
        kind = "excerpt"  # whole sentences more or less: a longer or shorter excerpt, not an alteration
    return Link(first["quote_id"], second["quote_id"], kind, found.diff)


def _paraphrases(ix, statements: list[dict], words: dict[str, list[str]], dates: dict,
                 stories: dict, options: LinkOptions, linked: set, batch: set[str]) -> Iterable[Link]:
    """An indirect report and another version by the same speaker in the same story, most content words shared.

    Peers come from one set-based query; each statement's content words are computed once, and the dates
    of every peer's article are read once, before the loop. A peer of this batch is compared by its
    own words (as its statement row gives them), one stored before by its whole text. ``linked`` (pairs
    already linked, as frozensets) is extended with the pairs found.
    """
    indirect = [s for s in statements if s["speaker_id"] and stories.get(s["article_id"])]
    if not indirect:
        return
    peers = ix.statements_in_stories_by_speaker({stories[s["article_id"]] for s in indirect}, LINKED_KINDS)
    by_key: dict[tuple[str, str], list[dict]] = {}
    for peer in peers:
        by_key.setdefault((peer["story_id"], peer["speaker_id"]), []).append(peer)
    dates.update(ix.article_dates({p["article_id"] for p in peers} - dates.keys()))
    words = dict(words)
    missing = [p["quote_id"] for p in peers if p["article_id"] in batch and p["quote_id"] not in words]
    words.update({q: compared_words(row) for q, row in ix.statements_by_id(missing).items()})
    yield from paraphrase_links(indirect, by_key, words, dates, stories, options, linked)


def paraphrase_links(statements: list[dict], peers: dict[tuple[str, str], list[dict]], words: dict[str, list[str]],
                     dates: dict, stories: dict, options: LinkOptions, linked: set) -> list[Link]:
    """Pure: paraphrase links of ``statements`` with their (story, speaker) ``peers``; ``linked`` (pairs already
    linked, as frozensets) is extended with the pairs found."""
    stops = stop_words()
    terms: dict[str, set[str]] = {}

    def terms_of(peer: dict) -> set[str]:
        quote_id = peer["quote_id"]
        if quote_id not in terms:
            terms[quote_id] = set(content_terms(" ".join(words.get(quote_id) or compared_words(_full(peer))), stops))
        return terms[quote_id]

    found = []
    for statement in statements:
        mine = set(content_terms(" ".join(words[statement["quote_id"]]), stops))
        for peer in peers.get((stories[statement["article_id"]], statement["speaker_id"]), []):
            if peer["article_id"] == statement["article_id"]:
                continue
            if "indirect" not in (statement["kind"], peer["kind"]):
                continue
            pair = frozenset((statement["quote_id"], peer["quote_id"]))
            if pair in linked:
                continue
            if paraphrase_overlap(mine, terms_of(peer)) >= options.paraphrase_overlap:
                first, second = _order(statement, peer, dates)
                linked.add(pair)
                found.append(Link(first["quote_id"], second["quote_id"], "paraphrase", ()))
    return found


def _full(peer: dict) -> dict:
    """Peers come without offsets: compare their whole text."""
    return {"text": peer["text"], "start": 0, "kind": "indirect", "quoted": []}


_CLAUSE = re.compile(r"(?<=[.;:!?])\s+|,\s+(?:and|but)\s+|\s+(?:and|but)\s+(?=\w+\s+\w+\s+\w+)")


def _clauses(text: str, min_words: int) -> list[str]:
    """The text and its clauses long enough to compare (a trimmed version matches one clause)."""
    pieces = [text] + [p for p in _CLAUSE.split(text) if p and p != text]
    return [p.strip(" ,;:") for p in pieces if len(p.split()) >= min_words]


def _semantic_links(ix, statements: list[dict], words: dict[str, list[str]], dates: dict,
                    stories: dict, options: LinkOptions, linked: set[str]) -> Iterable[Link]:
    """Still-unlinked statements against the same speaker's statements in the same story, by embedding.

    ``linked``: those of ``statements`` linked before this step began (by text rules or paraphrase). A pair
    met again in a later slice is compared again with the same (symmetric) score, so it adds nothing new.
    """
    seen: set[frozenset[str]] = set()
    todo = [s for s in statements if s["speaker_id"] and stories.get(s["article_id"]) and s["quote_id"] not in linked
            and len(words[s["quote_id"]]) >= MIN_WORDS]
    if not todo:
        return
    peers = ix.statements_in_stories_by_speaker({stories[s["article_id"]] for s in todo}, LINKED_KINDS)
    by_key: dict[tuple[str, str], list[str]] = {}
    for peer in peers:
        by_key.setdefault((peer["story_id"], peer["speaker_id"]), []).append(peer["quote_id"])
    stops = stop_words()
    text_of = {p["quote_id"]: p["text"] for p in peers}
    kinds = {p["quote_id"]: p["kind"] for p in peers}
    terms: dict[str, set[str]] = {}

    def terms_of(quote_id: str, text: str) -> set[str]:
        """Content words and figures ("23", "300,000") of a statement."""
        if quote_id not in terms:
            terms[quote_id] = set(content_terms(text, stops)) | {w for w in text_words(text) if w[:1].isdigit()}
        return terms[quote_id]

    pairs = []
    for statement in todo:
        key = (stories[statement["article_id"]], statement["speaker_id"])
        verbatim = statement["kind"] in _VERBATIM_KINDS
        others = [q for q in by_key.get(key, []) if not (verbatim and kinds[q] in _VERBATIM_KINDS)
                  and not q.startswith(statement["article_id"] + ":")]
        if not others:
            continue
        mine = terms_of(statement["quote_id"], statement["text"])
        others = [q for q in others if len(mine & terms_of(q, text_of[q])) >= options.semantic_min_shared]
        pairs.extend((statement["quote_id"], q) for q in others[: options.semantic_peers])
    if not pairs:
        return
    full = {s["quote_id"]: s for s in statements}
    full.update(ix.statements_by_id([q for _, q in pairs if q not in full]))
    clauses = {q: _clauses(quoted_text(full[q]), options.semantic_min_words) for pair in pairs for q in pair}
    texts = sorted({c for cs in clauses.values() for c in cs})
    if not texts:
        return
    from newsprism.encoder import load_encoder

    # One text per call: the int8 model quantises each batch as a whole, so a vector would otherwise depend on
    # which other clauses share its batch (and a link on how a corpus was cut into batches or Dask tasks).
    vectors = dict(zip(texts, load_encoder().encode(texts, batch_size=1)))
    for q, other in pairs:
        if frozenset((q, other)) in seen or not clauses[q] or not clauses[other]:
            continue
        seen.add(frozenset((q, other)))
        score = max(float(vectors[x] @ vectors[y]) for x in clauses[q] for y in clauses[other])
        if score >= options.semantic_threshold:
            a, b = full[q], full[other]
            _fill_missing(ix, {other: b}, dates, stories)
            first, second = _order(a, b, dates)
            yield Link(first["quote_id"], second["quote_id"], "paraphrase", ())


#: What may stand between a lead-in and the quote it introduces: a colon, a full stop, a dash, spaces.
_LEAD_IN_GAP = re.compile(r"[ \t]*[:.—–-]?[ \t]*")
_LEAD_IN_MAX_GAP = 4


def _lead_in_links(ix, found, dates: dict, size: int | None = None) -> list[Link]:
    """Link a reported statement that introduces a quote to the other articles' versions of that quote
    (the links ``found`` so far; statements read ``size`` articles at a time)."""
    articles = found.verbatim_articles()
    if not articles:
        return []
    lead_of: dict[str, dict] = {}
    for part in chunks(articles, size or len(articles)):
        by_article: dict[str, list[dict]] = {}
        for s in ix.statements_of(part, LINKED_KINDS):
            by_article.setdefault(s["article_id"], []).append(s)
        ends = found.verbatim_ends(s["quote_id"] for rows in by_article.values() for s in rows)
        candidates = [(before, after) for rows in by_article.values() for before, after in zip(rows, rows[1:])
                      if after["quote_id"] in ends and before["kind"] == "indirect"
                      and after["kind"] in ("direct", "block")
                      and before["speaker_id"] and before["speaker_id"] == after["speaker_id"]
                      and 0 <= after["start"] - before["end"] <= _LEAD_IN_MAX_GAP]
        if not candidates:
            continue
        texts = ix.article_texts({after["article_id"] for _, after in candidates})
        lead_of.update({after["quote_id"]: before for before, after in candidates
                        if _LEAD_IN_GAP.fullmatch(texts.get(after["article_id"], "")[before["end"]:after["start"]])})
    out: list[Link] = []
    if not lead_of:
        return out
    for quote_a, quote_b in found.pairs():
        for quote, other in ((quote_a, quote_b), (quote_b, quote_a)):
            lead = lead_of.get(quote)
            if lead is None or other.startswith(lead["article_id"] + ":"):
                continue
            other_article = other.rsplit(":", 1)[0]
            if other_article not in dates:
                dates.update(ix.article_dates([other_article]))
            first, second = _order(lead, {"quote_id": other, "article_id": other_article}, dates)
            out.append(Link(first["quote_id"], second["quote_id"], "paraphrase", ()))
    return out
