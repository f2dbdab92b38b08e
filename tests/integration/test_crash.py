"""SIGKILL at each step of a run, then run again: one case, the same outputs, nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from credit_dd.operations.store import CaseStore
from credit_dd.package.verify import verify_package
from tests.conftest import SAMPLES, truth
from tests.integration.conftest import VENV_BIN, PrefectServer

CASE = "APP-20261120-0011"


def _sweep(server: PrefectServer, home: Path) -> subprocess.Popen[bytes]:
    # Against the module's prefect server rather than embedded mode: what is under test is the
    # case store and the file system, and a temporary API per sweep would cost ~20 s each. Its own
    # PREFECT_HOME: no parse result cached by another test.
    env = {**server.env, "PREFECT_HOME": str(home / "prefect")}
    return subprocess.Popen(
        [str(VENV_BIN / "credit-dd"), "sweep", "--no-pdf", "--inbox", str(home / "inbox"), "--out", str(home / "out")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _status(home: Path) -> str | None:
    database = home / "out" / "cases.sqlite"
    case = CaseStore(f"sqlite:///{database}").get(CASE) if database.exists() else None
    return case.status if case else None


def _staging(home: Path) -> bool:
    return any(p.name.startswith(f".{CASE}.tmp-") for p in (home / "out").glob(".*"))


POINTS: dict[str, Callable[[Path], bool]] = {
    "while the case is claimed": lambda home: _status(home) == "in_progress",
    "while the package is being written": _staging,
    "after the case folder, before the archive": lambda home: (home / "out" / CASE / "summary.json").exists(),
}


@pytest.mark.integration
@pytest.mark.parametrize("point", list(POINTS))
def test_killed_at_any_step_and_run_again_the_case_completes_once(
    point: str, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    home = tmp_path
    (home / "inbox" / "incoming").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(SAMPLES / "b_english_trading"), str(home / "inbox" / "incoming" / "b")], check=True)
    first = _sweep(prefect_server, home)
    deadline = time.monotonic() + 240
    while not POINTS[point](home) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if first.poll() is not None:
        pytest.fail(f"the run ended before the kill point '{point}'")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    again = _sweep(prefect_server, home)
    output = again.communicate(timeout=300)[0].decode(errors="replace")
    assert again.returncode == 0, output
    assert "Traceback" not in output and " ERROR " not in output, output
    assert _status(home) == "awaiting_review"
    store = CaseStore(f"sqlite:///{home / 'out' / 'cases.sqlite'}")
    assert [c.case_id for c in store.cases()] == [CASE]  # no duplicate case
    summary = json.loads((home / "out" / CASE / "summary.json").read_text(encoding="utf-8"))
    expected = truth("b_english_trading")
    assert summary["statements"] == expected["statements"]  # the same outputs as an uninterrupted run
    assert summary["recommendation"] in expected["expected"]["recommendation"]
    check = verify_package(home / "out" / CASE / "approval_package", None)
    assert check.intact, check  # nothing half-written
    assert not list((home / "inbox" / "incoming").iterdir())
    assert len(list((home / "inbox" / "archive").iterdir())) == 1
    assert [e["kind"] for e in store.events(CASE)].count("awaiting_review") == 1
