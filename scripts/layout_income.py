"""The shapes an income statement takes besides costs by function, each with its lines' figures.

The core figures (revenue, net profit) and the results between them stay the ones
``layout_figures.income_figures`` drew; a shape only prints them through other lines:

- ``function``: revenue, cost of sales, selling, administrative expenses, operating profit (IAS 1's
  analysis by function, 会企02表);
- ``single_step``: US GAAP's "Costs and expenses:" block closed by "Total costs and expenses";
- ``single_step_pretax``: Regulation S-X's single step down to income before income taxes, the other
  income a credit in brackets among the costs ("Other (income) expense, net"), selling, general and
  administrative on one line;
- ``nature``: IAS 1's analysis by nature (raw materials, employee benefits, depreciation, other
  expenses), finance income and finance costs on their own lines;
- ``ind_as``: Ind AS Schedule III: revenue from operations and other income make "Total income",
  the expenses "Total expenses", tax split into current and deferred;
- ``cas_total``: the consolidated 会企02表 of a listed group: 一、营业总收入 with 其中：营业收入,
  二、营业总成本 with its 其中 lines, 加：其他收益 before 三、营业利润.
"""

from __future__ import annotations

import random

Figures = dict[str, float]

EN_SHAPES = ("function", "function", "single_step", "single_step_pretax", "nature", "ind_as")
ZH_SHAPES = ("function", "cas_total")

ORDERS: dict[str, list[str]] = {
    "function": [
        "revenue",
        "cost_of_sales",
        "selling",
        "admin",
        "operating_profit",
        "other_income",
        "total_profit",
        "income_tax",
        "net_profit",
    ],
    "single_step": [
        "revenue",
        "#costs_and_expenses",
        "cost_of_sales",
        "research",
        "general",
        "total_costs",
        "operating_profit",
        "other_income",
        "total_profit",
        "income_tax",
        "net_profit",
    ],
    "single_step_pretax": [
        "revenue",
        "#costs_and_expenses",
        "cost_of_sales",
        "sga",
        "other_net",
        "total_costs",
        "total_profit",
        "income_tax",
        "net_profit",
    ],
    "nature": [
        "revenue",
        "materials",
        "employees",
        "depreciation",
        "other_expenses",
        "operating_profit",
        "finance_income",
        "finance_costs",
        "total_profit",
        "income_tax",
        "net_profit",
    ],
    "ind_as": [
        "revenue",
        "other_income",
        "total_income",
        "#expenses",
        "materials",
        "employees",
        "other_expenses",
        "total_expenses",
        "total_profit",
        "#tax_expense",
        "current_tax",
        "deferred_tax",
        "income_tax",
        "net_profit",
    ],
    "cas_total": [
        "total_revenue",
        "revenue",
        "total_costs",
        "cost_of_sales",
        "selling",
        "admin",
        "other_income",
        "operating_profit",
        "total_profit",
        "income_tax",
        "net_profit",
    ],
}
EN_LABELS = {
    "#costs_and_expenses": "Costs and expenses:",
    "research": "Research and development",
    "general": "Selling, general and administrative",
    "total_costs": "Total costs and expenses",
    "sga": "Selling, general and administrative",
    "other_net": "Other (income) expense, net",
    "materials": "Raw materials and consumables used",
    "employees": "Employee benefits expense",
    "depreciation": "Depreciation and amortisation expense",
    "other_expenses": "Other expenses",
    "finance_income": "Finance income",
    "finance_costs": "Finance costs",
    "total_income": "Total income",
    "#expenses": "Expenses",
    "total_expenses": "Total expenses",
    "#tax_expense": "Tax expense:",
    "current_tax": "Current tax",
    "deferred_tax": "Deferred tax",
}
ZH_LABELS = {
    "total_revenue": "一、营业总收入",
    "total_costs": "二、营业总成本",
}
ZH_RELABEL = {  # the lines a cas_total statement prints under other captions
    "revenue": "其中：营业收入",
    "cost_of_sales": "其中：营业成本",
    "other_income": "加：其他收益",
    "operating_profit": "三、营业利润（亏损以“－”号填列）",
    "total_profit": "四、利润总额（亏损总额以“－”号填列）",
    "net_profit": "五、净利润（净亏损以“－”号填列）",
}
SHAPE_EXPENSES = frozenset(
    {
        "research",
        "general",
        "sga",
        "other_net",
        "total_costs",
        "materials",
        "employees",
        "depreciation",
        "other_expenses",
    }
    | {"finance_costs", "total_expenses", "current_tax", "deferred_tax"}
)
SHAPE_TOTALS = frozenset({"total_costs", "total_income", "total_expenses", "total_revenue"})


def choose_shape(seed: int, language: str, family: str, dialect: str) -> str:
    """The shape of one variant's income statement, from its own random stream (the seed's other choices stay)."""
    if family == "software" or dialect != "mainland":
        return "function"
    return random.Random(f"income-{seed}").choice(EN_SHAPES if language == "en" else ZH_SHAPES)


def shape_figures(shape: str, f: Figures, decimals: int, rng: random.Random) -> Figures:
    """One column's figures with the shape's own lines, split from the drawn ones so every total still adds up."""
    out = dict(f)
    costs = f["cost_of_sales"] + f["selling"] + f["admin"]
    if shape == "single_step":
        out["research"] = round(f["selling"], decimals)
        out["general"] = round(f["admin"], decimals)
        out["total_costs"] = round(costs, decimals)
    elif shape == "single_step_pretax":  # the other income is a credit among the costs
        out["sga"] = round(f["selling"] + f["admin"], decimals)
        out["other_net"] = round(-f["other_income"], decimals)
        out["total_costs"] = round(costs - f["other_income"], decimals)
    elif shape == "nature":
        out["materials"] = round(f["cost_of_sales"] * rng.uniform(0.6, 0.8), decimals)
        out["employees"] = round(f["cost_of_sales"] - out["materials"], decimals)
        out["depreciation"] = round(f["selling"], decimals)
        out["other_expenses"] = round(f["admin"], decimals)
        out["finance_costs"] = round(f["other_income"] * rng.uniform(0.1, 0.5), decimals)
        out["finance_income"] = round(f["other_income"] + out["finance_costs"], decimals)
    elif shape == "ind_as":
        out["total_income"] = round(f["revenue"] + f["other_income"], decimals)
        out["materials"] = round(f["cost_of_sales"], decimals)
        out["employees"] = round(f["selling"], decimals)
        out["other_expenses"] = round(f["admin"], decimals)
        out["total_expenses"] = round(costs, decimals)
        out["current_tax"] = round(f["income_tax"] * rng.uniform(0.7, 1.0), decimals)
        out["deferred_tax"] = round(f["income_tax"] - out["current_tax"], decimals)
    elif shape == "cas_total":
        out["total_revenue"] = f["revenue"]
        out["total_costs"] = round(costs, decimals)
        out["operating_profit"] = round(f["operating_profit"] + f["other_income"], decimals)
    return out
