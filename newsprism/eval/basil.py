"""Story clustering scored on BASIL: events × three outlets, gold event = ``triplet-uuid``.

Only what story clustering needs is run (no spaCy parse): the story signal is
built from words, names and quoted passages of the text itself, so the score
measures the clustering and nothing else.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.eval import f1_of
from newsprism.link.stories import cluster_articles
from newsprism.records import Article

__all__ = ["BCubed", "BasilError", "bcubed", "evaluate_basil", "load_basil"]


class BasilError(NewsprismError, ValueError):
    """The folder does not hold BASIL articles."""

    code = "NP-E601"


@dataclass(frozen=True)
class BCubed:
    """B-cubed precision, recall and F1 of one clustering, averaged over items."""

    precision: float
    recall: float
    items: int
    clusters: int
    gold_clusters: int

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)


def load_basil(folder: str | Path) -> list[tuple[Article, str]]:
    """Every article under ``folder/articles/YEAR/*.json`` (or ``folder/YEAR/*.json``) with its gold event."""
    root = Path(folder)
    articles_dir = root / "articles" if (root / "articles").is_dir() else root
    files = sorted(articles_dir.glob("*/*.json"))
    if not files:
        raise BasilError(f"{folder}: no BASIL article files (expected articles/YEAR/*.json)", value=str(folder))
    return [_article(path) for path in files]


def _article(path: Path) -> tuple[Article, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    paragraphs = [" ".join(sentences) for sentences in data.get("body-paragraphs", [])]
    title = (data.get("title") or "").strip()
    text = "\n\n".join([title, *paragraphs] if title else paragraphs)
    article = Article(
        article_id=f"{path.parent.name}/{path.stem}",
        text=text,
        source_path=str(path),
        url=data.get("url"),
        outlet=(data.get("source") or "").lower() or None,
        title=title or None,
        published=data.get("date") or None,
        date_source="meta" if data.get("date") else None,
    )
    return article, data["triplet-uuid"]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> BCubed:
    """B-cubed over the items of ``gold``: each item's precision and recall of its cluster, averaged."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, label in gold.items():
        by_gold[label].add(item)
        by_pred[predicted.get(item, f"singleton:{item}")].add(item)
    precision = recall = 0.0
    for item, label in gold.items():
        mine = by_pred[predicted.get(item, f"singleton:{item}")]
        truth = by_gold[label]
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    n = len(gold) or 1
    return BCubed(precision / n, recall / n, len(gold), len(by_pred), len(by_gold))


def evaluate_basil(folder: str | Path, *, use_dates: bool = True) -> BCubed:
    """Cluster BASIL into stories with the corpus-phase story model and score it."""
    pairs = load_basil(folder)
    articles: Iterable[Article] = (a if use_dates else replace(a, published=None, date_source=None)
                                   for a, _ in pairs)
    predicted = cluster_articles(list(articles))
    gold = {a.article_id: label for a, label in pairs}
    return bcubed(predicted, gold)
