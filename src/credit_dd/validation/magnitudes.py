"""Do the statements' magnitudes agree with the rest of the application? (UNIT_SUSPECT)

A statement read in the wrong unit is off by a power of ten that units come in: 10^3 (千元,
thousands), 10^4 (万元), 10^6 (百万元, millions). Its figures are compared with what other
sources say about the same company's size, each from a different document: paid-in capital
with the registered capital on the form, balance-sheet cash with the bank statements' closing
balance, revenue with a year of bank inflows. A ratio that lands near one of those powers
is flagged, never silently used: the figures may be 1,000 or 10,000 times what was printed.
"""

from __future__ import annotations

import math
from datetime import date

from credit_dd.documents.bankstatements import BankStatement
from credit_dd.documents.history import StatementHistory
from credit_dd.intake.application import Application

UNIT_STEPS = (3, 4, 6)  # decimal orders of magnitude between units that statements use
CLOSE = 0.35  # how near (in orders of magnitude) a ratio must be to a unit step


def unit_step(statement_figure: float, other: float) -> int | None:
    """The power of ten (±3, ±4, ±6) that separates two figures of the same size, if one does."""
    if statement_figure <= 0 or other <= 0:
        return None
    orders = math.log10(statement_figure / other)
    for step in UNIT_STEPS:
        for signed in (step, -step):
            if abs(orders - signed) <= CLOSE:
                return signed
    return None


def comparisons(
    application: Application, history: StatementHistory, statements: list[BankStatement]
) -> list[tuple[str, float, str, float, date]]:
    """(statement item, its value, the other source, its figure, period) for each size check available."""
    out: list[tuple[str, float, str, float, date]] = []
    latest = [p for p in history.periods if history.get(p, "total_assets") or history.get(p, "revenue")]
    if not latest:
        return out
    period = latest[-1]
    capital = application.applicant.registered_capital
    paid_in = history.get(period, "paid_in_capital")
    if capital and paid_in:
        out.append(("paid_in_capital", paid_in, "registered capital on the form", float(capital), period))
    closing = [s for s in statements if s.closing_balance and s.period_end and abs((s.period_end - period).days) <= 45]
    cash = history.get(period, "cash")
    if closing and cash:
        out.append(("cash", cash, f"{closing[0].file} closing balance", abs(closing[0].closing_balance or 0), period))
    years = [p for p in history.periods if history.get(p, "revenue") and p in history.starts]
    inflows = sum(t.credit for s in statements for t in s.transactions)
    months = _months_covered(statements)
    if years and inflows and months:
        revenue = history.get(years[-1], "revenue") or 0.0
        out.append(
            ("revenue", revenue, f"bank inflows over {months} months, annualised", inflows * 12 / months, years[-1])
        )
    return out


def _months_covered(statements: list[BankStatement]) -> int:
    spans = [(s.period_start, s.period_end) for s in statements if s.period_start and s.period_end]
    if not spans:
        return 0
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    return max(1, (end.year - start.year) * 12 + end.month - start.month + 1)


def unit_suspect_rows(
    application: Application, history: StatementHistory, statements: list[BankStatement]
) -> list[dict[str, object]]:
    """One cross-document row per size check that is off by a unit step."""
    rows: list[dict[str, object]] = []
    for item, value, source, other, period in comparisons(application, history, statements):
        step = unit_step(value, other)
        if step is None:
            continue
        sourced = history.values[period][item]
        params = {
            "item": item,
            "value": value,
            "file": sourced.file,
            "page": sourced.page,
            "printed": sourced.printed or "?",
            "step": step,
            "source": source,
            "other": other,
        }
        rows.append({"code": "UNIT_SUSPECT", "ok": False, "severity": "critical", "params": params})
    return rows
