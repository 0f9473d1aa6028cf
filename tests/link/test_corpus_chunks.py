"""The corpus phase reads a batch in slices of ``chunk`` articles (bounded memory); the tables do not depend on it."""

from __future__ import annotations

import pytest

from newsprism.engine.synthetic import analysed_corpus
from newsprism.link import update_corpus
from newsprism.store import corpus as db
from newsprism.store.db import Store


def _placed(path, chunk, *, batch=None, spy=None) -> dict:
    with Store(path) as store:
        results = analysed_corpus(90, seed=21)
        store.write_results(results)
        if spy is not None:
            spy(store)
        update_corpus(store, chunk=chunk, batch=batch)
        return store.dump()


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict:
    return _placed(tmp_path_factory.mktemp("whole") / "c.db", None)


def test_the_corpus_is_not_trivial(whole):
    assert len(whole["stories"]) > 15 and len(whole["links"]) > 60 and len(whole["entities"]) > 20
    assert {row[2] for row in whole["links"]} >= {"identical", "paraphrase"}


@pytest.mark.slow
@pytest.mark.parametrize("chunk", [1, 7])
def test_chunk_size_does_not_change_the_tables(tmp_path, whole, chunk):
    assert _placed(tmp_path / "c.db", chunk) == whole


@pytest.mark.slow
def test_chunks_inside_batches_give_the_tables_of_batches(tmp_path):
    assert _placed(tmp_path / "a.db", 4, batch=30) == _placed(tmp_path / "b.db", None, batch=30)


@pytest.mark.parametrize("chunk, most", [(6, 6), (None, 90)])
def test_no_step_reads_more_than_a_chunk_of_articles(tmp_path, monkeypatch, chunk, most):
    """Statements, articles (story signatures) and local entities are read at most ``chunk`` articles at a time."""
    sizes = []

    def spying(function):
        def wrapped(store, ids, *args, **kwargs):
            ids = list(ids)
            sizes.append(len(set(ids)))
            return function(store, ids, *args, **kwargs)
        return wrapped

    for name in ("statements_of", "local_entities"):
        monkeypatch.setattr(db, name, spying(getattr(db, name)))
    monkeypatch.setattr(Store, "iter_articles", spying(Store.iter_articles))
    _placed(tmp_path / "c.db", chunk)
    assert max(sizes) == most
