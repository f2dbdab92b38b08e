"""Signed case folders for the package's tests: the session's sample runs (each run costs seconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SampleRuns


@pytest.fixture(scope="session")
def cases(sample_runs: SampleRuns) -> dict[str, Path]:
    """Signed case folders of samples a (recommends 2,970,000), b (4,830,000) and d (needs documents)."""
    return {
        name: sample_runs.run(sample, signed=True)[1]
        for name, sample in (("a", "a_healthy_manufacturer"), ("b", "b_english_trading"), ("d", "d_incomplete"))
    }


@pytest.fixture()
def case(cases: dict[str, Path], tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A fresh copy of the case named by the test's ``case`` parameter (default a), in its own out/."""
    name = getattr(request, "param", "a")
    return Path(shutil.copytree(cases[name], tmp_path / "out" / cases[name].name, symlinks=True))
