"""The figures of a generated statement set: every total adds up as printed, and the statements tie.

Each value column is drawn on its own (a quarter beside its year to date, a month beside the year
so far); every subtotal is the sum of the rounded lines printed above it, the income statement's
results follow from its lines, and the cash-flow statement's closing cash is the balance sheet's
cash on the same date (its opening cash the cash on the date it opens from), as in a real set.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

Figures = dict[str, float]

BALANCE_LINES = ("cash", "receivables", "inventories", "ppe", "intangibles", "short_term", "payables", "long_term")


def _draw(rng: random.Random, decimals: int, low: float, high: float) -> float:
    return round(rng.uniform(low, high), decimals)


def balance_figures(rng: random.Random, decimals: int) -> Figures:
    """One balance-sheet column: lines, then every total from them."""
    f = {line: _draw(rng, decimals, 100, 90_000) for line in BALANCE_LINES}
    f["share_capital"] = _draw(rng, decimals, 1_000, 50_000)

    def add(*names: str) -> float:
        return round(sum(f[n] for n in names), decimals)

    f["total_current_assets"] = add("cash", "receivables", "inventories")
    f["total_non_current_assets"] = add("ppe", "intangibles")
    f["total_assets"] = add("total_current_assets", "total_non_current_assets")
    f["total_current_liabilities"] = add("short_term", "payables")
    f["total_non_current_liabilities"] = add("long_term")
    f["total_liabilities"] = add("total_current_liabilities", "total_non_current_liabilities")
    f["retained_earnings"] = round(f["total_assets"] - f["total_liabilities"] - f["share_capital"], decimals)
    f["total_equity"] = add("share_capital", "retained_earnings")
    f["total_liabilities_and_equity"] = add("total_liabilities", "total_equity")
    f["net_current_assets"] = round(f["total_current_assets"] - f["total_current_liabilities"], decimals)
    f["assets_less_current_liabilities"] = round(f["total_assets"] - f["total_current_liabilities"], decimals)
    f["net_assets"] = round(f["total_assets"] - f["total_liabilities"], decimals)
    return f


def income_figures(rng: random.Random, decimals: int, scale: float = 1.0) -> Figures:
    """One income-statement column: revenue down to net profit, each result from the lines above it."""
    f = {"revenue": _draw(rng, decimals, 10_000 * scale, 900_000 * scale)}
    f["cost_of_sales"] = round(f["revenue"] * rng.uniform(0.5, 0.95), decimals)
    f["selling"] = _draw(rng, decimals, 0, 30_000 * scale)
    f["admin"] = _draw(rng, decimals, 0, 30_000 * scale)
    f["operating_profit"] = round(f["revenue"] - f["cost_of_sales"] - f["selling"] - f["admin"], decimals)
    f["other_income"] = _draw(rng, decimals, 0, 3_000 * scale)
    f["total_profit"] = round(f["operating_profit"] + f["other_income"], decimals)
    f["income_tax"] = round(max(f["total_profit"], 0) * 0.25, decimals)
    f["net_profit"] = round(f["total_profit"] - f["income_tax"], decimals)
    return f


def cash_figures(rng: random.Random, decimals: int, closing: float | None, opening: float | None) -> Figures:
    """One cash-flow column: the three activities add up to the change from opening to closing cash."""
    begin = opening if opening is not None else _draw(rng, decimals, 100, 90_000)
    end = closing if closing is not None else _draw(rng, decimals, 100, 90_000)
    f = {"begin": begin, "end": end, "net_increase": round(end - begin, decimals)}
    f["operating"] = _draw(rng, decimals, -50_000, 90_000)
    f["investing"] = _draw(rng, decimals, -50_000, 5_000)
    f["financing"] = round(f["net_increase"] - f["operating"] - f["investing"], decimals)
    return f


def opening_date(start: date | None) -> date | None:
    """The balance-sheet date a flow column opens from: the day before it starts."""
    return None if start is None else start - timedelta(days=1)
