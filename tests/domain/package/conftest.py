"""Signed case folders for the package's tests, made once a session (each run costs seconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credit_dd.operations.direct import run_case
from credit_dd.settings import Settings
from tests.conftest import SAMPLES, Keys


@pytest.fixture(scope="session")
def cases(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> dict[str, Path]:
    """Signed case folders of samples a (recommends 2,970,000), b (4,830,000) and d (needs documents)."""
    out = tmp_path_factory.mktemp("signed")
    settings = Settings(out_dir=out, render_pdf=False, signing_key=keys.system_pem)
    return {
        name: run_case(SAMPLES / sample, settings)[1]
        for name, sample in (("a", "a_healthy_manufacturer"), ("b", "b_english_trading"), ("d", "d_incomplete"))
    }


@pytest.fixture()
def case(cases: dict[str, Path], tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A fresh copy of the case named by the test's ``case`` parameter (default a), in its own out/."""
    name = getattr(request, "param", "a")
    return Path(shutil.copytree(cases[name], tmp_path / "out" / cases[name].name, symlinks=True))
