"""The report's amount section: the working-capital sizing (for the loans it applies to), the new
loan's repayment, and the constraints that set the recommended amount."""

from __future__ import annotations

from typing import Any

from credit_dd.case import CaseResult
from credit_dd.report.reader import Reader

SIZED_PRODUCTS = ("working_capital_loan",)  # the reference method sizes working-capital loans only
DAYS = ("inventory_days", "receivable_days", "payable_days", "prepayment_days", "advance_days")


def sizing(case: CaseResult, r: Reader) -> dict[str, Any]:
    """The reference method step by step; a negative capacity counts as 0, with the reason."""
    product = case.application.product
    result = case.analysis.sizing
    if product not in SIZED_PRODUCTS:
        name = r.name("product", product)
        return {
            "applies": False,
            "note": r.say("sizing_not_applicable", product=name if r.lang == "zh" else name.lower()),
        }
    if result is None:
        return {"applies": True, "rows": [], "note": r.name("constraint_reasons", "no full-year income statement")}
    rows = [
        (r.s["base_period"], str(case.analysis.sizing_period or "")),
        (r.s["sales_margin"], r.figure(result.sales_margin, "percent")),
    ]
    rows += [(r.s[name], r.figure(getattr(result, name), "days")) for name in DAYS]
    rows += [
        (r.s["turnover"], r.figure(result.turnover, "times")),
        (r.s["need"], r.money(result.need, bare=False)),
        (r.s["deductions"], r.money(result.deductions, bare=False)),
        (r.s["capacity"], r.money(_floor(result.capacity), bare=False)),
    ]
    note = r.name("constraint_reasons", result.reason) if result.reason else ""
    if result.capacity is not None and result.capacity < 0:
        note = r.say("capacity_negative", gap=-result.capacity)
    return {"applies": True, "rows": [{"label": a, "value": b} for a, b in rows], "note": note}


def _floor(capacity: float | None) -> float | None:
    """A capacity below zero lends nothing: it counts as 0."""
    return None if capacity is None else max(capacity, 0.0)


def repayment(case: CaseResult, r: Reader) -> dict[str, str] | None:
    """DSCR before and after the new loan, with the formula's figures, and what is serviceable."""
    capacity = case.analysis.repayment
    if capacity is None:
        return None
    loan, app = capacity.new_loan, case.application
    tenor = r.say("tenor_value", months=app.tenor_months)
    return {
        "period": str(capacity.period or ""),
        "reason": r.name("constraint_reasons", capacity.reason),
        "loan": f"{r.money(app.requested_amount, bare=False)} · {tenor} · {r.name('repayment_method', app.repayment_method)}",
        "ocf": r.money(capacity.operating_cash_flow),
        "interest": r.money(capacity.interest_expense),
        "debt": r.money(capacity.debt_due_within_year),
        "existing": r.money(capacity.existing_service if capacity.period else None),
        "dscr": r.figure(capacity.dscr, "times"),
        "dscr_after": r.figure(capacity.dscr_after, "times"),
        "serviceable": r.money(capacity.serviceable_amount, bare=False),
        "rate": _rate(case, r),
        "new_service": r.money(loan.first_year_service if loan else None),
        "first_year": r.money(loan.first_year_service if loan else None, bare=False),
        "monthly": r.money(loan.monthly_payment if loan else None),
    }


def _rate(case: CaseResult, r: Reader) -> str:
    loan = case.analysis.repayment.new_loan if case.analysis.repayment else None
    if loan is None:
        return r.money(None)
    if loan.reference_from is None or loan.reference_rate is None or loan.spread is None:
        return r.figure(loan.rate, "percent")
    return r.say(
        "rate_source",
        rate=r.figure(loan.rate, "percent"),
        date=loan.reference_from,
        term=r.s["five_year" if loan.long_term else "one_year"],
        base=r.figure(loan.reference_rate, "percent"),
        spread=r.figure(loan.spread, "percent"),
    )


def constraints(case: CaseResult, r: Reader) -> list[dict[str, Any]]:
    """Each limit on the amount: its figure, or why it was not computed; the binding one marked."""
    opinion, sized = case.opinion, case.analysis.sizing
    rows = []
    for c in opinion.constraints:
        if c.amount is None:
            amount = f"{r.s['not_computed']}（{r.name('constraint_reasons', c.reason)}）"
        else:
            amount = r.money(c.amount, bare=False)
        shortfall = sized.capacity if sized and sized.capacity is not None and sized.capacity < 0 else None
        note = ""
        if c.name == "working_capital_capacity" and shortfall is not None:
            note = r.say("capacity_negative", gap=-shortfall)
        rows.append(
            {
                "label": r.t["constraints"][c.name],
                "amount": amount,
                "note": note,
                "binding": c.name == opinion.binding_constraint,
            }
        )
    return rows
