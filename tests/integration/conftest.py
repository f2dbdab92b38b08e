"""Real processes: a `prefect server`, `credit-dd serve`, workers, PostgreSQL. No test harness here."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float, what: str, every: float = 0.5) -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class Process:
    """A child process in its own process group, with its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> None:
        self.log = log
        self._out = log.open("ab")
        self.popen = subprocess.Popen(
            args, env=env, stdout=self._out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        """Ctrl-C, as an operator would stop it; SIGKILL if it does not stop."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGINT)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._out.close()

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class PrefectServer:
    """`prefect server start` on a free port with its own home (SQLite or a database URL)."""

    def __init__(self, home: Path, database_url: str | None = None, auth: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        user, _, password = (auth or "").partition(":")
        self.auth = (user, password) if auth else None  # basic auth, as Prefect's setting gives it
        self.env = {
            **os.environ,
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": self.url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "true",
            "PREFECT_LOGGING_LEVEL": "INFO",
            # The scheduler makes cron runs every 5 s instead of 60 (the cron test waits for them).
            "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
            # Workers and `serve`'s runner look for runs to start every 2 s instead of 10: a test
            # waits for each run they start (a bank sets these by its own latency needs).
            "PREFECT_WORKER_QUERY_SECONDS": "2",
            "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        }
        if database_url:
            self.env["PREFECT_API_DATABASE_CONNECTION_URL"] = database_url
        if auth:  # the server demands it, and every client here (serve, submit, workers) sends it
            self.env["PREFECT_SERVER_API_AUTH_STRING"] = auth
            self.env["PREFECT_API_AUTH_STRING"] = auth
            self.env["PREFECT_UI_API_URL"] = "/api"  # the UI calls its own origin (as behind a proxy)
        home.mkdir(parents=True, exist_ok=True)
        self.process = Process(
            [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            self.env,
            home / "server.log",
        )
        wait_for(self.healthy, 120, f"prefect server on port {self.port}")

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health", timeout=2, auth=self.auth).status_code == 200
        except httpx.HTTPError:
            return False

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.post(f"{self.url}{path}", json=body or {}, timeout=30, auth=self.auth)
        response.raise_for_status()
        return response.json()

    def flow_runs(self) -> list[dict[str, Any]]:
        return list(self.post("/flow_runs/filter", {"limit": 200}))

    def deployments(self) -> list[str]:
        return [d["name"] for d in self.post("/deployments/filter", {"limit": 50})]

    def deployed_for(self, out: Path) -> bool:
        """All three deployments registered with this output folder (a restart re-registers them)."""
        found = self.post("/deployments/filter", {"limit": 50})
        return len(found) == 3 and all(d["parameters"].get("settings", {}).get("out_dir") == str(out) for d in found)

    def stop(self) -> None:
        self.process.stop()


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[PrefectServer]:
    """The module's server; a module that sets ``DASHBOARD_AUTH`` runs it with API authentication on."""
    auth = getattr(request.module, "DASHBOARD_AUTH", None)
    server = PrefectServer(tmp_path_factory.mktemp("prefect-home"), auth=auth)
    yield server
    server.stop()


def credit_dd(server: PrefectServer, *args: str, log: Path) -> Process:
    """`credit-dd ARGS` in the background against ``server``."""
    return Process([str(VENV_BIN / "credit-dd"), *args], server.env, log)


def prefect_worker(server: PrefectServer, pool: str, log: Path, cwd: Path) -> Process:
    """`prefect worker start` on ``pool``, one flow run at a time."""
    return Process(
        [str(VENV_BIN / "prefect"), "worker", "start", "--pool", pool, "--limit", "1"], server.env, log, cwd=cwd
    )


def run_credit_dd(server: PrefectServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "credit-dd"), *args], env=server.env, capture_output=True, text=True, timeout=600
    )


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Postgres:
    """A throw-away PostgreSQL 15 cluster on a free port (trust auth, local only)."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.data = root / "pgdata"
        self.root = root
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._as = as_postgres
        root.chmod(0o777)
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(root / "postgres.log"),
                "-o",
                f"-p {self.port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200",
                "-w",
                "start",
            ]
        )

    def _run(self, args: list[str]) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=120)

    def create_database(self, name: str) -> None:
        self._run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])

    def url(self, name: str, driver: str) -> str:
        return f"postgresql+{driver}://postgres@127.0.0.1:{self.port}/{name}"

    def postmaster(self) -> int:
        """The server's process id (its first line of postmaster.pid)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        subprocess.run(
            [*self._as, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
            capture_output=True,
            timeout=60,
        )


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 not installed (scripts/bootstrap.sh installs it)")
    # Not under pytest's tmp folder: that is private to root, and the cluster runs as `postgres`.
    root = Path(tempfile.mkdtemp(prefix="credit-dd-pg-"))
    server = Postgres(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


class SignedInBrowserProxy:
    """What an operator's signed-in browser does: every request to the dashboard carries the API
    auth string. A local HTTP proxy adds it, so headless Chromium can render a protected dashboard."""

    def __init__(self, server: PrefectServer) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        target, auth = f"http://127.0.0.1:{server.port}", server.auth

        class Forward(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                reply = httpx.request(
                    self.command,
                    target + self.path,
                    headers=headers,
                    content=self.rfile.read(length) if length else None,
                    auth=auth,
                    timeout=60,
                )
                self.send_response(reply.status_code)
                for key, value in reply.headers.items():
                    if key.lower() not in ("content-length", "transfer-encoding", "content-encoding", "connection"):
                        self.send_header(key, value)
                self.send_header("content-length", str(len(reply.content)))
                self.end_headers()
                self.wfile.write(reply.content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _forward

            def log_message(self, *_args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Forward)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
