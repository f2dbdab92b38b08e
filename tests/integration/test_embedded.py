"""Embedded mode: several `credit-dd run`s at once, no server, one Prefect home, no error."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.integration.conftest import VENV_BIN

# Two runs at once are enough to share the home's database (a third cost the suite ~15 s of CPU).
TOGETHER = ("b_english_trading", "d_incomplete")


@pytest.mark.integration
def test_runs_started_together_on_one_prefect_home_all_complete_without_errors(tmp_path: Path) -> None:
    """Each run's temporary API keeps its own database: on the shared SQLite file, runs started
    together timed out starting the API or logged "database is locked"."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")  # a fresh home, as on a new machine
    runs = [
        subprocess.Popen(
            [str(VENV_BIN / "credit-dd"), "run", str(SAMPLES / sample), "--no-pdf", "--out", str(tmp_path / sample)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for sample in TOGETHER
    ]
    outputs = [run.communicate(timeout=600)[0].decode(errors="replace") for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output
        assert " ERROR " not in output and "Traceback" not in output and "locked" not in output, output
        # quiet: the result line, not Prefect's INFO log (that is in the case's logs/)
        assert " INFO " not in output and output.strip().splitlines()[-1].startswith("APP-2026"), output
    for sample in TOGETHER:
        assert len(list((tmp_path / sample).glob("APP-*/summary.json"))) == 1, sample
        (log,) = (tmp_path / sample).glob("APP-*/logs/run-*.log")
        assert "Beginning flow run" in log.read_text(encoding="utf-8")


def _descendants(pid: int) -> set[int]:
    from credit_dd.operations.lifeline import _descendants as descendants

    return {child for child, _started in descendants(pid)}


@pytest.mark.integration
def test_a_run_killed_with_sigkill_leaves_no_server_or_reader_behind(tmp_path: Path) -> None:
    """SIGKILL of `credit-dd run` alone (not its group): its embedded API server and document readers
    are stopped within seconds by its watchdog, instead of living on for minutes."""
    import signal
    import time

    from tests.integration.conftest import wait_for

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    run = subprocess.Popen(
        [str(VENV_BIN / "credit-dd"), "run", str(SAMPLES / "a_healthy_manufacturer"), "--out", str(tmp_path / "out")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        children = wait_for(lambda: _descendants(run.pid) if len(_descendants(run.pid)) >= 2 else None, 120, "children")
        time.sleep(1.0)  # the watchdog notes descendants every half second
        children |= _descendants(run.pid)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        wait_for(lambda: not any(Path(f"/proc/{c}").exists() for c in children), 30, "the children to stop")
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
