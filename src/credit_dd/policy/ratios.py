"""The ratio catalogue: every ratio once, with its formula, unit, names, better direction and rule.

``CATALOGUE`` holds each ratio by the bank's definitions (DESIGN.md): how it is computed from a
period's figures, how it is shown (times, percent, days), its names in Chinese and English,
which way is better, and the policy threshold a rule holds it to. The report, the rules, the
scorecard, monitoring and the policy files' validation read it; adding a ratio is one entry here
(plus its threshold, if any, in ``credit_policy.yaml``). A formula sees a period only through
``RatioInputs``; ``analysis.ratios`` supplies them from the statements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel

from credit_dd.policy.formats import figure


class Ratio(BaseModel):
    """A ratio's value, or ``None`` with the reason it cannot be computed."""

    value: float | None
    reason: str | None = None


class RatioInputs(Protocol):
    """What a formula may ask of one period: closing and average balances, the previous year's
    closing figure, and the days its flows cover (360 a year)."""

    def closing(self, item: str) -> float | None: ...

    def average(self, item: str) -> float | None: ...

    def previous_closing(self, item: str) -> float | None: ...

    @property
    def days(self) -> float: ...


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


def _growth(current: float | None, previous: float | None) -> Ratio:
    if current is None or previous is None:
        return Ratio(value=None, reason="not printed: revenue of this or the previous period")
    if previous <= 0:
        return Ratio(value=None, reason="previous revenue is zero or negative")
    return Ratio(value=round(current / previous - 1, 6))


Unit = Literal["times", "percent", "days"]


Better = Literal["higher", "lower", "neither"]  # which way is good for the borrower


Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Limit:
    """A credit rule on a ratio: finding ``code`` when the latest period that prints
    ``period_item`` is on the wrong side of the policy threshold ``warning`` (a critical finding
    beyond ``critical``). Thresholds are named fields of ``credit_policy.yaml``'s ``thresholds``;
    ``evidence`` are the line items the finding cites."""

    code: str
    warning: str
    critical: str | None = None
    period_item: str = "total_assets"
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class RatioDefinition:
    """One ratio, once: how it is computed, shown and judged."""

    name: str
    zh: str
    en: str
    unit: Unit
    better: Better
    formula: Callable[[RatioInputs], Ratio]
    limit: Limit | None = None
    chart: bool = False  # drawn across periods in the report

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def display(self, value: float | None, lang: Lang = "en") -> str:
        """The value as every reader sees it: 1.23× (times), 45.60% (percent), 61.5 天 (days)."""
        return figure(value, self.unit, lang)

    def worse_than(self, value: float, threshold: float) -> bool:
        """Whether ``value`` is on the bad side of ``threshold``."""
        if self.better == "neither":
            raise ValueError(f"{self.name}: has no better direction, so no threshold can be broken")
        return value < threshold if self.better == "higher" else value > threshold


CATALOGUE: dict[str, RatioDefinition] = {
    r.name: r
    for r in (
        RatioDefinition(
            "current_ratio",
            "流动比率",
            "Current ratio",
            "times",
            "higher",
            lambda x: _divide(
                x.closing("total_current_assets"),
                x.closing("total_current_liabilities"),
                "total_current_assets / total_current_liabilities",
            ),
            Limit(
                "LOW_CURRENT_RATIO", "min_current_ratio", evidence=("total_current_assets", "total_current_liabilities")
            ),
            chart=True,
        ),
        RatioDefinition(
            "quick_ratio",
            "速动比率",
            "Quick ratio",
            "times",
            "higher",
            lambda x: _divide(
                _minus(x.closing("total_current_assets"), x.closing("inventory")),
                x.closing("total_current_liabilities"),
                "total_current_assets, inventory / total_current_liabilities",
            ),
        ),
        RatioDefinition(
            "cash_ratio",
            "现金比率",
            "Cash ratio",
            "times",
            "higher",
            lambda x: _divide(
                x.closing("cash"), x.closing("total_current_liabilities"), "cash / total_current_liabilities"
            ),
        ),
        RatioDefinition(
            "debt_to_assets",
            "资产负债率",
            "Debt to assets",
            "percent",
            "lower",
            lambda x: _divide(
                x.closing("total_liabilities"), x.closing("total_assets"), "total_liabilities / total_assets"
            ),
            Limit(
                "HIGH_LEVERAGE",
                "max_debt_to_assets",
                "critical_debt_to_assets",
                evidence=("total_liabilities", "total_assets"),
            ),
            chart=True,
        ),
        RatioDefinition(
            "debt_to_equity",
            "产权比率",
            "Debt to equity",
            "times",
            "lower",
            lambda x: _equity_based(
                x.closing("total_liabilities"), x.closing("total_equity"), "total_liabilities / total_equity"
            ),
        ),
        RatioDefinition(
            "interest_coverage",
            "利息保障倍数",
            "Interest coverage",
            "times",
            "higher",
            lambda x: _divide(
                _plus(x.closing("total_profit"), x.closing("interest_expense")),
                x.closing("interest_expense"),
                "total_profit, interest_expense / interest_expense",
            ),
            Limit(
                "LOW_INTEREST_COVERAGE",
                "min_interest_coverage",
                "critical_interest_coverage",
                period_item="interest_expense",
                evidence=("interest_expense",),
            ),
        ),
        RatioDefinition(
            "gross_margin",
            "毛利率",
            "Gross margin",
            "percent",
            "higher",
            lambda x: _divide(
                _minus(x.closing("revenue"), x.closing("cost_of_sales")),
                x.closing("revenue"),
                "revenue, cost_of_sales / revenue",
            ),
        ),
        RatioDefinition(
            "net_margin",
            "净利率",
            "Net margin",
            "percent",
            "higher",
            lambda x: _divide(x.closing("net_profit"), x.closing("revenue"), "net_profit / revenue"),
            chart=True,
        ),
        RatioDefinition(
            "roe",
            "净资产收益率",
            "Return on equity",
            "percent",
            "higher",
            lambda x: _equity_based(
                x.closing("net_profit"), x.average("total_equity"), "net_profit / average total_equity"
            ),
        ),
        RatioDefinition(
            "roa",
            "总资产收益率",
            "Return on assets",
            "percent",
            "higher",
            lambda x: _divide(x.closing("net_profit"), x.average("total_assets"), "net_profit / average total_assets"),
        ),
        RatioDefinition(
            "receivable_days",
            "应收账款周转天数",
            "Receivable days",
            "days",
            "lower",
            lambda x: _divide(
                x.average("accounts_receivable"), x.closing("revenue"), "accounts_receivable / revenue", x.days
            ),
        ),
        RatioDefinition(
            "inventory_days",
            "存货周转天数",
            "Inventory days",
            "days",
            "lower",
            lambda x: _divide(x.average("inventory"), x.closing("cost_of_sales"), "inventory / cost_of_sales", x.days),
        ),
        RatioDefinition(
            "payable_days",
            "应付账款周转天数",
            "Payable days",
            "days",
            "neither",  # longer is supplier credit, or paying late
            lambda x: _divide(
                x.average("accounts_payable"), x.closing("cost_of_sales"), "accounts_payable / cost_of_sales", x.days
            ),
        ),
        RatioDefinition(
            "revenue_growth",
            "营业收入增长率",
            "Revenue growth",
            "percent",
            "higher",
            lambda x: _growth(x.closing("revenue"), x.previous_closing("revenue")),
        ),
        RatioDefinition(
            "ocf_to_current_liabilities",
            "经营现金流/流动负债",
            "Operating cash flow to current liabilities",
            "times",
            "higher",
            lambda x: _divide(
                x.closing("net_cash_from_operating"),
                x.closing("total_current_liabilities"),
                "net_cash_from_operating / total_current_liabilities",
            ),
        ),
    )
}


RATIO_NAMES = tuple(CATALOGUE)  # the order of summary.json, the CSV and the report
