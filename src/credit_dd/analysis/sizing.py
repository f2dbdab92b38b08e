"""Working-capital loan sizing by the regulator's reference method.

The method is the appendix to the 2010 《流动资金贷款管理暂行办法》. The 2024
《流动资金贷款管理办法》 (in force 2024-07-01) no longer prescribes a formula; it requires
banks to estimate the need "reasonably" by their own method, so this one stays the default
and its definitional choices are settings (``SizingSettings``)::

    need = revenue × (1 − sales margin) × (1 + expected growth) / turnover
    turnover = 360 / (inventory days + receivable days − payable days
                      + prepayment days − advance-receipt days)
    capacity = need − own working capital − existing working-capital loans − other channels

Receivable and advance-receipt days use revenue; inventory, payable and prepayment days use
cost of sales.
"""

from __future__ import annotations

from pydantic import BaseModel

from credit_dd.policy.data import SizingSettings


class SizingInputs(BaseModel):
    """Figures the method needs, in one currency unit (yuan or 万元 alike)."""

    revenue: float
    cost_of_sales: float
    margin_profit: float
    expected_growth: float
    receivables: float
    inventory: float
    payables: float
    prepayments: float
    advances: float
    own_working_capital: float = 0.0
    existing_loans: float = 0.0
    other_channels: float = 0.0


class SizingResult(BaseModel):
    """Every intermediate figure, so the report can show the calculation step by step."""

    sales_margin: float
    receivable_days: float
    inventory_days: float
    payable_days: float
    prepayment_days: float
    advance_days: float
    cycle_days: float
    turnover: float | None
    need: float | None
    deductions: float
    capacity: float | None
    reason: str | None = None


def size_working_capital(inputs: SizingInputs) -> SizingResult:
    """Apply the reference method; an impossible cycle gives ``None`` with the reason."""
    if inputs.revenue <= 0 or inputs.cost_of_sales <= 0:
        return _impossible(inputs, "revenue and cost of sales must be positive")
    days = {
        "receivable_days": 360 * inputs.receivables / inputs.revenue,
        "advance_days": 360 * inputs.advances / inputs.revenue,
        "inventory_days": 360 * inputs.inventory / inputs.cost_of_sales,
        "payable_days": 360 * inputs.payables / inputs.cost_of_sales,
        "prepayment_days": 360 * inputs.prepayments / inputs.cost_of_sales,
    }
    cycle = (
        days["inventory_days"]
        + days["receivable_days"]
        - days["payable_days"]
        + days["prepayment_days"]
        - days["advance_days"]
    )
    margin = inputs.margin_profit / inputs.revenue
    deductions = inputs.own_working_capital + inputs.existing_loans + inputs.other_channels
    if cycle <= 0:
        return SizingResult(
            sales_margin=margin,
            cycle_days=cycle,
            turnover=None,
            need=None,
            deductions=deductions,
            capacity=None,
            reason="the cash cycle is not positive: no working-capital need",
            **days,
        )
    turnover = 360 / cycle
    need = working_capital_need(inputs.revenue, margin, inputs.expected_growth, turnover)
    return SizingResult(
        sales_margin=margin,
        cycle_days=cycle,
        turnover=turnover,
        need=need,
        deductions=deductions,
        capacity=need - deductions,
        **days,
    )


def working_capital_need(revenue: float, sales_margin: float, growth: float, turnover: float) -> float:
    """营运资金量 = revenue × (1 − sales margin) × (1 + growth) / turnover."""
    return revenue * (1 - sales_margin) * (1 + growth) / turnover


def _impossible(inputs: SizingInputs, reason: str) -> SizingResult:
    deductions = inputs.own_working_capital + inputs.existing_loans + inputs.other_channels
    return SizingResult(
        sales_margin=0.0,
        receivable_days=0.0,
        inventory_days=0.0,
        payable_days=0.0,
        prepayment_days=0.0,
        advance_days=0.0,
        cycle_days=0.0,
        turnover=None,
        need=None,
        deductions=deductions,
        capacity=None,
        reason=reason,
    )


def growth_from(last_growth: float | None, settings: SizingSettings) -> float:
    """Expected growth: last year's, capped by policy, or zero."""
    if settings.default_growth == "zero" or last_growth is None:
        return 0.0
    return max(min(last_growth, settings.max_growth), -settings.max_growth)
