"""The Python API for notebooks: ``newsprism.analyze(paths, db=...)`` returns a queryable Corpus."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsprism.compare.story import story_view
from newsprism.compare.timeline import speaker_view, statement_group, story_timeline
from newsprism.pipeline import RunReport, run_analysis
from newsprism.store.db import Store

__all__ = ["Corpus", "analyze", "open_corpus"]


class Corpus:
    """An analysed corpus: a thin, read-mostly view over a newsprism database."""

    def __init__(self, db: str | Path = "newsprism.db", *, readonly: bool = False) -> None:
        self.store = Store(db, readonly=readonly)
        self.last_run: RunReport | None = None

    def __repr__(self) -> str:
        return f"<Corpus {self.store.path}: {self.store.count('articles')} articles>"

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def table(self, name: str) -> list[dict]:
        """All rows of an export table (articles, quotes, entities, mentions, stories, links, claims, loaded, skipped)."""
        return list(self.store.export_rows(name))

    def articles(self) -> list[dict]:
        return self.table("articles")

    def quotes(self, *, speaker: str | None = None, kind: str | None = None) -> list[dict]:
        """Statements, optionally only those whose speaker name contains ``speaker`` or of one ``kind``."""
        rows = self.table("quotes")
        if speaker:
            rows = [r for r in rows if r["speaker"] and speaker.lower() in r["speaker"].lower()]
        if kind:
            rows = [r for r in rows if r["kind"] == kind]
        return rows

    def stories(self) -> list[dict]:
        return self.table("stories")

    def story(self, story_id: str) -> dict | None:
        """One story: title, dates, its articles (date order) and its statements' linked groups."""
        return story_timeline(self.store, story_id)

    def speaker_timeline(self, name: str) -> dict:
        """What one speaker said across stories: the speaker view (``speaker``; ``statements``, every
        statement with its article, outlet and story; ``groups``, the timeline: each statement once by
        date with its versions, outlets, stories, earliest report and original venue; see
        docs/linking.md), the data of the explorer's speaker page and ``newsprism speaker --json``.
        SpeakerNotFound if no speaker matches, AmbiguousSpeaker if several do."""
        return speaker_view(self.store, name).as_dict()

    def statement_versions(self, quote_id: str) -> dict | None:
        """Every outlet's version of one statement, with the earliest report and the original venue."""
        group = statement_group(self.store, quote_id)
        return group.as_dict() if group else None

    def compare(self, story_id: str) -> dict:
        """How each outlet told one story: the story view (articles, outlets, aligned statement groups,
        actor labels, verbs, loaded language, claims verdicts, coverage, framing), JSON-ready: the data
        the explorer's story page and ``newsprism compare --json`` show. StoryNotFound if unknown."""
        return story_view(self.store, story_id).as_dict()

    def query(self, sql: str, params: Iterable = ()) -> list[dict]:
        """Any read query over the database (see docs/schema.md)."""
        return self.store.query(sql, params)

    def to_pandas(self, name: str):
        """An export table as a pandas DataFrame (pandas must be installed)."""
        import pandas as pd

        return pd.DataFrame(self.table(name))


def open_corpus(db: str | Path = "newsprism.db", *, readonly: bool = True) -> Corpus:
    """Open an analysed database for querying."""
    return Corpus(db, readonly=readonly)


def analyze(paths: str | Path | Iterable[str | Path], db: str | Path = "newsprism.db", **options) -> Corpus:
    """Analyse files, folders or globs into ``db`` and return the Corpus.

    >>> corpus = analyze("articles/", db="news.db")  # doctest: +SKIP
    >>> corpus.quotes(speaker="Assad")[:1]           # doctest: +SKIP
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    corpus = Corpus(db)
    corpus.last_run = run_analysis([str(p) for p in paths], corpus.store, **options)
    return corpus
