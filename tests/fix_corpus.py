"""A small FICTIONAL corpus for the corrections tests (store and CLI): every person and quote is invented."""

from __future__ import annotations

from pathlib import Path

from newsprism.link import update_corpus
from newsprism.records import Article, ArticleResult, LocalEntity, Statement
from newsprism.store.db import Store

PEOPLE = {0: ("Rita Vance", ("Vance",)), 1: ("Olek Marrin", ("Marrin",)), 2: ("Hana Dorsey", ("Dorsey",))}


def article(article_id: str, lines: list[tuple[int | None, str, str]], *, tail: str = "") -> ArticleResult:
    """An article of one paragraph per line: (speaker key or None, speaker name, quoted words)."""
    text, statements, keys = f"Headline about {article_id}\n\n", [], set()
    for key, name, words in lines:
        text += f"{name} said: \u201c"
        start = len(text)
        text += words
        statements.append(Statement(start=start, end=len(text), text=words, kind="direct", speaker=name,
                                    speaker_key=key, speaker_type="person" if key is not None else None,
                                    cue="said", cue_lemma="say"))
        text += "\u201d\n\n"
        if key is not None:
            keys.add(key)
    text += tail
    entities = tuple(LocalEntity(key=k, name=PEOPLE[k][0], type="person", aliases=PEOPLE[k][1]) for k in sorted(keys))
    return ArticleResult(article=Article(article_id=article_id, text=text, source_path=f"{article_id}.txt",
                                         outlet="Fictional Courier", published="2031-04-0" + article_id[-1]),
                         statements=tuple(statements), entities=entities)


FIRST_LINES_ART2 = [(0, "Rita Vance", "engineers inspect the dam every week"),
                    (2, "Hana Dorsey", "the inspection reports are late"),
                    (1, "Olek Marrin", "the reports will be published")]

FIRST = [
    article("art1", [(0, "Rita Vance", "the dam will hold this spring"),
                     (1, "Olek Marrin", "the dam has cracks that nobody repaired"),
                     (None, "the residents", "we were never told about the cracks")]),
    article("art2", FIRST_LINES_ART2),
]


def analysed(store: Store, results: list[ArticleResult]) -> None:
    store.write_results(results)
    update_corpus(store)


def fix_db(folder: Path) -> Path:
    """A database in ``folder`` holding the first corpus, analysed and placed."""
    path = folder / "fix.db"
    with Store(path) as store:
        analysed(store, FIRST)
    return path
