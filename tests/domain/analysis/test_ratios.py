"""Ratios by the bank's definitions, including the edge cases."""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.analysis.ratios import compute_period
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.statements import SourcedValue

END, OPEN = date(2025, 12, 31), date(2024, 12, 31)


def _history(current: dict[str, float], opening: dict[str, float] | None = None) -> StatementHistory:
    def sourced(values: dict[str, float]) -> dict[str, SourcedValue]:
        return {k: SourcedValue(value=v, file="f.pdf", page=1, x=0, y=0, label=k) for k, v in values.items()}

    values = {END: sourced(current)}
    if opening:
        values[OPEN] = sourced(opening)
    return StatementHistory(values=values)


BASE = {
    "total_current_assets": 500.0,
    "total_current_liabilities": 250.0,
    "inventory": 100.0,
    "cash": 50.0,
    "total_liabilities": 600.0,
    "total_assets": 1000.0,
    "total_equity": 400.0,
    "revenue": 1200.0,
    "cost_of_sales": 900.0,
    "net_profit": 60.0,
    "total_profit": 80.0,
    "interest_expense": 20.0,
    "accounts_receivable": 120.0,
    "accounts_payable": 90.0,
    "net_cash_from_operating": 75.0,
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("current_ratio", 2.0),
        ("quick_ratio", 1.6),
        ("cash_ratio", 0.2),
        ("debt_to_assets", 0.6),
        ("debt_to_equity", 1.5),
        ("interest_coverage", 5.0),
        ("gross_margin", 0.25),
        ("net_margin", 0.05),
        ("roe", 0.15),
        ("roa", 0.06),
        ("receivable_days", 36.0),
        ("inventory_days", 40.0),
        ("payable_days", 36.0),
        ("ocf_to_current_liabilities", 0.3),
    ],
)
def test_each_ratio_follows_its_definition(name: str, expected: float) -> None:
    """Closing balances stand in for averages when the opening balance is unknown."""
    assert compute_period(_history(BASE), END)[name].value == pytest.approx(expected)


def test_averages_use_the_opening_balance_when_known() -> None:
    """ROE, ROA and turnover days average opening and closing balances."""
    opening = {
        "total_equity": 200.0,
        "total_assets": 600.0,
        "accounts_receivable": 60.0,
        "inventory": 20.0,
        "accounts_payable": 30.0,
        "revenue": 1000.0,
    }
    ratios = compute_period(_history(BASE, opening), END)
    assert ratios["roe"].value == pytest.approx(60 / 300)
    assert ratios["roa"].value == pytest.approx(60 / 800)
    assert ratios["receivable_days"].value == pytest.approx(360 * 90 / 1200)
    assert ratios["inventory_days"].value == pytest.approx(360 * 60 / 900)
    assert ratios["revenue_growth"].value == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("change", "name", "reason"),
    [
        ({"total_current_liabilities": 0.0}, "current_ratio", "zero denominator"),
        ({"interest_expense": 0.0}, "interest_coverage", "zero denominator"),
        ({"revenue": 0.0}, "net_margin", "zero denominator"),
        ({"total_equity": -100.0}, "debt_to_equity", "negative equity"),
        ({"total_equity": -100.0}, "roe", "negative equity"),
        ({"total_current_assets": None}, "current_ratio", "not printed"),
        ({"inventory": None}, "quick_ratio", "not printed"),
        ({}, "revenue_growth", "not printed"),
    ],
)
def test_a_ratio_that_cannot_be_computed_is_null_with_a_reason(
    change: dict[str, float | None], name: str, reason: str
) -> None:
    """Zero denominators, negative equity and absent inputs give None with the reason, never a crash."""
    values = {k: v for k, v in (BASE | change).items() if v is not None}
    ratio = compute_period(_history(values), END)[name]
    assert ratio.value is None and reason in (ratio.reason or "")


def test_a_bank_without_current_split_degrades_to_null() -> None:
    """Statements without a current/non-current split give None, not errors."""
    bank = {
        "total_assets": 10_000.0,
        "total_liabilities": 9_000.0,
        "total_equity": 1_000.0,
        "net_profit": 80.0,
        "revenue": 400.0,
    }
    ratios = compute_period(_history(bank), END)
    assert ratios["current_ratio"].value is None and ratios["debt_to_assets"].value == pytest.approx(0.9)
