"""What a person at the terminal sees: a bar while documents are read, then one line per case.

Prefect's INFO log stays where it is useful, in the dashboard (with a server) and in the case
folder's ``logs/`` (every run); ``--verbose`` brings it back to the terminal.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

PROGRESS_LOGGER = "credit_dd.progress"  # the documents-read counts the flow reports as it goes
WIDTH = 24


class ProgressBar(logging.Handler):
    """Draws ``case  [#########...........]  3/8 documents`` on a terminal, in place."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.stream = sys.stderr

    def emit(self, record: logging.LogRecord) -> None:
        done, total = int(getattr(record, "done", 0)), int(getattr(record, "total", 0))
        if not total or not self.stream.isatty():
            return
        filled = WIDTH * done // total
        bar = "#" * filled + "." * (WIDTH - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{getattr(record, 'case_id', '')}  [{bar}]  {done}/{total} documents{end}")
        self.stream.flush()


def show_progress() -> None:
    """Route the documents-read counts to the bar (not to the log)."""
    logger = logging.getLogger(PROGRESS_LOGGER)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if not any(isinstance(h, ProgressBar) for h in logger.handlers):
        logger.addHandler(ProgressBar())


@contextmanager
def run_log(out_dir: Path) -> Iterator[Path]:
    """Every log record of the run, at INFO and above, in a file; the caller moves it into the case folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f".run-{uuid.uuid4().hex[:8]}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()


def keep_log(log: Path, case_folder: Path) -> Path | None:
    """Move a run's log into ``case_folder/logs/`` (beside the package, not in it)."""
    if not log.exists():
        return None
    if not case_folder.is_dir():
        log.unlink()
        return None
    target = case_folder / "logs" / f"run-{datetime.now(UTC):%Y%m%dT%H%M%S}-{log.stem[-8:]}.log"
    target.parent.mkdir(exist_ok=True)
    log.rename(target)
    return target
