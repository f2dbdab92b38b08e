"""Embedded mode's database: a private copy of a pre-migrated one, instead of migrating per process.

Without ``PREFECT_API_URL`` a run starts Prefect's temporary API. Migrating a new database for it
costs about 9 s on every start. Instead, the first run on a Prefect home migrates a template once
(``<PREFECT_HOME>/credit-dd/embedded-<prefect version>.db``, made aside and renamed into place, so
runs starting together never see half of it), and every process runs on its own copy: no file is
shared between processes, so no lock is. A copy is removed when its process exits; copies left
by killed processes are removed by the next run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import suppress
from importlib.metadata import version
from pathlib import Path

STALE_SECONDS = 3600


def _home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser() / "credit-dd"


def _migrate(template: Path) -> None:
    """Create the template: Prefect's own migrations on a file beside it, renamed into place."""
    staging = template.with_name(f".{template.name}.{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{staging}"}
    env.pop("PREFECT_API_URL", None)
    prefect = Path(sys.executable).with_name("prefect")
    subprocess.run(
        [str(prefect), "server", "database", "upgrade", "-y"], env=env, check=True, capture_output=True, timeout=600
    )
    os.replace(staging, template)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _clean_stale(runs: Path) -> None:
    """Copies whose process is gone (killed before its exit hook ran)."""
    for copy in runs.glob("*.db"):
        pid = copy.name.split("-")[0]
        if (
            pid.isdigit()
            and not Path(f"/proc/{pid}").exists()
            and time.time() - copy.stat().st_mtime > 60
            or time.time() - copy.stat().st_mtime > STALE_SECONDS * 24
        ):
            _remove(copy)


def private_database_url() -> str:
    """This process's own copy of the pre-migrated database (made on first use), as a URL."""
    home = _home()
    runs = home / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    template = home / f"embedded-prefect-{version('prefect')}.db"
    if not template.exists():
        _migrate(template)
    _clean_stale(runs)
    copy = runs / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.db"
    shutil.copyfile(template, copy)
    atexit.register(_remove, copy)
    return f"sqlite+aiosqlite:///{copy}"
