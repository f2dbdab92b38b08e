"""A small sample of the wide benchmark (issue 26, point 1): real filings of other markets, read as a run
reads them, classified as financial statements, all three statements found and every core figure proven
by their own arithmetic. Skipped without ../shared/realdata."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT, realdata

sys.path.insert(0, str(ROOT / "benchmarks"))
import wide  # noqa: E402

pytestmark = pytest.mark.realdata

# Short filings of the development half (benchmarks/wide.py: alternate files by sorted name):
# a UK interim in £m beside adjusted columns, and a US 10-Q of 52/53-week quarters.
SAMPLE = ["en/en_xp_power_2025_interim.pdf", "en/en_intel_2023q1_10q.pdf"]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_real_filing_is_read_and_every_core_figure_proven(name: str) -> None:
    """Classified as financial statements, all three statements found, every core figure verified."""
    result = wide.measure(realdata(f"wide/{name}"), "dev", every_page_floor=False, text_layer=True, floor=False)
    assert result.error is None
    assert result.classified and result.all_three, result.found
    assert result.all_verified, result.core
