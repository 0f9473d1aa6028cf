"""The corpus phase on Dask: entities, stories and links of a Parquet dataset, identical to the local phase.

The local phase (:func:`newsprism.link.update_corpus`) places one batch of articles in order, each
article seeing what the ones before it left in the indexes. It stays exact when split, because every
decision reads only what shares a key with it:

- a story candidate shares an LSH bucket (band, min-hash) with the article; a story's members were
  placed through shared buckets too. So the articles fall into *components* of the "shares a bucket"
  graph, and placing each component on its own, in the batch order, gives the placements of the
  whole batch (the buckets' "newest N" windows hold the same rows, since all rows of a bucket are in
  one component). Document frequencies are counted over the whole dataset first (a reduction).
- an entity candidate shares an entity key (``person:surname``, ``org:name``) with the local entity;
- a statement link candidate shares a word 4-gram shingle, or the (story, speaker), or the article.

Each step is thus: a pure map over partitions (signatures, keys), a shuffle of ``(key, node)`` pairs
to reducers that turn each key's group into edges, connected components on the client (scipy), and
reduce tasks that run the very functions of :mod:`newsprism.link` over whole components against a
:class:`~newsprism.store.corpus.MemoryIndex`. Story and entity ids (allocated per task in creation
order, which is the batch order restricted to the task) are renumbered into the global creation
order, so ids and every tie-break between them match the local phase.

A component is one task: a corpus whose keys chain most articles together degrades toward one task
(the local phase's cost), never toward a wrong answer.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsprism.errors import NewsprismError
from newsprism.engine.parquet import iter_dataset_results
from newsprism.link.entities import LocalRef, entity_keys, ref_order, resolve_entities
from newsprism.link.links import LINKED_KINDS, LinkOptions, _shingle_hashes, compared_words, link_statements
from newsprism.link.speakers import assign_speakers, local_refs
from newsprism.link.stories import (
    SIGNATURE_KIND,
    StoryFeatures,
    StoryOptions,
    place_features,
    placement_key,
    story_features,
    story_keys,
)
from newsprism.records import ArticleResult, Link
from newsprism.store.corpus import MemoryIndex, statement_order

__all__ = ["ArticleWork", "CorpusTables", "DaskCorpusError", "corpus_phase"]


#: Print the number and largest size of the components of each step (benchmarks).
LOG_COMPONENTS = False


class DaskCorpusError(NewsprismError, RuntimeError):
    """The dataset does not hold the articles the store queued, or the store is not fresh."""

    code = "NP-E504"


@dataclass
class ArticleWork:
    """One queued article on a worker: its place in the batch, its record and story signature."""

    position: int
    source: tuple[int, int]  # (partition, row): the first of two copies of a text is the one stored
    result: ArticleResult
    features: StoryFeatures

    @property
    def article_id(self) -> str:
        return self.result.article.article_id


@dataclass
class CorpusTables:
    """The corpus-phase rows of every store table, each in the order the local phase inserts them."""

    story_articles: list[tuple[str, str]] = field(default_factory=list)
    stories: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    signatures: list[tuple[str, str, bytes]] = field(default_factory=list)
    story_bands: list[tuple[int, int, str]] = field(default_factory=list)
    term_df: list[tuple[str, int]] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    entity_keys: list[tuple[str, str, int]] = field(default_factory=list)
    local_entity_ids: list[tuple[str, int, str]] = field(default_factory=list)
    speaker_ids: list[tuple[str, str | None]] = field(default_factory=list)
    quote_shingles: list[tuple[int, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    next_story: int = 1
    next_entity: int = 1


# -- worker side: pure functions over a partition or a group --------------------------------------------


def read_partition(outdir: str, shard_id: str, partition: int, accepted: dict[str, tuple[str, int]],
                   options: StoryOptions = StoryOptions()) -> list[ArticleWork]:
    """The queued articles of one shard (matched by text hash, under their stored id) with their signatures."""
    import dataclasses

    works = []
    for row, result in enumerate(iter_dataset_results(outdir, [shard_id])):
        found = accepted.get(result.article.text_hash)
        if found is None:
            continue
        article_id, position = found
        if result.article.article_id != article_id:
            result = dataclasses.replace(result, article=dataclasses.replace(result.article, article_id=article_id))
        works.append(ArticleWork(position, (partition, row), result, story_features(result.article, options)))
    return works


def sources(works: list[ArticleWork]) -> list[tuple[int, tuple[int, int]]]:
    return [(w.position, w.source) for w in works]


def keep_sources(works: list[ArticleWork], kept: set[tuple[int, int]]) -> list[ArticleWork]:
    return [w for w in works if w.source in kept]


def document_frequencies(works: list[ArticleWork]) -> Counter:
    """Terms of this partition's signatures, counted once per article, in batch order (the store's order)."""
    counts: Counter[str] = Counter()
    for work in sorted(works, key=operator.attrgetter("position")):
        counts.update(work.features.terms.keys())
    return counts


def band_keys(works: list[ArticleWork], df: dict[str, int], n: int, reducers: int,
              options: StoryOptions = StoryOptions()) -> list[list[tuple[tuple[int, int], int]]]:
    """``((band, bucket), position)`` of every article, hash-partitioned for ``reducers`` group-by tasks."""
    out: list[list] = [[] for _ in range(reducers)]
    for work in works:
        _keys, buckets = story_keys(work.features, df, n, options)
        for band, bucket in enumerate(buckets):
            out[hash((band, bucket)) % reducers].append(((band, bucket), work.position))
    return out


def group_edges(*parts: list[tuple[object, int]]) -> tuple[list[int], list[int]]:
    """Edges joining the nodes of each key's group (first node to each other): a group-by, then a chain."""
    first: dict[object, int] = {}
    left, right = [], []
    for part in parts:
        for key, node in part:
            head = first.setdefault(key, node)
            if head != node:
                left.append(head)
                right.append(node)
    return left, right


def split_by_group(works: list, group_of, groups: int, node=operator.attrgetter("position")) -> list[list]:
    """The works of one partition, routed to their group's reduce task."""
    out: list[list] = [[] for _ in range(groups)]
    for work in works:
        out[int(group_of[node(work)])].append(work)
    return out


@dataclass
class StoryGroupResult:
    placements: dict[str, str]
    stories: dict[str, tuple]
    creators: dict[str, tuple]        # temp story id → placement key of the article that opened it
    created: list[str]
    signatures: dict[str, bytes]
    bands: dict[str, list[int]]


@dataclass
class StoryWork:
    """What story placement needs of an article (its signature, not its text)."""

    position: int
    article_id: str
    features: StoryFeatures


def story_works(works: list[ArticleWork]) -> list[StoryWork]:
    return [StoryWork(w.position, w.article_id, w.features) for w in works]


def place_group(df: dict[str, int], n: int, *parts: list[StoryWork]) -> StoryGroupResult:
    """Place the articles of whole components, in batch order, against an in-memory index."""
    works = sorted((w for part in parts for w in part), key=operator.attrgetter("position"))
    ix = MemoryIndex(df=df)
    features = {w.article_id: w.features for w in works}
    placements = place_features(ix, features, df, n)
    position = {w.article_id: w.position for w in works}
    creators = {story: (*placement_key(features[a]), position[a]) for story, a in ix.opened_by.items()}
    return StoryGroupResult(placements, dict(ix.stories), creators, list(ix.created_stories),
                            {a: data for a, (_kind, data) in ix.signatures.items()}, dict(ix.bands_of))


@dataclass
class RefWork:
    node: int
    order: tuple
    ref: LocalRef


def partition_refs(works: list[ArticleWork]) -> list[list[LocalRef]]:
    """Each article's refs (local entities, else its speakers' names) in batch order of the article."""
    out = []
    for work in sorted(works, key=operator.attrgetter("position")):
        ix = MemoryIndex([work.result])
        out.append(local_refs(ix, [work.article_id]))
    return out


def ref_keys(refs: list[RefWork], reducers: int) -> list[list[tuple[str, int]]]:
    out: list[list] = [[] for _ in range(reducers)]
    for item in refs:
        for key in entity_keys(item.ref)[0]:
            out[hash(key) % reducers].append((key, item.node))
    return out


@dataclass
class EntityGroupResult:
    resolved: dict[tuple[str, int | None, str], str]
    entities: dict[str, dict]
    creators: dict[str, tuple]
    created: list[str]
    key_rows: list[tuple[tuple, str, str, int]]  # (order of the first ref adding it, key, entity, weight)


def resolve_group(stories: dict[str, str], *parts: list[RefWork]) -> EntityGroupResult:
    """Resolve the refs of whole key components (refs in batch order) against an in-memory index."""
    items = sorted((r for part in parts for r in part), key=operator.attrgetter("node"))
    ix = MemoryIndex()
    refs = [r.ref for r in items]
    resolved = resolve_entities(ix, refs, {r.article_id: stories[r.article_id] for r in refs
                                           if r.article_id in stories})
    creators: dict[str, tuple] = {}
    key_rows: dict[tuple[str, str], tuple] = {}
    for item in sorted(items, key=lambda r: r.order):
        entity_id = resolved.get((item.ref.article_id, item.ref.key, item.ref.name))
        if entity_id is None:
            continue
        creators.setdefault(entity_id, item.order)
        for key in entity_keys(item.ref)[0]:
            key_rows.setdefault((key, entity_id), item.order)
    rows = sorted(((order, key, entity_id, ix.keys[key][entity_id]) for (key, entity_id), order in key_rows.items()),
                  key=lambda r: (r[0], r[1]))
    return EntityGroupResult(resolved, dict(ix.entities), creators, list(ix.created_entities), rows)


def assign_partition(works: list[ArticleWork], refs: list[list[LocalRef]], resolved: dict) -> list[ArticleWork]:
    """Speaker ids of one partition's statements (and ids of its local entities), as records on the works."""
    ordered = sorted(works, key=operator.attrgetter("position"))
    out = []
    for work, article_refs in zip(ordered, refs, strict=True):
        ix = MemoryIndex([work.result])
        assign_speakers(ix, [work.article_id], article_refs, resolved)
        out.append(_Speakers(work, {q: row["speaker_id"] for q, row in ix.quotes.items()},
                             dict(ix.local_ids)))
    return out


@dataclass
class _Speakers:
    work: ArticleWork
    speaker_ids: dict[str, str | None]
    local_ids: dict[tuple[str, int], str]

    @property
    def position(self) -> int:
        return self.work.position


def link_keys(items: list[_Speakers], stories: dict[str, str], reducers: int,
              options: LinkOptions = LinkOptions()) -> list[list[tuple[object, int]]]:
    """Keys that can make two articles' statements candidates: shingles, (story, speaker), the article."""
    out: list[list] = [[] for _ in range(reducers)]
    for item in items:
        ix = MemoryIndex([item.work.result])
        story = stories.get(item.work.article_id)
        for row in ix.statements_of([item.work.article_id], LINKED_KINDS):
            keys: list[object] = [("s", h) for h in _shingle_hashes(compared_words(row), options.shingle_size)]
            speaker = item.speaker_ids.get(row["quote_id"])
            if speaker and story:
                keys.append(("p", story, speaker))
            for key in keys:
                out[hash(key) % reducers].append((key, item.position))
    return out


@dataclass
class LinkGroupResult:
    links: list[Link]
    shingle_rows: list[tuple[tuple, int, str]]


def link_group(stories: dict[str, str], options: LinkOptions, *parts: list[_Speakers]) -> LinkGroupResult:
    """Link the statements of whole components against an in-memory index holding only them."""
    items = sorted((i for part in parts for i in part), key=operator.attrgetter("position"))
    ix = MemoryIndex([i.work.result for i in items])
    for item in items:
        ix.set_speaker_ids(item.speaker_ids.items())
        aid = item.work.article_id
        if aid in stories:
            ix.story_of[aid] = stories[aid]
            ix.members.setdefault(stories[aid], []).append(aid)
    ids = [i.work.article_id for i in items]
    link_statements(ix, ids, {a: stories[a] for a in ids if a in stories}, options)
    links = list(ix.links.values())
    rows = [(statement_order(ix.quotes[q]), shingle, q) for shingle, q in ix.shingle_rows]
    return LinkGroupResult(links, rows)


# -- client side -------------------------------------------------------------------------------------------


def _components(n_nodes: int, edges: Iterable[tuple[list[int], list[int]]]):
    """Component label of each node 0..n-1 (scipy connected components over the gathered edges)."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    left = np.fromiter(itertools.chain.from_iterable(e[0] for e in edges), dtype=np.int64)
    right = np.fromiter(itertools.chain.from_iterable(e[1] for e in edges), dtype=np.int64)
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n_nodes, n_nodes))
    _count, labels = connected_components(graph, directed=False)
    if LOG_COMPONENTS:
        sizes = np.bincount(labels)
        print(f"components: {len(sizes)} over {n_nodes} nodes, largest {sizes.max()}", flush=True)
    return labels


def _pack(labels, groups: int):
    """Whole components into ``groups`` tasks of about equal size (largest first, onto the lightest task)."""
    import numpy as np

    sizes = np.bincount(labels)
    heap = [(0, g) for g in range(groups)]
    task_of = np.zeros(len(sizes), dtype=np.int32)
    for label in np.argsort(-sizes, kind="stable"):
        load, g = heapq.heappop(heap)
        task_of[label] = g
        heapq.heappush(heap, (load + int(sizes[label]), g))
    return task_of[labels]


def _one(client, value, broadcast: bool = True):
    """One future holding ``value`` (``scatter`` alone would split a list, set or dict into many)."""
    return client.scatter([value], broadcast=broadcast, hash=False)[0]


class _Run:
    """Submits the steps of one corpus phase to a Dask client."""

    def __init__(self, client, groups: int) -> None:
        self.client, self.groups = client, groups

    def map(self, fn, futures, *args, **kwargs):
        return [self.client.submit(fn, f, *args, pure=False, **kwargs) for f in futures]

    def shuffle_edges(self, keyed) -> list[tuple[list[int], list[int]]]:
        """Group ``(key, node)`` pairs by key across partitions (a hash shuffle), return each group's edges."""
        pieces = [[self.client.submit(operator.getitem, k, r, pure=False) for k in keyed] for r in range(self.groups)]
        return self.client.gather([self.client.submit(group_edges, *p, pure=False) for p in pieces])

    def route(self, parts, group_of, node=operator.attrgetter("position")):
        """Send every item to the task of its component (a shuffle); futures of each task's inputs."""
        group_f = _one(self.client, group_of)
        split = [self.client.submit(split_by_group, p, group_f, self.groups, node, pure=False) for p in parts]
        return [[self.client.submit(operator.getitem, s, g, pure=False) for s in split] for g in range(self.groups)]


def corpus_phase(client, outdir: str, shard_ids: Sequence[str], pending: Sequence[tuple[str, str]], *,
                 groups: int | None = None, link_options: LinkOptions = LinkOptions(),
                 timings: dict[str, float] | None = None) -> CorpusTables:
    """The corpus phase of the queued articles ``pending`` (``(article_id, text_hash)`` in queue order, all
    in the dataset at ``outdir``), computed on the Dask ``client``; the rows of every corpus table.
    ``timings`` receives the wall-clock seconds of each step (read, stories, entities, links)."""
    import time

    clock = [time.perf_counter()]

    def lap(step: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[step] = timings.get(step, 0.0) + now - clock[0]
        clock[0] = now

    n = len(pending)
    tables = CorpusTables()
    if n == 0:
        return tables
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    run = _Run(client, groups or max(2, 4 * workers))
    accepted = {digest: (aid, i) for i, (aid, digest) in enumerate(pending)}
    accepted_f = _one(client, accepted)
    parts = [client.submit(read_partition, outdir, sid, p, accepted_f, pure=False) for p, sid in enumerate(shard_ids)]
    found: dict[int, tuple[int, int]] = {}
    for part in client.gather(run.map(sources, parts)):
        for position, source in part:
            if position not in found or source < found[position]:
                found[position] = source
    missing = [pending[i][0] for i in range(n) if i not in found]
    if missing:
        raise DaskCorpusError(f"{len(missing)} queued article(s) are not in the dataset {outdir} "
                              f"(first: {missing[0]}); run the corpus phase with --engine local")
    kept_f = _one(client, set(found.values()))
    parts = run.map(keep_sources, parts, kept_f)
    client.gather(run.map(len, parts))
    lap("read")

    # stories: document frequencies (a reduction in batch order), LSH buckets, components, placement
    df: Counter[str] = Counter()
    for counts in client.gather(run.map(document_frequencies, parts)):
        df.update(counts)
    tables.term_df = list(df.items())
    df_f = _one(client, dict(df))
    labels = _components(n, run.shuffle_edges(run.map(band_keys, parts, df_f, n, run.groups)))
    placed = client.gather([client.submit(place_group, df_f, n, *inputs, pure=False)
                            for inputs in run.route(run.map(story_works, parts), _pack(labels, run.groups))])
    story_ids = _renumber((r.creators for r in placed), "s")
    tables.next_story = sum(len(m) for m in story_ids.values()) + 1
    _story_tables(tables, placed, story_ids, client.gather(run.map(_placement_keys, parts)))
    stories = dict(tables.story_articles)
    stories_f = _one(client, stories)
    lap("stories")

    # entities: refs, key components, resolution; then every statement's speaker
    refs = client.gather(run.map(partition_refs, parts))
    ref_parts, count = [], 0
    for part_refs in refs:
        items = []
        for article_refs in part_refs:
            for i, ref in enumerate(article_refs):
                items.append(RefWork(count, (*ref_order(ref, entity_keys(ref)[1]), i), ref))
                count += 1
        ref_parts.append(_one(client, items, broadcast=False))
    labels = _components(count, run.shuffle_edges(run.map(ref_keys, ref_parts, run.groups)))
    resolved_groups = client.gather([client.submit(resolve_group, stories_f, *inputs, pure=False) for inputs in
                                     run.route(ref_parts, _pack(labels, run.groups), operator.attrgetter("node"))])
    entity_ids = _renumber((r.creators for r in resolved_groups), "e")
    tables.next_entity = sum(len(m) for m in entity_ids.values()) + 1
    resolved = _entity_tables(tables, resolved_groups, entity_ids)
    resolved_f = _one(client, resolved)
    speakers = [client.submit(assign_partition, p, r, resolved_f, pure=False)
                for p, r in zip(parts, [_one(client, r, broadcast=False) for r in refs], strict=True)]
    for part in client.gather(speakers):
        for item in part:
            tables.local_entity_ids.extend((a, k, e) for (a, k), e in sorted(item.local_ids.items()))
            tables.speaker_ids.extend(sorted(item.speaker_ids.items()))
    lap("entities")

    # links: components of shingles, (story, speaker) and article; each linked against its own index
    labels = _components(n, run.shuffle_edges(run.map(link_keys, speakers, stories_f, run.groups, link_options)))
    linked = client.gather([client.submit(link_group, stories_f, link_options, *inputs, pure=False)
                            for inputs in run.route(speakers, _pack(labels, run.groups))])
    tables.links = sorted((link for r in linked for link in r.links), key=lambda k: (k.quote_a, k.quote_b))
    tables.quote_shingles = [(shingle, q) for _order, shingle, q in
                             sorted(row for r in linked for row in r.shingle_rows)]
    lap("links")
    return tables


def _placement_keys(works: list[ArticleWork]) -> dict[str, tuple]:
    return {w.article_id: (*placement_key(w.features), w.position) for w in works}


def _renumber(creators_per_group: Iterable[dict[str, tuple]], prefix: str) -> dict[int, dict[str, str]]:
    """Final ids (``s000001``…) of each group's temporary ids: the global order in which they were created."""
    flat = sorted((order, g, temp) for g, creators in enumerate(creators_per_group) for temp, order in creators.items())
    maps: dict[int, dict[str, str]] = {}
    for number, (_order, g, temp) in enumerate(flat, start=1):
        maps.setdefault(g, {})[temp] = f"{prefix}{number:06d}"
    return maps


def _story_tables(tables: CorpusTables, placed: list[StoryGroupResult], ids: dict[int, dict[str, str]],
                  keys: list[dict[str, tuple]]) -> None:
    order = {a: k for part in keys for a, k in part.items()}
    rows, stories = [], []
    for g, result in enumerate(placed):
        rename = ids.get(g, {})
        for article_id, story in result.placements.items():
            rows.append((order[article_id], article_id, rename[story], result.signatures[article_id],
                         result.bands[article_id]))
        stories.extend((rename[s], *row) for s, row in result.stories.items())
    rows.sort()
    tables.story_articles = [(a, s) for _o, a, s, _d, _b in rows]
    tables.signatures = [(a, SIGNATURE_KIND, data) for _o, a, _s, data, _b in rows]
    tables.story_bands = [(band, bucket, a) for _o, a, _s, _d, bands in rows for band, bucket in enumerate(bands)]
    tables.stories = sorted(stories)


def _entity_tables(tables: CorpusTables, groups: list[EntityGroupResult], ids: dict[int, dict[str, str]]) -> dict:
    resolved, entities, key_rows = {}, [], []
    for g, result in enumerate(groups):
        rename = ids.get(g, {})
        resolved.update({k: rename[e] for k, e in result.resolved.items()})
        entities.extend(dict(row, entity_id=rename[e]) for e, row in result.entities.items())
        key_rows.extend((order, key, rename[e], weight) for order, key, e, weight in result.key_rows)
    tables.entities = sorted(entities, key=lambda r: r["entity_id"])
    tables.entity_keys = [(key, e, weight) for _o, key, e, weight in sorted(key_rows)]
    return resolved


#: Columns of each corpus table written as Parquet (the store's columns).
PARQUET_COLUMNS = {
    "story_articles": ("article_id", "story_id"),
    "stories": ("story_id", "title", "first_date", "last_date"),
    "signatures": ("article_id", "kind", "data"),
    "story_bands": ("band", "bucket", "article_id"),
    "term_df": ("term", "df"),
    "entities": ("entity_id", "name", "type", "aliases", "roles"),
    "entity_keys": ("key", "entity_id", "weight"),
    "local_entity_ids": ("article_id", "key", "entity_id"),
    "speaker_ids": ("quote_id", "speaker_id"),
    "quote_shingles": ("shingle", "quote_id"),
    "links": ("quote_a", "quote_b", "relation", "diff"),
    "meta": ("key", "value"),
}


def table_rows(tables: CorpusTables, name: str) -> list[tuple]:
    """The rows of one table as tuples of :data:`PARQUET_COLUMNS`."""
    import json

    if name == "entities":
        return [(r["entity_id"], r["name"], r["type"], json.dumps(r["aliases"], ensure_ascii=False),
                 json.dumps(r["roles"], ensure_ascii=False)) for r in tables.entities]
    if name == "links":
        return [(k.quote_a, k.quote_b, k.relation, json.dumps([list(p) for p in k.diff], ensure_ascii=False))
                for k in tables.links]
    if name == "meta":
        return [("next_story", str(tables.next_story)), ("next_entity", str(tables.next_entity))]
    return list(getattr(tables, name))


def write_parquet_tables(tables: CorpusTables, folder) -> dict[str, object]:
    """Every corpus table to ``folder/<table>.parquet`` (temporary name, then renamed into place)."""
    import os
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, columns in PARQUET_COLUMNS.items():
        rows = table_rows(tables, name)
        data = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
        path = folder / f"{name}.parquet"
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        pq.write_table(pa.table(data) if rows else pa.table({c: pa.array([], pa.string()) for c in columns}), tmp)
        os.replace(tmp, path)
        written[name] = path
    return written
