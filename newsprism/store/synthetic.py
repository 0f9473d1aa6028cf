"""A generated, FICTIONAL analysed store: articles with statements, mentions, claims and loaded words
written with their offsets, then entities, stories and links through the store's corpus functions.

No spaCy: for the explorer's benchmark (bench/serve.py) and the story-view identity test. Every
name, outlet and event is invented; texts are built from word lists.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from newsprism.records import Article, ArticleResult, Claim, Link, LoadedSpan, LocalEntity, Mention, Statement
from newsprism.store import corpus
from newsprism.store.db import Store

__all__ = ["FIRST", "LAST", "OUTLETS", "TOPICS", "WORDS", "build_store", "make_article"]

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
LABELS = ("the veteran councillor", "the embattled minister", "the outspoken critic")
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
    label = rng.choice(LABELS)
    d_start = add(f"Asked again, {label} repeated the point. ")
    mentions.append(Mention(d_start + 13, d_start + 13 + len(label), label, "descriptor", 0))
    word = rng.choice(LOADED)
    l_start = add(f"The {word} decision ")
    loaded.append(LoadedSpan(l_start + 4, l_start + 4 + len(word), word, "evaluative"))
    number = rng.randint(10, 900)
    n_start = add(f"left {number} people displaced. ")
    claims.append(Claim(n_start + 5, n_start + 5 + len(str(number)) + 7, f"{number} people", float(number),
                        unit="people", about="displaced"))
    add(sentence(rng, 30))
    text = "".join(parts)
    outlet = None if i % 97 == 96 else OUTLETS[i % len(OUTLETS)]  # now and then an unknown outlet
    article = Article(f"bench-{i:05d}", text, outlet=outlet, title=title, published=day)
    local = tuple(LocalEntity(key, name, "person") for name, key in entities.items())
    return ArticleResult(article, tuple(statements), local, tuple(mentions), tuple(claims), tuple(loaded))


def build_store(path: Path, n_articles: int, seed: int = 7, *, quiet: bool = False) -> dict:
    """Write the synthetic store at ``path``; return the ids of the 20 biggest stories (``stories``)."""
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
    if not quiet:
        print(f"built {n_articles} articles, {n_stories} stories in {time.perf_counter() - start:.1f} s → {path}")
    return {"stories": [r["story_id"] for r in busiest]}
