"""Extraction in parallel: local worker processes (`--workers N`) or Ray actors on a cluster (`--ray ADDRESS`).

The parent process reads the files and stores what comes back, in input order, so a parallel ingest
links and stores exactly as a single-process one. Each worker loads the model once and turns batches
of documents into extractions, with its native thread pools held to one thread (a worker is one core's
worth of work; OpenMP threads that spin next to a busy neighbour cost more than they give).

A worker that dies loses no document: its batch goes to a new worker; after a second death the batch is
split into single documents, and a document that kills its worker twice is reported as failed.
"""

from __future__ import annotations

import itertools
import os
import pickle
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator

from .errors import WorkerError
from .models import Document, Extraction

BATCH_DOCS = 8          # documents per batch sent to a worker
BATCHES_AHEAD = 3       # batches per worker read ahead of the writer
POLL_SECONDS = 0.02


class WorkerDied(Exception):
    """Extraction outcome of a document whose worker died twice while extracting it."""


NATIVE_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def one_native_thread():
    """Hold the BLAS and OpenMP pools loaded so far to one thread; as a context manager, until it exits."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def default_nlp_factory() -> Callable:
    """A picklable function that builds the configured pipeline in a worker."""
    from . import settings
    from .extract.nlp import get_nlp

    return partial(get_nlp, settings.get("ACTORGRAPH_MODEL"))


def extract_batch(documents: list[Document], nlp) -> list[Extraction | Exception]:
    """What the single-process pipeline makes of these documents, with exceptions made portable."""
    from .pipeline import analyse

    return [_portable(outcome) for _, outcome in analyse(documents, nlp)]


def _portable(outcome):
    if not isinstance(outcome, Exception):
        return outcome
    try:
        pickle.dumps(outcome)
        return outcome
    except Exception:
        return RuntimeError(f"{type(outcome).__name__}: {outcome}")


@dataclass
class _Batch:
    number: int
    documents: list[Document]
    deaths: int = 0
    parent: "_Batch | None" = None   # a single document split off a batch whose worker died twice
    index: int = 0
    pieces: dict = field(default_factory=dict)


@dataclass
class _Death:
    why: str


class ExtractionPool:
    """Batches documents out to workers and hands the outcomes back in submission order.

    Subclasses start, feed and watch the workers from one dispatcher thread (`_start`, `_idle`, `_send`,
    `_poll`, `_replace`, `_stop`, and `_busy`: worker slot -> batch); the caller's thread only reads and writes.
    """

    def __init__(self, workers: int, make_nlp: Callable | None = None):
        if workers < 1:
            raise WorkerError(f"--workers must be 1 or more, not {workers}.")
        self.size = workers
        self.make_nlp = make_nlp or default_nlp_factory()
        self.restarts_left = 2 * workers + 8
        self._numbers = itertools.count(1)
        self._lock = threading.Condition()
        self._todo: deque[_Batch] = deque()
        self._done: dict[int, list] = {}         # batch number -> outcomes
        self._busy: dict = {}
        self._error: BaseException | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None

    # -- the caller's side --------------------------------------------------------------------
    def map(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Extraction | Exception]]:
        """(document, extraction or the exception that broke it) for each document, in order."""
        sent: deque[_Batch] = deque()
        for batch in _batches(documents, BATCH_DOCS):
            sent.append(self._submit(batch))
            while len(sent) > BATCHES_AHEAD * self.size:
                yield from self._collect(sent.popleft())
        while sent:
            yield from self._collect(sent.popleft())

    def _submit(self, documents: list[Document]) -> _Batch:
        batch = _Batch(next(self._numbers), documents)
        with self._lock:
            self._todo.append(batch)
        return batch

    def _collect(self, batch: _Batch) -> Iterator[tuple[Document, Extraction | Exception]]:
        with self._lock:
            while batch.number not in self._done and self._error is None:
                self._lock.wait(0.5)
            if self._error is not None:
                raise self._error
            outcomes = self._done.pop(batch.number)
        yield from zip(batch.documents, outcomes)

    def __enter__(self):
        self._thread = threading.Thread(target=self._dispatch, name="actorgraph-workers", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stopping = True
        if self._thread:
            self._thread.join()

    # -- the dispatcher thread ----------------------------------------------------------------
    def _dispatch(self) -> None:
        try:
            self._start()
            while not self._stopping:
                self._feed()
                for slot, outcomes in self._poll(POLL_SECONDS):
                    self._finished(slot, outcomes)
        except BaseException as exc:   # surfaces in the caller's thread at its next result
            with self._lock:
                self._error = exc
                self._lock.notify_all()
        finally:
            self._stop()

    def _feed(self) -> None:
        with self._lock:
            for slot in self._idle():
                if not self._todo:
                    return
                batch = self._todo.popleft()
                self._busy[slot] = batch
                self._send(slot, batch)

    def _finished(self, slot, outcomes) -> None:
        batch = self._busy.pop(slot)
        if isinstance(outcomes, _Death):
            self._died(slot, batch, outcomes.why)
        else:
            self._complete(batch, outcomes)

    def _complete(self, batch: _Batch, outcomes: list) -> None:
        with self._lock:
            whole = batch.parent or batch
            if batch.parent is not None:
                whole.pieces[batch.index] = outcomes[0]
                if len(whole.pieces) < len(whole.documents):
                    return
                outcomes = [whole.pieces[i] for i in range(len(whole.documents))]
            self._done[whole.number] = outcomes
            self._lock.notify_all()

    def _died(self, slot, batch: _Batch, why: str) -> None:
        """Replace the worker; its batch goes again, split after a second death, or fails after two alone."""
        if self.restarts_left == 0:
            raise WorkerError(f"Extraction workers keep dying ({why}). Check memory and the model "
                              "installation, or ingest with --workers 1 to see the error.")
        self.restarts_left -= 1
        self._replace(slot)
        batch.deaths += 1
        if batch.deaths >= 2 and len(batch.documents) == 1:
            self._complete(batch, [WorkerDied(f"its extraction worker died twice ({why})")])
            return
        with self._lock:
            if batch.deaths < 2:
                self._todo.appendleft(batch)
            else:
                self._todo.extendleft(reversed([_Batch(batch.number, [d], parent=batch, index=i)
                                                for i, d in enumerate(batch.documents)]))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class LocalPool(ExtractionPool):
    """Worker processes on this machine (spawned, so no state of the parent leaks into them)."""

    def _start(self) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context("spawn")
        self._workers: dict[int, tuple] = {}
        for slot in range(self.size):
            self._workers[slot] = self._spawn()

    def _spawn(self) -> tuple:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.make_nlp), daemon=True,
                                        name="actorgraph-extract")
        process.start()
        child.close()
        return process, parent

    def _idle(self) -> list[int]:
        return [slot for slot in self._workers if slot not in self._busy]

    def _send(self, slot: int, batch: _Batch) -> None:
        self._workers[slot][1].send(batch.documents)

    def _poll(self, timeout: float) -> list[tuple]:
        from multiprocessing.connection import wait

        watched = {}
        for slot in self._busy:
            process, conn = self._workers[slot]
            watched[conn] = slot
            watched[process.sentinel] = slot
        if not watched:
            time.sleep(timeout)
            return []
        out = {}
        for ready in wait(list(watched), timeout):
            slot = watched[ready]
            if slot in out:
                continue
            out[slot] = self._receive(slot)
        return [(slot, outcomes) for slot, outcomes in out.items() if outcomes is not None]

    def _receive(self, slot: int):
        process, conn = self._workers[slot]
        try:
            if conn.poll():
                message = conn.recv()
                if isinstance(message, _Failure):
                    raise WorkerError(message.text)
                return message
        except (EOFError, OSError):
            pass
        process.join(1)
        if process.exitcode is None:
            return None
        return _Death(f"exit code {process.exitcode}")

    def _replace(self, slot: int) -> None:
        process, conn = self._workers[slot]
        conn.close()
        process.join(1)
        self._workers[slot] = self._spawn()

    def _stop(self) -> None:
        for process, conn in getattr(self, "_workers", {}).values():
            try:
                conn.send(None)
            except OSError:
                pass
        for process, conn in getattr(self, "_workers", {}).values():
            process.join(10)
            if process.is_alive():
                process.kill()
            conn.close()


@dataclass
class _Failure:
    text: str


def _serve(conn, make_nlp) -> None:
    """A worker process: load the model once, then extract each batch it is sent until told to stop."""
    for name in NATIVE_THREAD_VARIABLES:   # read by the native libraries as they load, which is after this
        os.environ[name] = "1"
    try:
        nlp = make_nlp()
    except Exception as exc:
        conn.send(_Failure(f"An extraction worker could not load the model: {exc}"))
        return
    one_native_thread()
    while True:
        try:
            documents = conn.recv()
        except EOFError:
            return
        if documents is None:
            return
        conn.send(extract_batch(documents, nlp))


def open_pool(workers: int, ray_address: str | None = None, make_nlp: Callable | None = None) -> ExtractionPool:
    """A local pool of `workers` processes, or Ray actors when a Ray address (or 'auto', 'local') is given."""
    if ray_address:
        from .cluster import RayPool

        return RayPool(workers, ray_address, make_nlp)
    return LocalPool(workers, make_nlp)
