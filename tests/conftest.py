"""Shared fixtures: the samples, and the real documents in ../shared/realdata when present."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
REALDATA = ROOT.parent / "shared" / "realdata"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "application.yaml").is_file())


def realdata(relative: str) -> Path:
    """A file from ../shared/realdata, or skip the test when the folder is absent."""
    path = REALDATA / relative
    if not path.exists():
        pytest.skip(f"realdata not available: {relative}")
    return path


def truth(sample: str) -> dict[str, Any]:
    """The sample's truth file."""
    return json.loads((SAMPLES / sample / "truth.json").read_text(encoding="utf-8"))
