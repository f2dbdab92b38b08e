"""Generated statement layouts (scripts/layout_variants.py): a few dozen of the hundreds, read right."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "benchmarks")]
from accuracy import check_statements  # noqa: E402
from layout_variants import make_variant  # noqa: E402
from sample_pdf import register_cjk_font  # noqa: E402

SEEDS = range(30_001, 30_301, 8)  # 38 seeds no one tuned the reader to


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    register_cjk_font()
    folder = tmp_path_factory.mktemp("layouts")
    return {seed: make_variant(seed, folder) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_value_of_a_generated_layout_is_read_right(variants: dict[int, Path], seed: int) -> None:
    """Each generated statement's core figures equal its truth, under the right period."""
    path = variants[seed]
    truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    result = check_statements(path, truth)
    wrong = [f"{c.name}: expected {c.expected}, got {c.got}" for c in result.checks if not c.ok]
    assert result.checks and not wrong, (truth["style"], result.found, wrong)


def test_the_generator_covers_what_banks_receive(variants: dict[int, Path]) -> None:
    """The sampled variants span both languages, every unit place and one- and two-sided sheets."""
    styles = [json.loads(p.with_suffix(".truth.json").read_text(encoding="utf-8"))["style"] for p in variants.values()]
    assert {s["language"] for s in styles} == {"zh", "en"}
    assert {s["unit_place"] for s in styles} >= {"title", "columns", "preamble"}
    assert any(s["two_sided"] for s in styles) and any(s["parent_too"] for s in styles)
    assert any(s["split"] for s in styles) and any(s["share_pages"] for s in styles)
