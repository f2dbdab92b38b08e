"""Every figure's status reaches summary.json, the spreads CSV and the report (issue 25, point 1)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from credit_dd.case import CaseResult
from credit_dd.operations.direct import run_case
from credit_dd.package.folder import spreads_csv
from credit_dd.report.render import render_report_html
from credit_dd.report.summary import CONTRACT_ITEMS, build_summary
from credit_dd.settings import Settings
from credit_dd.validation.figures import Candidate, Figure, FigureSheet
from tests.conftest import SAMPLES

STATUSES = {"verified", "read", "conflict", "missing", "keyed", "confirmed"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[CaseResult, Path]:
    out = tmp_path_factory.mktemp("out")
    return run_case(SAMPLES / "a_healthy_manufacturer", Settings(out_dir=out, render_pdf=False))


@pytest.fixture(scope="module")
def case(written: tuple[CaseResult, Path]) -> CaseResult:
    return written[0]


def _in_conflict(case: CaseResult, period: date, item: str) -> CaseResult:
    """The case with one figure put in conflict between two readings."""
    figure = case.figures.figures[period][item]
    changed = figure.model_copy(
        update={
            "status": "conflict",
            "checks": [],
            "failed": ["cross_document_tie"],
            "candidates": [Candidate(value=1.0, file="a.pdf", page=1), Candidate(value=2.0, file="b.pdf", page=3)],
        }
    )
    figures = {p: dict(items) for p, items in case.figures.figures.items()}
    figures[period][item] = changed
    return case.model_copy(update={"figures": FigureSheet(figures=figures)})


def test_summary_json_gives_each_statement_value_its_status_under_the_same_period_and_name(case: CaseResult) -> None:
    """figures has the statements' periods and contract items, each with status, checks, source and by."""
    summary = build_summary(case)
    statements, figures = summary["statements"], summary["figures"]
    assert set(figures) == set(statements)
    for period, items in statements.items():
        assert set(items) <= set(figures[period]) <= CONTRACT_ITEMS
        for item in items:
            entry = figures[period][item]
            assert entry["status"] in STATUSES and {"checks", "source", "by"} <= set(entry)
    verified = [e for items in figures.values() for e in items.values() if e["status"] == "verified"]
    assert verified and all(e["checks"] for e in verified)


def test_the_spreads_csv_has_a_status_column(case: CaseResult) -> None:
    """Each spread row carries its figure's status and the checks that prove it (or failed)."""
    rows = list(csv.DictReader(io.StringIO(spreads_csv(case))))
    assert rows and {"status", "checks"} <= set(rows[0])
    assets = next(r for r in rows if r["item"] == "total_assets")
    assert assets["status"] == "verified" and "assets_balance" in assets["checks"]


def test_the_report_marks_each_figure_and_explains_the_marks(case: CaseResult) -> None:
    """A figure in conflict gets ✘ beside it and the legend says what ✘ means; a verified one ✔."""
    period = max(case.figures.figures)
    html = render_report_html(_in_conflict(case, period, "revenue").model_copy(update={"lang": "en"}))
    assert '<span class="mark">✘</span>' in html and "✘ in conflict" in html
    assert '<span class="mark">✔</span>' in html and "✔ verified" in html


def test_a_figure_missing_from_the_statements_is_a_spread_row_marked_missing(case: CaseResult) -> None:
    """A core figure no statement printed is listed with status missing and no value."""
    period = max(case.figures.figures)
    figures = {p: dict(items) for p, items in case.figures.figures.items()}
    figures[period]["net_cash_from_operating"] = Figure(value=None, status="missing")
    history = case.history.model_copy(deep=True)
    del history.values[period]["net_cash_from_operating"]
    changed = case.model_copy(update={"figures": FigureSheet(figures=figures), "history": history})
    rows = [r for r in csv.DictReader(io.StringIO(spreads_csv(changed))) if r["item"] == "net_cash_from_operating"]
    assert any(r["status"] == "missing" and r["value"] == "" and r["period"] == period.isoformat() for r in rows)


def test_the_approval_package_carries_the_statuses(written: tuple[CaseResult, Path]) -> None:
    """The package's summary.json has the figures, and its spreads.csv the status column, as written."""
    case, folder = written
    package = folder / "approval_package"
    summary = json.loads((package / "summary.json").read_text(encoding="utf-8"))
    assert summary["figures"] == json.loads(json.dumps(build_summary(case)["figures"], default=str))
    header = (package / "spreads.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[-2:] == ["status", "checks"]
