"""Financial ratios by the bank's definitions (DESIGN.md), with a reason for every gap.

Averages are (opening + closing) / 2 when the opening balance (the previous year end) is
known, else the closing balance. Turnover days use a 360-day year, scaled to the months the
income statement covers (a first-quarter statement covers 90 of the 360 days).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel

from credit_dd.history import StatementHistory

RATIO_NAMES = (
    "current_ratio",
    "quick_ratio",
    "cash_ratio",
    "debt_to_assets",
    "debt_to_equity",
    "interest_coverage",
    "gross_margin",
    "net_margin",
    "roe",
    "roa",
    "receivable_days",
    "inventory_days",
    "payable_days",
    "revenue_growth",
    "ocf_to_current_liabilities",
)


class Ratio(BaseModel):
    """A ratio's value, or ``None`` with the reason it cannot be computed."""

    value: float | None
    reason: str | None = None


class _Inputs:
    def __init__(self, history: StatementHistory, period: date) -> None:
        self.history, self.period = history, period
        self.opening = history.opening_of(period)  # 31 August for an August year
        earlier = [p for p in history.periods if 358 <= (period - p).days <= 372 and p in history.starts]
        self.previous = earlier[-1] if earlier else _year_earlier(period)  # a 52/53-week year's predecessor

    def closing(self, item: str) -> float | None:
        return self.history.get(self.period, item)

    def average(self, item: str) -> float | None:
        closing, opening = self.closing(item), self.history.get(self.opening, item)
        if closing is None:
            return None
        return closing if opening is None else (opening + closing) / 2

    @property
    def days(self) -> float:
        start = self.history.starts.get(self.period)
        if start is not None:
            return 360.0 * round((self.period - start).days / 30.4375) / 12
        months = 12 if (self.period.month, self.period.day) == (12, 31) else self.period.month
        return 360.0 * months / 12


def _year_earlier(day: date) -> date:
    return date(day.year - 1, 2, 28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - 1)


def _divide(numerator: float | None, denominator: float | None, names: str, scale: float = 1.0) -> Ratio:
    if numerator is None or denominator is None:
        return Ratio(value=None, reason=f"not printed: {names}")
    if denominator == 0:
        return Ratio(value=None, reason=f"zero denominator ({names.split(' / ')[-1]})")
    return Ratio(value=round(scale * numerator / denominator, 6))


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _plus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _equity_based(numerator: float | None, denominator: float | None, names: str) -> Ratio:
    if denominator is not None and denominator < 0:
        return Ratio(value=None, reason="negative equity: the ratio has no meaning")
    return _divide(numerator, denominator, names)


_FORMULAS: dict[str, Callable[[_Inputs], Ratio]] = {
    "current_ratio": lambda x: _divide(
        x.closing("total_current_assets"),
        x.closing("total_current_liabilities"),
        "total_current_assets / total_current_liabilities",
    ),
    "quick_ratio": lambda x: _divide(
        _minus(x.closing("total_current_assets"), x.closing("inventory")),
        x.closing("total_current_liabilities"),
        "total_current_assets, inventory / total_current_liabilities",
    ),
    "cash_ratio": lambda x: _divide(
        x.closing("cash"), x.closing("total_current_liabilities"), "cash / total_current_liabilities"
    ),
    "debt_to_assets": lambda x: _divide(
        x.closing("total_liabilities"), x.closing("total_assets"), "total_liabilities / total_assets"
    ),
    "debt_to_equity": lambda x: _equity_based(
        x.closing("total_liabilities"), x.closing("total_equity"), "total_liabilities / total_equity"
    ),
    "interest_coverage": lambda x: _divide(
        _plus(x.closing("total_profit"), x.closing("interest_expense")),
        x.closing("interest_expense"),
        "total_profit, interest_expense / interest_expense",
    ),
    "gross_margin": lambda x: _divide(
        _minus(x.closing("revenue"), x.closing("cost_of_sales")),
        x.closing("revenue"),
        "revenue, cost_of_sales / revenue",
    ),
    "net_margin": lambda x: _divide(x.closing("net_profit"), x.closing("revenue"), "net_profit / revenue"),
    "roe": lambda x: _equity_based(
        x.closing("net_profit"), x.average("total_equity"), "net_profit / average total_equity"
    ),
    "roa": lambda x: _divide(x.closing("net_profit"), x.average("total_assets"), "net_profit / average total_assets"),
    "receivable_days": lambda x: _divide(
        x.average("accounts_receivable"), x.closing("revenue"), "accounts_receivable / revenue", x.days
    ),
    "inventory_days": lambda x: _divide(
        x.average("inventory"), x.closing("cost_of_sales"), "inventory / cost_of_sales", x.days
    ),
    "payable_days": lambda x: _divide(
        x.average("accounts_payable"), x.closing("cost_of_sales"), "accounts_payable / cost_of_sales", x.days
    ),
    "revenue_growth": lambda x: _growth(x.closing("revenue"), x.history.get(x.previous, "revenue")),
    "ocf_to_current_liabilities": lambda x: _divide(
        x.closing("net_cash_from_operating"),
        x.closing("total_current_liabilities"),
        "net_cash_from_operating / total_current_liabilities",
    ),
}


def _growth(current: float | None, previous: float | None) -> Ratio:
    if current is None or previous is None:
        return Ratio(value=None, reason="not printed: revenue of this or the previous period")
    if previous <= 0:
        return Ratio(value=None, reason="previous revenue is zero or negative")
    return Ratio(value=round(current / previous - 1, 6))


UNCLASSIFIED = "unclassified balance sheet (a bank's or insurer's format): no current/non-current split"


def compute_period(history: StatementHistory, period: date) -> dict[str, Ratio]:
    """Every ratio of one period; those a bank's unclassified balance sheet cannot give say so."""
    inputs = _Inputs(history, period)
    ratios = {name: _FORMULAS[name](inputs) for name in RATIO_NAMES}
    if history.unclassified(period):
        for name, ratio in ratios.items():
            if ratio.value is None and "total_current_" in (ratio.reason or ""):
                ratios[name] = Ratio(value=None, reason=UNCLASSIFIED)
    return ratios


def compute(history: StatementHistory) -> dict[date, dict[str, Ratio]]:
    """Every ratio of every period that has statements."""
    return {period: compute_period(history, period) for period in history.periods}
