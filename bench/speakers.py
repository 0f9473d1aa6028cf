"""Who the statements' canonical speakers are: how many are empty or a bare pronoun, how many are no entity.

For each corpus (a PolNeAR split folder, a BASIL folder, or a folder of ``.txt`` articles) every
article is parsed and analysed; of its statements (``term`` rows excluded) it prints

* empty or pronoun: the share whose canonical speaker is empty or a bare pronoun ("he", "they", "I");
  issue 13's target is at most 5 %;
* not an entity: of the statements with a speaker, the share whose speaker is not a person,
  organisation or anonymous-group entity of the article (no entity at all, a place, or "other");
* the speakers by entity type, and (``--show N``) the N most frequent non-entity speakers.

    python bench/speakers.py ../shared/data/polnear/dev ../shared/data/basil
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from newsprism.eval.basil import load_basil
from newsprism.extract import analyze_doc
from newsprism.extract.entities_lexicon import load_entity_lexicon
from newsprism.nlp import parse_cached
from newsprism.records import Article

#: Canonical speakers that are only a pronoun (every pronoun of newsprism/data/pronouns.tsv).
PRONOUNS = load_entity_lexicon().all_pronouns
#: Entity types that can speak.
SPEAKING_TYPES = frozenset({"person", "organisation", "anonymous"})


def load_corpus(folder: Path) -> list[Article]:
    """Articles of a PolNeAR split (``text/*.txt``), a BASIL folder, or a folder of ``.txt`` files."""
    if (folder / "articles").is_dir():
        return [article for article, _ in load_basil(folder)]
    text_dir = folder / "text" if (folder / "text").is_dir() else folder
    return [Article(article_id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(text_dir.glob("*.txt"))]


def speaker_kind(statement, entities) -> str:
    """empty, pronoun, or the type of the speaker's entity (none when it is no entity)."""
    name = (statement.speaker or "").strip()
    if not name:
        return "empty"
    if name.lower().strip(".,;:") in PRONOUNS:
        return "pronoun"
    if statement.speaker_key is None:
        return "none"
    entity = next((e for e in entities if e.key == statement.speaker_key), None)
    return entity.type if entity is not None else "none"


def parsed(articles: list[Article], cache: Path | None, name: str) -> list:
    """The articles parsed, read from (or written to) a spaCy DocBin under ``cache`` when given."""
    return parse_cached([a.text for a in articles], cache / f"speakers-{name}.spacy" if cache is not None else None)


def measure(folder: Path, limit: int, show: int, cache: Path | None = None) -> None:
    articles = load_corpus(folder)
    articles = articles[:limit] if limit else articles
    kinds: Counter[str] = Counter()
    odd: Counter[str] = Counter()
    for article, doc in zip(articles, parsed(articles, cache, f"{folder.parent.name}-{folder.name}-{limit}")):
        result = analyze_doc(article, doc)
        for statement in result.statements:
            if statement.kind == "term":
                continue
            kind = speaker_kind(statement, result.entities)
            kinds[kind] += 1
            if kind not in SPEAKING_TYPES and kind != "empty":
                odd[statement.speaker or ""] += 1
    total = sum(kinds.values())
    with_speaker = total - kinds["empty"]
    not_entity = sum(n for k, n in kinds.items() if k not in SPEAKING_TYPES and k != "empty")
    print(f"{folder} ({len(articles)} articles, {total} statements)")
    print(f"  empty or pronoun  {(kinds['empty'] + kinds['pronoun']) / max(total, 1):.3f}"
          f"  (empty {kinds['empty']}, pronoun {kinds['pronoun']})")
    print(f"  not an entity     {not_entity / max(with_speaker, 1):.3f}  ({not_entity}/{with_speaker} with a speaker)")
    print("  by type           " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if show:
        print("  most frequent non-entity speakers: " + "; ".join(f"{s!r} {n}" for s, n in odd.most_common(show)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="PolNeAR split, BASIL folder or folder of .txt")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles of each (0 = all)")
    parser.add_argument("--show", type=int, default=0, help="print the N most frequent non-entity speakers")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the parsed articles here (spaCy DocBin) so reruns only redo the analysis")
    args = parser.parse_args()
    for folder in args.folders:
        measure(folder, args.limit, args.show, args.cache)


if __name__ == "__main__":
    main()
