"""Extraction as Ray actors: `actorgraph ingest --ray ADDRESS` (or `auto`, or `local` for a Ray started here).

Ray is an optional extra: `pip install actorgraph[cluster]`. Every machine of the cluster needs actorgraph
and its model installed. Each actor loads the model once and extracts the batches it is given; the
process that runs `ingest` reads the files and writes every result to the one store (use PostgreSQL when
several machines ingest into one knowledge base). An actor that dies is replaced and its batch retried,
as with local workers.
"""

from __future__ import annotations

import os
import time
from typing import Callable

from .errors import WorkerError
from .workers import ExtractionPool, _Death, extract_batch, one_native_thread

# a local Ray keeps its shared-object store small: batches of reports and their extractions are small
LOCAL_OBJECT_STORE_BYTES = 200 * 1024 * 1024


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise WorkerError("--ray needs Ray, an optional extra: pip install 'actorgraph[cluster]'") from exc
    return ray


def connect(address: str) -> None:
    """Join the Ray cluster at `address` ('auto': the one this machine belongs to; 'local': start one here)."""
    ray = _ray()
    if ray.is_initialized():
        return
    try:
        if address == "local":
            ray.init(include_dashboard=False, object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                     log_to_driver=False, configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise WorkerError(f"Cannot reach a Ray cluster at {address!r} ({exc}). Start one with `ray start --head`, "
                          "pass its address, or use --ray local.") from exc


class _Extractor:
    """A Ray actor: the model loaded once, then one batch of documents per call."""

    def __init__(self, make_nlp: Callable):
        self.nlp = make_nlp()
        one_native_thread()   # Ray also sets OMP_NUM_THREADS=1 for one-CPU actors

    def run(self, documents):
        return extract_batch(documents, self.nlp)

    def pid(self) -> int:
        return os.getpid()


class RayPool(ExtractionPool):
    """`workers` Ray actors of one CPU each, fed and watched like local worker processes."""

    def __init__(self, workers: int, address: str, make_nlp: Callable | None = None):
        super().__init__(workers, make_nlp)
        self.address = address

    def _start(self) -> None:
        ray = _ray()
        connect(self.address)
        self._remote = ray.remote(num_cpus=1, max_restarts=0)(_Extractor)
        self._actors = {slot: self._remote.remote(self.make_nlp) for slot in range(self.size)}
        self._calls: dict = {}   # object ref -> slot

    def _idle(self) -> list[int]:
        return [slot for slot in self._actors if slot not in self._busy]

    def _send(self, slot: int, batch) -> None:
        self._calls[self._actors[slot].run.remote(batch.documents)] = slot

    def _poll(self, timeout: float) -> list[tuple]:
        ray = _ray()
        if not self._calls:
            time.sleep(timeout)
            return []
        ready, _ = ray.wait(list(self._calls), num_returns=1, timeout=timeout)
        out = []
        for ref in ready:
            slot = self._calls.pop(ref)
            try:
                out.append((slot, ray.get(ref)))
            except ray.exceptions.RayActorError as exc:
                out.append((slot, _Death(f"Ray actor died: {type(exc).__name__}")))
        return out

    def _replace(self, slot: int) -> None:
        _ray().kill(self._actors[slot], no_restart=True)
        self._actors[slot] = self._remote.remote(self.make_nlp)

    def _stop(self) -> None:
        ray = _ray()
        for actor in getattr(self, "_actors", {}).values():
            ray.kill(actor, no_restart=True)

    def actor_pids(self) -> list[int]:
        """Process ids of the actors (tests kill one to see that no document is lost)."""
        return _ray().get([actor.pid.remote() for actor in self._actors.values()])
