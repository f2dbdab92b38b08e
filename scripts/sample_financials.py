"""Consistent synthetic financial statements for the samples (integer arithmetic, no drift).

Values are generated in the printed unit's smallest step (cents of 元 or 万元, or whole
thousands), so every printed total adds up exactly and the truth in yuan is exact.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (internal key, Chinese label, English label, canonical item or None, role)
# role: "item", "total", "header" (a caption without values)
BALANCE_ASSETS = [
    ("h_ca", "流动资产：", "Current assets", None, "header"),
    ("cash", "货币资金", "Cash and cash equivalents", "cash", "item"),
    ("notes_receivable", "应收票据", "Notes receivable", "notes_receivable", "item"),
    ("accounts_receivable", "应收账款", "Trade receivables", "accounts_receivable", "item"),
    ("prepayments", "预付款项", "Prepayments", "prepayments", "item"),
    ("other_receivables", "其他应收款", "Other receivables", "other_receivables", "item"),
    ("inventory", "存货", "Inventories", "inventory", "item"),
    ("other_current_assets", "其他流动资产", "Other current assets", None, "item"),
    ("total_current_assets", "流动资产合计", "Total current assets", "total_current_assets", "total"),
    ("h_nca", "非流动资产：", "Non-current assets", None, "header"),
    ("long_term_investments", "长期股权投资", "Investments in associates", None, "item"),
    ("fixed_assets", "固定资产", "Property, plant and equipment", "fixed_assets", "item"),
    ("construction", "在建工程", "Construction in progress", None, "item"),
    ("intangibles", "无形资产", "Intangible assets", None, "item"),
    ("deferred_tax_assets", "递延所得税资产", "Deferred tax assets", None, "item"),
    ("total_non_current_assets", "非流动资产合计", "Total non-current assets", "total_non_current_assets", "total"),
    ("total_assets", "资产总计", "Total assets", "total_assets", "total"),
]
BALANCE_FUNDING = [
    ("h_cl", "流动负债：", "Current liabilities", None, "header"),
    ("short_term_borrowings", "短期借款", "Short-term borrowings", "short_term_borrowings", "item"),
    ("notes_payable", "应付票据", "Notes payable", "notes_payable", "item"),
    ("accounts_payable", "应付账款", "Trade payables", "accounts_payable", "item"),
    ("advances", "预收款项", "Advances from customers", "advances_from_customers", "item"),
    ("contract_liabilities", "合同负债", "Contract liabilities", "advances_from_customers", "item"),
    ("payroll", "应付职工薪酬", "Employee benefits payable", None, "item"),
    ("taxes_payable", "应交税费", "Taxes payable", None, "item"),
    ("other_payables", "其他应付款", "Other payables", None, "item"),
    (
        "current_portion_long_term_debt",
        "一年内到期的非流动负债",
        "Current portion of long-term borrowings",
        "current_portion_long_term_debt",
        "item",
    ),
    ("total_current_liabilities", "流动负债合计", "Total current liabilities", "total_current_liabilities", "total"),
    ("h_ncl", "非流动负债：", "Non-current liabilities", None, "header"),
    ("long_term_borrowings", "长期借款", "Long-term borrowings", "long_term_borrowings", "item"),
    ("deferred_income", "递延收益", "Deferred income", None, "item"),
    (
        "total_non_current_liabilities",
        "非流动负债合计",
        "Total non-current liabilities",
        "total_non_current_liabilities",
        "total",
    ),
    ("total_liabilities", "负债合计", "Total liabilities", "total_liabilities", "total"),
    ("h_eq", "所有者权益：", "Equity", None, "header"),
    ("paid_in_capital", "实收资本（或股本）", "Share capital", "paid_in_capital", "item"),
    ("capital_reserve", "资本公积", "Capital reserve", None, "item"),
    ("surplus_reserve", "盈余公积", "Statutory surplus reserve", None, "item"),
    ("retained_earnings", "未分配利润", "Retained earnings", "retained_earnings", "item"),
    ("total_equity", "所有者权益（或股东权益）合计", "Total equity", "total_equity", "total"),
    (
        "total_liabilities_and_equity",
        "负债和所有者权益（或股东权益）总计",
        "Total liabilities and equity",
        "total_liabilities_and_equity",
        "total",
    ),
]
INCOME = [
    ("revenue", "一、营业收入", "Revenue", "revenue", "item"),
    ("cost_of_sales", "减：营业成本", "Cost of sales", "cost_of_sales", "item"),
    ("taxes_surcharges", "税金及附加", "Taxes and surcharges", None, "item"),
    ("selling_expenses", "销售费用", "Selling and distribution expenses", "selling_expenses", "item"),
    ("admin_expenses", "管理费用", "Administrative expenses", "admin_expenses", "item"),
    ("rnd", "研发费用", "Research and development expenses", None, "item"),
    ("financial_expenses", "财务费用", "Finance costs", "financial_expenses", "item"),
    ("interest_expense", "其中：利息费用", "of which: interest expense", "interest_expense", "item"),
    ("interest_income", "利息收入", "interest income", None, "item"),
    ("other_income", "加：其他收益", "Other income", None, "item"),
    ("operating_profit", "二、营业利润（亏损以“－”号填列）", "Operating profit", "operating_profit", "total"),
    ("non_operating_income", "加：营业外收入", "Non-operating income", None, "item"),
    ("non_operating_expense", "减：营业外支出", "Non-operating expenses", None, "item"),
    ("total_profit", "三、利润总额（亏损总额以“－”号填列）", "Profit before tax", "total_profit", "total"),
    ("income_tax", "减：所得税费用", "Income tax expense", "income_tax", "item"),
    ("net_profit", "四、净利润（净亏损以“－”号填列）", "Profit for the year", "net_profit", "total"),
]
CASH_FLOW = [
    ("h_op", "一、经营活动产生的现金流量：", "Cash flows from operating activities", None, "header"),
    ("cash_from_sales", "销售商品、提供劳务收到的现金", "Cash received from customers", None, "item"),
    ("cash_paid_goods", "购买商品、接受劳务支付的现金", "Cash paid to suppliers", None, "item"),
    ("cash_paid_staff", "支付给职工以及为职工支付的现金", "Cash paid to and for employees", None, "item"),
    ("cash_paid_taxes", "支付的各项税费", "Taxes paid", None, "item"),
    (
        "net_cash_from_operating",
        "经营活动产生的现金流量净额",
        "Net cash generated from operating activities",
        "net_cash_from_operating",
        "total",
    ),
    ("h_inv", "二、投资活动产生的现金流量：", "Cash flows from investing activities", None, "header"),
    (
        "capex",
        "购建固定资产、无形资产和其他长期资产支付的现金",
        "Purchase of property, plant and equipment",
        None,
        "item",
    ),
    (
        "net_cash_from_investing",
        "投资活动产生的现金流量净额",
        "Net cash used in investing activities",
        "net_cash_from_investing",
        "total",
    ),
    ("h_fin", "三、筹资活动产生的现金流量：", "Cash flows from financing activities", None, "header"),
    ("borrowings_raised", "取得借款收到的现金", "Proceeds from borrowings", None, "item"),
    ("borrowings_repaid", "偿还债务支付的现金", "Repayment of borrowings", None, "item"),
    ("interest_paid", "分配股利、利润或偿付利息支付的现金", "Interest and dividends paid", None, "item"),
    (
        "net_cash_from_financing",
        "筹资活动产生的现金流量净额",
        "Net cash used in financing activities",
        "net_cash_from_financing",
        "total",
    ),
    ("net_change", "四、现金及现金等价物净增加额", "Net increase in cash and cash equivalents", None, "total"),
]


@dataclass
class Profile:
    """How a company looks, in printed units (not yuan)."""

    revenue: float
    growth: float  # this year's revenue over last year's, minus one
    gross_margin: float
    expense_ratio: float  # selling + admin + R&D over revenue
    assets_to_revenue: float
    current_share: float  # current assets over total assets
    liabilities_to_assets: float
    interest_rate: float  # interest over borrowings
    minor: int  # minor units per printed unit (100 for two decimals, 1 for none)


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    shares = [w * rng.uniform(0.85, 1.15) for w in weights]
    parts = [int(total * s / sum(shares)) for s in shares]
    parts[-1] = total - sum(parts[:-1])
    return parts


def _year(rng: random.Random, p: Profile, revenue: float) -> dict[str, int]:
    m = p.minor
    v: dict[str, int] = {}
    total_assets = int(revenue * p.assets_to_revenue * m)
    tca = int(total_assets * p.current_share)
    ca = _split(rng, tca, [0.22, 0.04, 0.30, 0.06, 0.03, 0.30, 0.05])
    for key, value in zip(
        [
            "cash",
            "notes_receivable",
            "accounts_receivable",
            "prepayments",
            "other_receivables",
            "inventory",
            "other_current_assets",
        ],
        ca,
        strict=False,
    ):
        v[key] = value
    nca = _split(rng, total_assets - tca, [0.08, 0.62, 0.10, 0.17, 0.03])
    for key, value in zip(
        ["long_term_investments", "fixed_assets", "construction", "intangibles", "deferred_tax_assets"],
        nca,
        strict=False,
    ):
        v[key] = value
    v["total_current_assets"], v["total_non_current_assets"], v["total_assets"] = tca, total_assets - tca, total_assets
    tl = int(total_assets * p.liabilities_to_assets)
    tcl = int(tl * 0.82)
    cl = _split(rng, tcl, [0.28, 0.06, 0.30, 0.03, 0.05, 0.05, 0.05, 0.10, 0.08])
    for key, value in zip(
        [
            "short_term_borrowings",
            "notes_payable",
            "accounts_payable",
            "advances",
            "contract_liabilities",
            "payroll",
            "taxes_payable",
            "other_payables",
            "current_portion_long_term_debt",
        ],
        cl,
        strict=False,
    ):
        v[key] = value
    ncl = _split(rng, tl - tcl, [0.9, 0.1])
    v["long_term_borrowings"], v["deferred_income"] = ncl
    v["total_current_liabilities"], v["total_non_current_liabilities"], v["total_liabilities"] = tcl, tl - tcl, tl
    return v


def _equity(v: dict[str, int], capital: int) -> None:
    equity = v["total_assets"] - v["total_liabilities"]
    v["paid_in_capital"] = capital
    v["capital_reserve"] = int(abs(capital) * 0.15)
    v["surplus_reserve"] = int(abs(capital) * 0.05)
    v["retained_earnings"] = equity - v["paid_in_capital"] - v["capital_reserve"] - v["surplus_reserve"]
    v["total_equity"] = equity
    v["total_liabilities_and_equity"] = v["total_liabilities"] + equity


def _income(rng: random.Random, p: Profile, revenue: float, v: dict[str, int]) -> None:
    m = p.minor
    v["revenue"] = int(revenue * m)
    v["cost_of_sales"] = int(v["revenue"] * (1 - p.gross_margin))
    v["taxes_surcharges"] = int(v["revenue"] * 0.006)
    opex = _split(rng, int(v["revenue"] * p.expense_ratio), [0.35, 0.45, 0.20])
    v["selling_expenses"], v["admin_expenses"], v["rnd"] = opex
    borrowings = v["short_term_borrowings"] + v["long_term_borrowings"] + v["current_portion_long_term_debt"]
    v["interest_expense"] = int(borrowings * p.interest_rate)
    v["interest_income"] = int(v["cash"] * 0.004)
    v["financial_expenses"] = v["interest_expense"] - v["interest_income"]
    v["other_income"] = int(v["revenue"] * 0.002)
    v["operating_profit"] = (
        v["revenue"]
        - v["cost_of_sales"]
        - v["taxes_surcharges"]
        - sum(opex)
        - v["financial_expenses"]
        + v["other_income"]
    )
    v["non_operating_income"] = int(v["revenue"] * 0.001)
    v["non_operating_expense"] = int(v["revenue"] * 0.0005)
    v["total_profit"] = v["operating_profit"] + v["non_operating_income"] - v["non_operating_expense"]
    v["income_tax"] = max(int(v["total_profit"] * 0.25), 0)
    v["net_profit"] = v["total_profit"] - v["income_tax"]


def _cash_flow(rng: random.Random, v: dict[str, int]) -> None:
    v["cash_from_sales"] = int(v["revenue"] * rng.uniform(1.02, 1.08))
    v["cash_paid_goods"] = int(v["cost_of_sales"] * rng.uniform(0.95, 1.02))
    v["cash_paid_staff"] = int(v["revenue"] * 0.06)
    v["cash_paid_taxes"] = int(v["revenue"] * 0.02)
    v["net_cash_from_operating"] = (
        v["cash_from_sales"] - v["cash_paid_goods"] - v["cash_paid_staff"] - v["cash_paid_taxes"]
    )
    v["capex"] = int(v["revenue"] * rng.uniform(0.02, 0.05))
    v["net_cash_from_investing"] = -v["capex"]
    v["borrowings_raised"] = int(v["short_term_borrowings"] * 1.0)
    v["borrowings_repaid"] = int(v["short_term_borrowings"] * rng.uniform(0.9, 1.05))
    v["interest_paid"] = v["interest_expense"]
    v["net_cash_from_financing"] = v["borrowings_raised"] - v["borrowings_repaid"] - v["interest_paid"]
    v["net_change"] = v["net_cash_from_operating"] + v["net_cash_from_investing"] + v["net_cash_from_financing"]


def make_years(rng: random.Random, p: Profile, capital: int) -> tuple[dict[str, int], dict[str, int]]:
    """(current year, previous year) printed values in minor units; balance sheets balance."""
    previous_revenue = p.revenue / (1 + p.growth)
    current, previous = _year(rng, p, p.revenue), _year(rng, p, previous_revenue)
    for year, revenue in ((current, p.revenue), (previous, previous_revenue)):
        _equity(year, capital * p.minor)
        _income(rng, p, revenue, year)
        _cash_flow(rng, year)
    _roll_forward(current, previous)
    return current, previous


def _roll_forward(cur: dict[str, int], prev: dict[str, int]) -> None:
    """Tie this year to last year as real statements tie: retained earnings grow by the profit less
    a dividend (a third of a profit, nothing on a loss), and the cash-flow statement explains the
    change in balance-sheet cash. The balance sheet still balances: the retained-earnings change
    moves other payables (or, when equity must rise, other current assets)."""
    dividend = max(cur["net_profit"] // 3, 0)
    target = prev["retained_earnings"] + cur["net_profit"] - dividend
    shift = cur["retained_earnings"] - target
    cur["retained_earnings"], cur["total_equity"] = target, cur["total_equity"] - shift
    if shift >= 0:  # equity falls: liabilities take up the difference
        for key in ("other_payables", "total_current_liabilities", "total_liabilities"):
            cur[key] += shift
    else:  # equity rises: so do assets
        for key in ("other_current_assets", "total_current_assets", "total_assets"):
            cur[key] -= shift
    cur["total_liabilities_and_equity"] = cur["total_liabilities"] + cur["total_equity"]
    change = cur["cash"] - prev["cash"]
    financing = change - cur["net_cash_from_operating"] - cur["net_cash_from_investing"]
    cur["interest_paid"] = cur["interest_expense"] + dividend
    cur["borrowings_repaid"] = cur["borrowings_raised"] - cur["interest_paid"] - financing
    if cur["borrowings_repaid"] < 0:
        cur["borrowings_raised"] -= cur["borrowings_repaid"]
        cur["borrowings_repaid"] = 0
    cur["net_cash_from_financing"], cur["net_change"] = financing, change
