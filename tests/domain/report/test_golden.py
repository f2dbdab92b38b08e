"""Golden files: the report HTML of every sample stays byte-identical until something changes.

When a change to the report is intended, regenerate with ``CREDIT_DD_UPDATE_GOLDEN=1`` and
review the diff of ``tests/golden/`` like any other change.
"""

from __future__ import annotations

import difflib
import os
from datetime import UTC, datetime

import pytest

from credit_dd.case import CaseResult
from credit_dd.report.render import render_report_html
from tests.conftest import ROOT, SAMPLE_NAMES

GOLDEN = ROOT / "tests" / "golden"
FIXED_TIME = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_report_html_matches_its_golden_file(sample_cases: dict[str, CaseResult], name: str, lang: str) -> None:
    """The rendered report equals tests/golden/<sample>.<lang>.html (run time and version fixed)."""
    case = sample_cases[name].model_copy(update={"generated_at": FIXED_TIME, "code_version": "golden", "lang": lang})
    html = render_report_html(case)
    golden = GOLDEN / f"{name}.{lang}.html"
    if os.environ.get("CREDIT_DD_UPDATE_GOLDEN") == "1":
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), f"{golden.name} missing: run with CREDIT_DD_UPDATE_GOLDEN=1 and review it"
    expected = golden.read_text(encoding="utf-8").splitlines()
    diff = list(difflib.unified_diff(expected, html.splitlines(), "golden", "rendered", n=1, lineterm=""))
    assert not diff, f"{golden.name} differs from the rendered report:\n" + "\n".join(diff[:40])
