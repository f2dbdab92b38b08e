"""Children die with their parent, even when the parent is killed with SIGKILL.

A ``credit-dd`` run starts children it does not fully control: Prefect's embedded API server
(a uvicorn process) and the document readers. Killed outright, the parent runs no clean-up and
those children live on for minutes. :func:`start` launches this file as a tiny watchdog in its own
session: every half second it notes the parent's descendants (from ``/proc``), and once the parent
is gone it stops the ones it noted (SIGTERM, then SIGKILL), and exits. It imports nothing but the
standard library and runs with ``-I -S``, so it costs a few milliseconds to start.

Linux only (``/proc``); elsewhere :func:`start` does nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.5
GRACE_SECONDS = 3.0


def start() -> None:
    """Watch this process: its descendants are stopped when it dies, however it dies."""
    if not Path("/proc/self/stat").exists() or os.environ.get("CREDIT_DD_LIFELINE") == "0":
        return
    subprocess.Popen(
        [sys.executable, "-I", "-S", __file__, str(os.getpid()), str(_started(os.getpid()))],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a kill of the parent's process group does not take the watchdog too
        close_fds=True,
    )


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after the command name (which may hold spaces)


def _started(pid: int) -> int:
    """The process's start time in clock ticks since boot (with the pid, a process's identity)."""
    fields = _stat(pid)
    return int(fields[19]) if fields else -1


def _alive(pid: int, started: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z" and int(fields[19]) == started


def _descendants(root: int) -> set[tuple[int, int]]:
    """(pid, start time) of every live descendant of ``root``."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) is not None:
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child != os.getpid():
                found.add((child, _started(child)))
                todo.append(child)
    return found


def _stop(processes: set[tuple[int, int]]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid, started in processes:
            if _alive(pid, started):
                with contextlib.suppress(OSError):
                    os.kill(pid, sig)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(_alive(p, s) for p, s in processes):
            time.sleep(0.1)


def watch(parent: int, started: int) -> None:
    """Note ``parent``'s descendants until it dies, then stop them."""
    known: set[tuple[int, int]] = set()
    while _alive(parent, started):
        known = {p for p in known if _alive(*p)} | _descendants(parent)
        time.sleep(POLL_SECONDS)
    _stop(known)


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]))
