"""Reading documents in a separate worker process, with a hard time and memory limit.

pdfplumber runs pure Python over untrusted bytes: a pathological page can loop for minutes or
inflate a decompression bomb, and a time check between pages cannot stop either. Each
document is read in a long-lived worker process (spawned once, reused); a document that
runs past its deadline gets the worker killed and a ``DOC_UNREADABLE`` deficiency, and the
next document gets a fresh worker. The address-space cap turns a bomb into a MemoryError.

A document is handed to the pool only when a worker is free, so its deadline counts its own
reading, never the time spent waiting behind others. Killing a pool for one document's timeout
also stops whatever its other worker was reading: that innocent document is read again on a
fresh pool. A timed-out or crashed read is marked ``transient`` so it is never cached.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import threading
import weakref
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from credit_dd.documents.files import ParsedDocument, issue, read_document, sha256_file, sniff_type
from credit_dd.documents.pdftext import PdfLimits

WORKER_MEMORY_BYTES = 2 * 1024**3
START_SLACK_SECONDS = 30.0  # a fresh worker's start (spawn and imports) on a loaded machine
INNOCENT_RETRIES = 2


def _limit_memory(max_bytes: int) -> None:
    """A reader's start: its memory cap; and Ctrl-C is its parent's to handle (the terminal sends
    it to the whole process group: readers idle in a queue would each print a traceback)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class IsolatedReader:
    """Reads documents in worker processes; thread-safe, one pool per reader."""

    def __init__(
        self, workers: int = 1, memory_bytes: int = WORKER_MEMORY_BYTES, start_slack: float = START_SLACK_SECONDS
    ) -> None:
        self.workers, self.memory_bytes, self.start_slack = workers, memory_bytes, start_slack
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._free = threading.BoundedSemaphore(workers)  # a read starts only when a worker is free
        self._killed: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()  # pools killed for a timeout

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_limit_memory,
                    initargs=(self.memory_bytes,),
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Kill the pool's workers (a second call on a pool already shut down is harmless)."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
            self._killed.add(pool)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def read(self, path: Path, file: str, password: str | None, currency: str, limits: PdfLimits) -> ParsedDocument:
        """Read one document; a hang or a crash becomes a deficiency, never an exception."""
        for _attempt in range(INNOCENT_RETRIES + 1):
            with self._free:
                pool = self._executor()
                future = pool.submit(read_document, path, file, password, currency, limits)
                try:
                    return future.result(timeout=limits.max_seconds + self.start_slack)
                except FutureTimeout:
                    self._discard(pool)
                    return _failed(path, file, f"reading took longer than {limits.max_seconds:.0f} s and was stopped")
                except (BrokenProcessPool, CancelledError):
                    if pool in self._killed:
                        continue  # stopped for another document's timeout: read it again on a fresh pool
                    self._discard(pool)
                    return _failed(path, file, "the reader ran out of memory or crashed on this file")
                except MemoryError:
                    return _failed(
                        path, file, "the file needs more memory than a document may use (decompression bomb?)", False
                    )
        return _failed(path, file, "the reader was stopped repeatedly while other documents timed out")

    def close(self) -> None:
        """Stop the worker processes."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _failed(path: Path, file: str, reason: str, transient: bool = True) -> ParsedDocument:
    with path.open("rb") as handle:
        head = handle.read(1024)
    return ParsedDocument(
        file=file,
        sha256=sha256_file(path),
        size=path.stat().st_size,
        true_type=sniff_type(head),
        kind="unreadable",
        issues=[issue("DOC_UNREADABLE", "error", file=file, detail=reason)],
        transient=transient,
    )
