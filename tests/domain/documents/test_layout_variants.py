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
    """The sampled variants span both languages, the three Chinese markets (mainland, Taiwan, Hong Kong),
    the income statement's five shapes, every unit place and one- and two-sided sheets."""
    styles = [json.loads(p.with_suffix(".truth.json").read_text(encoding="utf-8"))["style"] for p in variants.values()]
    assert {s["language"] for s in styles} == {"zh", "en"}
    assert {s["dialect"] for s in styles if s["language"] == "zh"} == {"mainland", "taiwan", "hong_kong"}
    assert {s["income_shape"] for s in styles} == {
        "function",
        "single_step",
        "single_step_pretax",
        "nature",
        "ind_as",
        "cas_total",
    }
    assert {s["unit_place"] for s in styles} >= {"title", "columns", "preamble"}
    assert any(s["two_sided"] for s in styles) and any(s["parent_too"] for s in styles)
    assert any(s["split"] for s in styles) and any(s["share_pages"] for s in styles)


def test_the_generator_covers_the_layouts_of_issue_26() -> None:
    """Over the seeds the sample is drawn from: software exports, 10-Q quarters, net-assets sheets,
    auditor's pages, other separators and year ends (the styles alone, no PDF drawn)."""
    import random

    from layout_variants import _choose_style

    styles = [_choose_style(random.Random(seed)) for seed in range(30_001, 30_301)]
    assert {s.family for s in styles} == {"listed", "software", "annual", "interim", "quarter"}
    assert any(s.auditor_first for s in styles) and any(s.net_assets for s in styles)
    assert {s.separator for s in styles} >= {",", "", " ", "'"}
    assert any(s.fy_end_month != 12 for s in styles) and any(s.small_enterprise for s in styles)


def test_the_benchmark_sorts_every_value_into_one_of_five_outcomes(capsys: pytest.CaptureFixture[str]) -> None:
    """Right or wrong against the truth, crossed with the status: the total block says 'wrong and unflagged: N'."""
    from accuracy import Check, DocumentResult, _print_outcomes

    checks = [
        Check("a", 1, 1, True, "verified"),
        Check("b", 1, 1, True, "read"),
        Check("c", 1, 2, False, "conflict"),
        Check("d", 1, 2, False, "verified"),
        Check("e", 1, None, False, "missing"),
    ]
    assert [c.outcome for c in checks] == [
        "right and verified",
        "right and unverified",
        "wrong and flagged",
        "wrong and unflagged",
        "missing",
    ]
    _print_outcomes([DocumentResult("x.pdf", "financial_statements", 0.0, checks=checks)])
    lines = capsys.readouterr().out.splitlines()
    assert (
        "wrong and unflagged: 1" in lines
        and "automation rate: 2/5 = 40.0% of the core figures verified with no person" in lines
    )
