"""Embedded mode's temporary API: started at once, on a private copy of a pre-migrated database.

Without ``PREFECT_API_URL`` a run needs Prefect's temporary API. Migrating a new database for it
costs about 9 s on every start, and registering Prefect's block types in it another 2 s. Instead,
the first run on a Prefect home makes a template once (migrated, block types registered:
``<PREFECT_HOME>/credit-dd/embedded-prefect-<version>-<LAYOUT>.db``, made aside and renamed into
place, so runs starting together never see half of it), and every process runs on its own copy: no
file is shared between processes, so no lock is. A copy is removed when its process exits; copies
left by killed processes are removed by the next run.

:func:`start_api` starts the API's process itself, the moment a run knows it needs one, instead of
through Prefect's ``SubprocessASGIServer``: that class lives in Prefect's server module, whose
import costs the run's own process about 3 s for a process it only launches.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import suppress
from importlib.metadata import version
from pathlib import Path

from credit_dd.errors import ServiceError

STALE_SECONDS = 3600
LAYOUT = "blocks"  # what a template holds beyond the migrations; a new word makes new templates
PORT_IN_USE = 3  # uvicorn's exit status when its port was taken meanwhile
REGISTER_BLOCKS = """
import asyncio
from prefect.server.database import provide_database_interface
from prefect.server.models.block_registration import run_block_auto_registration

async def register() -> None:
    db = provide_database_interface()
    async with await db.session() as session:
        await run_block_auto_registration(session=session)
        await session.commit()

asyncio.run(register())
"""
# What every temporary API is started with (what Prefect's own launcher sets, and: the copy is
# migrated and holds the block types already, so checking again only costs time).
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    "PREFECT_API_DATABASE_MIGRATE_ON_START": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
STARTUP_SECONDS = 120.0  # a loaded machine can take far longer than the 4 s it takes here


def _home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser() / "credit-dd"


def _migrate(template: Path) -> None:
    """Create the template: Prefect's own migrations and block types on a file beside it, renamed
    into place."""
    staging = template.with_name(f".{template.name}.{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{staging}"}
    env.pop("PREFECT_API_URL", None)
    prefect = Path(sys.executable).with_name("prefect")
    subprocess.run(
        [str(prefect), "server", "database", "upgrade", "-y"], env=env, check=True, capture_output=True, timeout=600
    )
    subprocess.run([sys.executable, "-c", REGISTER_BLOCKS], env=env, check=True, capture_output=True, timeout=600)
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
    template = home / f"embedded-prefect-{version('prefect')}-{LAYOUT}.db"
    if not template.exists():
        _migrate(template)
    _clean_stale(runs)
    copy = runs / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.db"
    shutil.copyfile(template, copy)
    atexit.register(_remove, copy)
    return f"sqlite+aiosqlite:///{copy}"


class EmbeddedAPI:
    """This process's temporary API: a uvicorn process serving Prefect's API on a private database."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._launch()
        atexit.register(self.stop)  # registered before Prefect's own exit hooks, so it runs after them

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        with socket.socket() as probe:  # a free port; if taken before uvicorn binds it, it exits with 3
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, **SERVER_ENV, "PREFECT_API_DATABASE_CONNECTION_URL": self.database_url}
        env.pop("PREFECT_API_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app"]
            + ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "error", "--lifespan", "on"],
            env=env,
            stdin=subprocess.DEVNULL,
        )

    def wait_until_healthy(self, timeout: float = STARTUP_SECONDS) -> None:
        """Block until the API answers; a RuntimeError naming the cause when it cannot start."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            status = self.process.poll()
            if status == PORT_IN_USE:
                self._launch()
            elif status is not None:
                raise ServiceError(f"the temporary Prefect API exited with status {status} while starting")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise ServiceError(f"the temporary Prefect API did not start within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_API: EmbeddedAPI | None = None


def start_api() -> EmbeddedAPI:
    """Start this process's temporary API (once) and point Prefect's client at it.

    Call before Prefect is first used; from then on ``PREFECT_API_URL`` names it, so callers that
    must tell embedded mode from a configured server ask :func:`running` instead.
    """
    global _API
    if _API is None:
        _API = EmbeddedAPI(os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL") or private_database_url())
        os.environ["PREFECT_API_URL"] = _API.url
    return _API


def running() -> bool:
    """Whether this process runs on its own temporary API (embedded mode)."""
    return _API is not None
