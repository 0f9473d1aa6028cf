"""Hand-made, fictional analysed articles for the corpus-phase tests (no spaCy)."""

from __future__ import annotations

from newsprism.records import Article, ArticleResult, LocalEntity, Statement


def result(article_id: str, text: str, *, published: str | None = None, outlet: str | None = None,
           entities: tuple[LocalEntity, ...] = (), quotes: tuple = ()) -> ArticleResult:
    """An ArticleResult whose statements are given as (quote text, speaker key, kind[, addressee])."""
    statements = []
    for item in quotes:
        quote, key, kind = item[:3]
        addressee = item[3] if len(item) > 3 else None
        start = text.index(quote)
        speaker = entities[key].name if key is not None else None
        statements.append(Statement(
            start=start, end=start + len(quote), text=quote, kind=kind, speaker=speaker, speaker_key=key,
            addressee=addressee, quoted=((start, start + len(quote)),) if kind != "indirect" else ()))
    article = Article(article_id=article_id, text=text, published=published,
                      outlet=outlet or article_id.split("-")[0])
    return ArticleResult(article=article, statements=tuple(statements), entities=entities)


def person(key: int, name: str, *aliases: str, roles: tuple[str, ...] = ()) -> LocalEntity:
    return LocalEntity(key, name, "person", (name, *aliases), roles)
