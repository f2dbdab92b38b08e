"""The audit trail of a flow run: every task run it made, as this process saw it end.

Why not read the task runs back from the API: their states reach the API as events, a moment
after the fact, so a read taken while the case is being written can miss the last few runs
(CI once saw ``analyse-case`` missing). The engine that ran the task knows its final state at
once; a state hook records it here, keyed by flow run, and the run writing the package takes it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any, TypeVar

from prefect import Task
from prefect.client.schemas.objects import State, TaskRun

T = TypeVar("T", bound=Task[Any, Any])

_MAX_FLOW_RUNS = 256  # runs that never wrote a package (failed, cancelled) must not pile up
_lock = threading.Lock()
_trails: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()


def record_task_run(task: Task[Any, Any], run: TaskRun, state: State) -> None:
    """State hook: note a task run that reached its final state (mapped runs call it from threads)."""
    end = run.end_time or state.timestamp
    entry = {
        "name": run.name,
        "state": state.name,
        "run_count": run.run_count,
        "start_time": run.start_time.isoformat() if run.start_time else None,  # None: served from cache
        "end_time": end.isoformat(),
        "seconds": round(run.total_run_time.total_seconds(), 3),
    }
    with _lock:
        _trails.setdefault(str(run.flow_run_id), []).append(entry)
        _trails.move_to_end(str(run.flow_run_id))
        while len(_trails) > _MAX_FLOW_RUNS:
            _trails.popitem(last=False)


def take_trail(flow_run_id: str | None) -> list[dict[str, Any]]:
    """Every task run of ``flow_run_id`` recorded so far, in the order they started."""
    if not flow_run_id:
        return []
    with _lock:
        runs = list(_trails.get(flow_run_id, []))
    return sorted(runs, key=lambda r: (r["start_time"] or r["end_time"], r["name"]))


def trailed(task: T) -> T:
    """``task`` with its final state recorded in the audit trail."""
    task.on_completion(record_task_run)
    task.on_failure(record_task_run)
    return task


class _QuietHooks(logging.Filter):
    """Drops the engine's two INFO lines per task about running ``record_task_run``: bookkeeping,
    not something an operator reading the run's log needs to see 30 times."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'record_task_run'" not in record.getMessage()


def quiet_trail_hooks() -> None:
    """Attach the filter to the task-run logger (idempotent)."""
    logger = logging.getLogger("prefect.task_runs")
    if not any(isinstance(f, _QuietHooks) for f in logger.filters):
        logger.addFilter(_QuietHooks())
