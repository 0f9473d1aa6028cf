"""The Dask engine: shards become Dask tasks on a LocalCluster or on a real cluster.

Dask does the scheduling, retries after a lost worker and the dashboard; newsprism only
supplies shards and the task (:func:`newsprism.engine.shards.process_shard`). Each worker
is a process with one thread that loads spaCy once, when it joins (a ``WorkerPlugin``),
and keeps it for every task it runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from newsprism.errors import NewsprismError
from newsprism.engine.shards import Shard
from newsprism.nlp import load_nlp

__all__ = ["DaskBackend", "LoadSpacy", "DaskEngineError"]

#: Tasks kept submitted at once per worker: enough to keep workers busy, few enough that a
#: run over millions of shards does not hold millions of futures.
IN_FLIGHT_PER_WORKER = 4


class DaskEngineError(NewsprismError, RuntimeError):
    """The Dask scheduler could not be reached or the cluster could not start."""

    code = "NP-E503"


class LoadSpacy(WorkerPlugin):
    """Load the spaCy pipeline when a worker starts (cached per process by ``load_nlp``)."""

    idempotent = True
    name = "newsprism-load-spacy"

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker) -> None:
        load_nlp(self.model)


#: Memory limit of each LocalCluster worker. Workers hold no results (shards are written to disk), so the
#: limit only bounds slow growth over long runs: the nanny restarts a worker near it, and its shard is
#: retried (shard writes are atomic, so nothing is duplicated).
WORKER_MEMORY_LIMIT = "2GB"


class DaskBackend:
    """Runs shard tasks on a Dask cluster: a LocalCluster of ``workers`` processes, or ``scheduler``."""

    name = "dask"

    def __init__(self, *, scheduler: str | None = None, workers: int = 2, model: str | None = None,
                 memory_limit: str | None = WORKER_MEMORY_LIMIT, preload: bool = True) -> None:
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            memory_limit=memory_limit, dashboard_address=":0")
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise DaskEngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from exc
        if preload:
            self.client.register_plugin(LoadSpacy(model))

    @property
    def dashboard_link(self) -> str | None:
        try:
            return self.client.dashboard_link
        except Exception:  # noqa: BLE001 - no dashboard (bokeh missing): nothing to show
            return None

    @property
    def n_workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map_unordered(self, fn, shards: Sequence[Shard]) -> Iterator[tuple[Shard, dict | None, BaseException | None]]:
        """Submit shards a few per worker at a time (topped up as the cluster grows); yield as they finish."""
        pending = iter(shards)
        owner: dict[str, Shard] = {}
        running = as_completed()

        def top_up() -> None:
            window = max(1, self.n_workers) * IN_FLIGHT_PER_WORKER
            for shard in itertools.islice(pending, max(0, window - len(owner))):
                future = self.client.submit(fn, shard, key=f"newsprism-shard-{shard.shard_id}", pure=False)
                owner[future.key] = shard
                running.add(future)

        top_up()
        for future in running:
            shard = owner.pop(future.key)
            try:
                yield shard, future.result(), None
            except Exception as exc:  # noqa: BLE001 - reported per shard; the run goes on
                yield shard, None, exc
            future.release()
            top_up()

    def worker_memory(self) -> dict[str, int]:
        """Resident memory of each worker now, in bytes (from the scheduler's heartbeat)."""
        info = self.client.scheduler_info().get("workers", {})
        return {addr: w.get("metrics", {}).get("memory", 0) for addr, w in info.items()}

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
