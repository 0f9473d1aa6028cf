"""Generated, fictional news articles and the files that carry them (WARC, JSONL, text).

For tests and benchmarks of the engines only: every name, outlet and event here is
invented, and the texts are built from templates, so any number of distinct articles
can be made without copying anyone's writing.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from newsprism.records import Article, ArticleResult, LocalEntity, Statement

__all__ = ["FakeArticle", "analysed_corpus", "fake_articles", "write_warc", "write_jsonl", "write_texts"]

_FIRST = ("Mara", "Tobias", "Ilse", "Oren", "Priya", "Kwame", "Lucia", "Anders", "Noor", "Dmitri")
_LAST = ("Velsen", "Okafor", "Harlow", "Quintero", "Brask", "Amadi", "Lindqvist", "Moreau", "Tansey", "Ruel")
_ROLES = ("Minister", "Governor", "Senator", "spokeswoman", "spokesman", "Mayor", "General")
_PLACES = ("Eldmark", "Port Veyra", "Sollen", "Karst Valley", "New Ardent", "Thornby")
_VERBS = ("said", "told reporters", "insisted", "claimed", "warned", "admitted", "added")
_LOADED = ("reckless", "disastrous", "heroic", "so-called", "shameful", "bold")
_NOUNS = ("residents", "workers", "families", "soldiers", "refugees", "students")
_EVENTS = ("were displaced", "were evacuated", "were killed", "lost their jobs", "were injured")
OUTLETS = ("The Eldmark Ledger", "Veyra Daily", "Sollen Courier", "Ardent Post")


@dataclass(frozen=True)
class FakeArticle:
    """One generated article (fictional)."""

    article_id: str
    title: str
    text: str
    outlet: str
    url: str
    published: str


_QUOTE_FRAMES = (
    "We will not accept {loaded} decisions about {topic} after {number} days in {place}",
    "Nobody in {place} asked for {topic}",
    "{number} people depend on {topic} and we owe them answers",
    "The {loaded} handling of {topic} has to end",
    "I have spoken to families in {place} every day",
    "Our figures show {number} complaints since the spring",
    "{place} deserves better than {topic}",
    "There is no plan and there has never been one",
)
_SYLLABLES = ("ka", "vel", "dor", "mi", "sen", "tar", "lu", "bro", "an", "quin", "es", "ro", "th", "ul", "ny")
_THINGS = ("barrier", "strike", "fire", "tariff", "talks", "dispute", "outage", "permit", "budget", "bridge",
           "reservoir", "election", "port", "clinic", "pipeline")
_ADJECTIVES = ("flood", "rail", "harbour", "grain", "border", "water", "power", "mining", "school", "toll")


def _coined(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _sentence(rng: random.Random) -> str:
    who = f"{rng.choice(_ROLES)} {rng.choice(_FIRST)} {_coined(rng, 3)}"
    topic = f"the {rng.choice(_ADJECTIVES)} {rng.choice(_THINGS)}"
    place = rng.choice(_PLACES) if rng.random() < 0.3 else _coined(rng, 2)
    number = rng.randint(2, 90) * rng.choice((1, 10, 100, 1000))
    frame = rng.choice(_QUOTE_FRAMES).format(loaded=rng.choice(_LOADED), topic=topic, number=number, place=place)
    templates = (
        f'"{frame}," {who} {rng.choice(_VERBS)}.',
        f"{who} {rng.choice(_VERBS)} that {number} {rng.choice(_NOUNS)} {rng.choice(_EVENTS)} in {place}.",
        f"Officials in {place} said {topic} would cost {number} million dollars.",
        f'According to {who}, the response to {topic} was "{rng.choice(_LOADED)}" and slow.',
        f"About {number} {rng.choice(_NOUNS)} gathered in {place} on Tuesday.",
        f"{who} {rng.choice(_VERBS)} that {topic} in {place} had been {rng.choice(_LOADED)}.",
    )
    return rng.choice(templates)


def fake_articles(n: int, *, seed: int = 7, sentences: int = 4, prefix: str = "fake") -> Iterator[FakeArticle]:
    """``n`` distinct fictional articles of ``sentences`` sentences (~15 words each), ids ``prefix0000001``…"""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    for i in range(n):
        body = " ".join(_sentence(rng) for _ in range(sentences))
        place = _coined(rng, 2)
        title = f"{place} reacts to the {rng.choice(_ADJECTIVES)} {rng.choice(_THINGS)} ({i})"
        outlet = OUTLETS[i % len(OUTLETS)]
        day = (start + timedelta(days=i % 300)).isoformat()
        slug = outlet.lower().replace(" ", "-")
        yield FakeArticle(f"{prefix}{i:07d}", title, f"{title}\n\n{place}, {day} — {body}", outlet,
                          f"https://{slug}.example/{day}/story-{i}", day)


def _html(a: FakeArticle) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in a.text.split("\n\n")[1:])
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{a.title}</title>"
            f"<meta property='og:site_name' content='{a.outlet}'>"
            f"<meta property='article:published_time' content='{a.published}'></head>"
            f"<body><article><h1>{a.title}</h1>{paragraphs}</article></body></html>")


def write_warc(path: str | Path, articles, *, gzip: bool = True) -> int:
    """Write HTTP 200 HTML responses (one WARC record each); returns how many."""
    # deferred: heavy (warcio), only for writing a WARC
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    count = 0
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for a in articles:
            body = _html(a).encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(a.url, "response", payload=io.BytesIO(body),
                                               http_headers=http,
                                               warc_headers_dict={"WARC-Date": f"{a.published}T08:00:00Z"})
            writer.write_record(record)
            count += 1
    return count


def write_jsonl(path: str | Path, articles) -> int:
    count = 0
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.article_id, "title": a.title, "text": a.text, "url": a.url,
                                  "date": a.published, "outlet": a.outlet}) + "\n")
            count += 1
    return count


def write_texts(folder: str | Path, articles) -> int:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for a in articles:
        (folder / f"{a.article_id}.txt").write_text(a.text + "\n", encoding="utf-8")
        count += 1
    return count


# -- analysed records (the corpus phase without spaCy) ------------------------------------------------------


def analysed_corpus(n_articles: int, seed: int = 1):
    """``n_articles`` fictional analysed articles (``ArticleResult``) that exercise the whole corpus phase.

    Stories of 2–5 outlets (about one in ten articles undated); direct quotes printed identical, as
    excerpts or altered; indirect versions that paraphrase them; lead-ins ("X said she would act: “…”");
    a few slogans quoted across stories; people drawn from a small pool of names (shared surnames, bare
    surnames, titles); organisations; and some articles without local entities (speakers by name only).
    """
    rng = random.Random(seed)
    people = [(rng.choice(_FIRST), rng.choice(_LAST)) for _ in range(40)]
    slogans = [" ".join(_coined(rng, 2).lower() for _ in range(9)) for _ in range(6)]
    results: list = []
    story = 0
    while len(results) < n_articles:
        story += 1
        topic = [_coined(rng, rng.choice((2, 3))).lower() for _ in range(12)]
        cast = rng.sample(people, 3)
        org = f"{rng.choice(_ADJECTIVES).title()} {rng.choice(_THINGS).title()} Authority"
        pool = [" ".join(rng.choice(topic) if rng.random() < 0.6 else _coined(rng, 2).lower()
                         for _ in range(rng.randint(8, 16))) for _ in range(5)]
        if rng.random() < 0.3:
            pool.append(rng.choice(slogans))
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(120))
        for outlet in rng.sample(OUTLETS, rng.randint(2, min(5, len(OUTLETS)))):
            if len(results) >= n_articles:
                break
            published = None if rng.random() < 0.1 else (day + timedelta(days=rng.randrange(3))).isoformat()
            results.append(_analysed(rng, f"{outlet.split()[-1].lower()}-{story}", outlet, published, topic,
                                     cast, org, pool, with_entities=rng.random() < 0.8))
    return results


def _analysed(rng, article_id, outlet, published, topic, cast, org, pool, *, with_entities):
    title = " ".join(rng.sample(topic, 5)).capitalize()
    text = f"{title}\n\n" + " ".join(rng.sample(topic, 8)).capitalize() + f" in {rng.choice(_PLACES)}. "
    entities = [LocalEntity(k, f"{first} {last}", "person", (f"{first} {last}", f"{rng.choice(_ROLES)} {last}", last),
                            (rng.choice(_ROLES),)) for k, (first, last) in enumerate(cast)]
    entities.append(LocalEntity(len(cast), org, "organisation", (org,), ()))
    statements = []

    def add(piece: str, quote: str, kind: str, key: int, quoted: bool) -> None:
        nonlocal text
        start = len(text) + piece.index(quote)
        text += piece
        name = entities[key].aliases[rng.randrange(3)] if key < len(cast) else org
        statements.append(Statement(start=start, end=start + len(quote), text=quote, kind=kind, speaker=name,
                                    speaker_key=key if with_entities else None,
                                    quoted=((start + 1, start + len(quote) - 1),) if quoted else ()))

    for _ in range(rng.randint(3, 6)):
        key = rng.randrange(len(cast) + 1)
        name = entities[key].aliases[-1] if key < len(cast) else org
        words = rng.choice(pool).split()
        roll = rng.random()
        if roll < 0.2 and len(words) > 8:
            words = words[rng.randrange(3):][:max(7, len(words) - 3)]
        elif roll < 0.35:
            words = [w if rng.random() < 0.85 else _coined(rng, 2).lower() for w in words]
        sentence = " ".join(words)
        kind = rng.random()
        if kind < 0.55:
            quote = f"\u201c{sentence.capitalize()}.\u201d"
            add(f"{name} said: {quote} ", quote, "direct", key, True)
        elif kind < 0.75:
            lead = f"{name} said the {rng.choice(topic)} would go on"
            quote = f"\u201c{sentence.capitalize()}.\u201d"
            add(lead + ": ", lead, "indirect", key, False)
            add(f"{quote} ", quote, "direct", key, True)
        elif kind < 0.9:
            report = f"{name} said that {sentence}"
            add(report + ". ", report, "indirect", key, False)
        else:
            quote = f"the {sentence} \u201c{rng.choice(topic)} {rng.choice(topic)} now\u201d"
            add(f"{name} called for {quote}. ", quote, "mixed", key, False)
    article = Article(article_id=article_id, text=text, outlet=outlet, title=title, published=published)
    return ArticleResult(article=article, statements=tuple(statements),
                         entities=tuple(entities) if with_entities else ())
