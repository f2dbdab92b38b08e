"""Embedded mode: several `credit-dd run`s at once, no server, one Prefect home, no error."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.integration.conftest import VENV_BIN


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
        for sample in ("a_healthy_manufacturer", "b_english_trading", "d_incomplete")
    ]
    outputs = [run.communicate(timeout=600)[0].decode(errors="replace") for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output
        assert " ERROR " not in output and "Traceback" not in output and "locked" not in output, output
    for sample in ("a_healthy_manufacturer", "b_english_trading", "d_incomplete"):
        assert len(list((tmp_path / sample).glob("APP-*/summary.json"))) == 1, sample
