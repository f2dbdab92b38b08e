"""Do the numbers hold together? Accounting identities, bank reconciliation, cross-document checks.

The datasets are built here as DataFrames (with the gaps already computed in yuan and in
units of rounding tolerance); ``credit_dd.validation.quality`` runs each dataset's expectation suite
on them; failures become findings with the evidence a reviewer needs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel

from credit_dd.documents.bankstatements import BankStatement
from credit_dd.documents.files import ParsedDocument, bank_statements
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.statements import SourcedValue
from credit_dd.intake.application import Application
from credit_dd.names import same_company
from credit_dd.policy.data import AnalysisSettings, CreditPolicy
from credit_dd.validation.checks import (
    Check,
    bank_checks,
    bank_vs_cash,
    cash_flow_vs_cash,
    identity_checks,
    retained_earnings_rollforward,
    revenue_vs_bank,
)
from credit_dd.validation.magnitudes import unit_suspect_rows
from credit_dd.validation.quality import ExpectationOutcome, run_suite
from credit_dd.validation.relations import left_out_of_summary

# (name, left items, right items): sum(left) must equal sum(right) within rounding; an item
# ending in "?" counts as zero when the statement does not print it.
IDENTITIES: dict[str, list[tuple[str, list[str], list[str]]]] = {
    "balance_sheet": [
        ("assets_balance", ["total_assets"], ["total_liabilities_and_equity"]),
        ("assets_split", ["total_current_assets", "total_non_current_assets"], ["total_assets"]),
        ("liabilities_split", ["total_current_liabilities", "total_non_current_liabilities"], ["total_liabilities"]),
        # Mezzanine (temporary) equity stands between liabilities and equity in US GAAP filings.
        ("funding_split", ["total_liabilities", "mezzanine_equity?", "total_equity"], ["total_liabilities_and_equity"]),
    ],
    "income_statement": [("net_profit", ["total_profit"], ["income_tax", "net_profit"])],
    "cash_flow": [
        ("operating_subtotals", ["operating_inflows"], ["operating_outflows", "net_cash_from_operating"]),
        ("investing_subtotals", ["investing_inflows"], ["investing_outflows", "net_cash_from_investing"]),
        ("financing_subtotals", ["financing_inflows"], ["financing_outflows", "net_cash_from_financing"]),
        (
            "net_increase",
            [
                "net_cash_from_operating",
                "net_cash_from_investing",
                "net_cash_from_financing",
                "fx_effect_on_cash?",
                "cash_held_for_sale_change?",
            ],
            ["net_increase_in_cash"],
        ),
    ],
}


class ValidationReport(BaseModel):
    """Every expectation result (for the package; the rules draw findings from the failures), every
    named check, and the validation engine's own failure, if it failed."""

    outcomes: list[ExpectationOutcome]
    checks: list[Check] = []
    error: str | None = None  # the engine failed: nothing was checked


def _amount(values: dict[str, SourcedValue], item: str) -> float:
    """An item's value as the identity adds it: outflow subtotals by their size (banks print them negative)."""
    value = values[item].value
    return abs(value) if item.endswith("_outflows") else value


def identity_frame(history: StatementHistory, kind: str, tolerance_units: float) -> pd.DataFrame:
    """One row per period: each identity's gap in yuan and in units of its rounding tolerance:
    half the printed rounding step of each figure in it, times ``tolerance_units`` (the policy's
    ``balance_tolerance_units``), so the suites' ±1 means "within the policy's tolerance".

    A gap is re-checked against the other figures the page printed before it counts: when
    one side equals the other side of another period's column, or the other side times a
    power of ten, the figures were misread (column or unit), and the row says so in
    ``{name}_misread`` instead of reporting an imbalance.
    """
    rows = []
    for period in history.periods:
        row: dict[str, Any] = {"period": period.isoformat()}
        for name, left, right in IDENTITIES[kind]:
            row |= _identity_row(history, period, name, left, right, tolerance_units)
        rows.append(row)
    parts = ("gap", "units", "misread", "figures", "left", "right")
    columns = ["period"] + [f"{n}_{s}" for n, _, _ in IDENTITIES[kind] for s in parts]
    return pd.DataFrame(rows, columns=columns)


def _identity_row(
    history: StatementHistory, period: date, name: str, left: list[str], right: list[str], tolerance_units: float
) -> dict[str, Any]:
    values = history.values[period]
    required = [i for i in left + right if not i.endswith("?")]
    if not all(item in values for item in required) or left_out_of_summary(history, period, left + right):
        return {
            f"{name}_gap": None,
            f"{name}_units": None,
            f"{name}_misread": None,
            f"{name}_figures": "",
            f"{name}_left": None,
            f"{name}_right": None,
        }
    present = [i.rstrip("?") for i in left + right if i.rstrip("?") in values]
    lhs, rhs = _sides(values, left, right)
    gap = lhs - rhs
    tolerance = max(values[i].step for i in present) * len(present) / 2 * tolerance_units + 1e-6
    misread = abs(gap) > tolerance and _misread(history, period, left, right, tolerance)
    figures = "; ".join(
        f"{i} {values[i].printed or f'{values[i].value:,.2f}'} ({values[i].file} p.{values[i].page})" for i in present
    )
    return {
        f"{name}_gap": round(gap, 2),
        f"{name}_units": 0.0 if misread else gap / tolerance,
        f"{name}_misread": misread or None,
        f"{name}_figures": figures,
        f"{name}_left": round(lhs, 2),
        f"{name}_right": round(rhs, 2),
    }


def _misread(history: StatementHistory, period: date, left: list[str], right: list[str], tolerance: float) -> bool:
    """Whether a failing identity is explained by a misread: one side a power of ten off the other
    (a unit applied to one total only), or the two sides crossed with another period's column."""
    lhs, rhs = _sides(history.values[period], left, right)
    if (
        lhs
        and rhs
        and any(abs(abs(lhs / rhs) - f) < 1e-6 or abs(abs(rhs / lhs) - f) < 1e-6 for f in (1e3, 1e4, 1e6, 1e8))
    ):
        return True
    for other in history.periods:
        values = history.values[other]
        if other == period or not all(i in values for i in left + right if not i.endswith("?")):
            continue
        other_lhs, other_rhs = _sides(values, left, right)
        if abs(lhs - other_rhs) <= tolerance or abs(rhs - other_lhs) <= tolerance:
            return True
    return False


def _sides(values: dict[str, SourcedValue], left: list[str], right: list[str]) -> tuple[float, float]:
    lhs = sum(_amount(values, i.rstrip("?")) for i in left if i.rstrip("?") in values)
    return lhs, sum(_amount(values, i.rstrip("?")) for i in right if i.rstrip("?") in values)


def transactions_frame(statement: BankStatement) -> pd.DataFrame:
    """One row per transaction with the balance the previous row implies."""
    rows, previous = [], statement.opening_balance
    for number, t in enumerate(statement.transactions, start=1):
        expected = None if previous is None else round(previous + t.credit - t.debit, 2)
        rows.append(
            {
                "file": statement.file,
                "row": number,
                "page": t.page,
                "raw_date": t.raw_date,
                "date_valid": t.date is not None,
                "debit": t.debit,
                "credit": t.credit,
                "balance": t.balance,
                "previous": previous,
                "expected": expected,
                "break": None if expected is None or t.balance is None else round(t.balance - expected, 2),
            }
        )
        previous = t.balance if t.balance is not None else expected
    return pd.DataFrame(rows)


def statements_frame(statements: list[BankStatement]) -> pd.DataFrame:
    """One row per bank statement: opening + credits − debits against closing, the printed totals against the
    rows, and gaps between statements."""
    rows = []
    ordered = sorted(statements, key=lambda s: s.period_start or date.min)
    for index, s in enumerate(ordered):
        credits, debits = (
            round(sum(t.credit for t in s.transactions), 2),
            round(sum(t.debit for t in s.transactions), 2),
        )
        gap = (
            None
            if s.opening_balance is None or s.closing_balance is None
            else round(s.opening_balance + credits - debits - s.closing_balance, 2)
        )
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        days_to_next = (
            (following.period_start - s.period_end).days if following and following.period_start and s.period_end else 0
        )
        longest = _longest_silence(s)
        rows.append(
            {
                "file": s.file,
                "opening": s.opening_balance,
                "credits": credits,
                "debits": debits,
                "closing": s.closing_balance,
                "gap": gap,
                **_printed_totals(s.printed_total_in, credits, "in"),
                **_printed_totals(s.printed_total_out, debits, "out"),
                "days_to_next": days_to_next,
                "next_file": following.file if following else "",
                "longest_silence_days": longest[0],
                "silence_from": longest[1],
                "silence_to": longest[2],
            }
        )
    return pd.DataFrame(rows)


def _printed_totals(printed: float | None, rows: float, side: str) -> dict[str, float | None]:
    """A total the statement prints about itself (money in or out) and how far its rows are from it."""
    size = None if printed is None else abs(printed)  # some banks print money out as a negative total
    return {f"printed_{side}": size, f"{side}_gap": None if size is None else round(size - rows, 2)}


def _longest_silence(statement: BankStatement) -> tuple[int, str, str]:
    days = sorted(t.date for t in statement.transactions if t.date is not None)
    gaps = [((b - a).days, a.isoformat(), b.isoformat()) for a, b in zip(days, days[1:], strict=False)]
    return max(gaps, default=(0, "", ""))


def _months(start: date, end: date) -> set[tuple[int, int]]:
    months, year, month = set(), start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def revenue_row(
    history: StatementHistory, statements: list[BankStatement], settings: AnalysisSettings
) -> dict[str, Any] | None:
    """Declared revenue against bank inflows over the same months (annualised when they barely overlap)."""
    years = [p for p in history.periods if (p.month, p.day) == (12, 31) and history.get(p, "revenue")]
    dated = [t for s in statements for t in s.transactions if t.date is not None]
    if not years or not dated:
        return None
    band, vat = settings.revenue_band, settings.vat_rate
    period, revenue = years[-1], history.get(years[-1], "revenue") or 0.0
    covered = _months(min(t.date for t in dated if t.date), max(t.date for t in dated if t.date))
    overlap = {m for m in covered if m[0] == period.year}
    months = overlap if len(overlap) >= 3 else covered
    inflows = sum(t.credit for t in dated if t.date and (t.date.year, t.date.month) in months)
    expected = revenue * (1 + vat) * len(months) / 12
    ratio = inflows / expected if expected > 0 else 0.0
    basis = (
        f"the {len(months)} months of {period.year}"
        if months is overlap
        else f"all {len(months)} months of statements, annualised"
    )
    basis_zh = f"{period.year} 年的 {len(months)} 个月" if months is overlap else f"全部 {len(months)} 个月流水，年化"
    return _row(
        "REVENUE_BANK_MISMATCH",
        band[0] <= ratio <= band[1],
        inflows=inflows,
        basis=basis,
        basis_zh=basis_zh,
        ratio=ratio,
        expected=expected,
        revenue=revenue,
        year=period.year,
        vat=vat,
        low=band[0],
        high=band[1],
    )


def _row(code: str, ok: bool, severity: str | None = None, **params: Any) -> dict[str, Any]:
    """A cross-document row: its finding code, whether the documents agree, and the message's parameters."""
    return {"code": code, "ok": ok, "severity": severity, "params": params}


def cross_document_frame(
    application: Application,
    documents: list[ParsedDocument],
    history: StatementHistory,
    settings: AnalysisSettings,
) -> pd.DataFrame:
    """One row per cross-document check, ``ok`` true when the documents agree."""
    rows: list[dict[str, Any]] = []
    statements = bank_statements(documents)
    revenue = revenue_row(history, statements, settings)
    if revenue:
        rows.append(revenue)
    cross_checks = cross_statement_checks(history, statements, settings)
    rows += unit_suspect_rows(application, history, statements)
    names = [n for n in (application.applicant.name, application.applicant.name_en) if n]
    for doc in documents:
        for statement in doc.statements:
            if statement.company and not any(same_company(statement.company, name) for name in names):
                rows.append(
                    _row(
                        "DOC_NAME_MISMATCH",
                        False,
                        file=doc.file,
                        page=statement.pages[0],
                        company=statement.company,
                        applicant=application.applicant.name,
                    )
                )
    rows += [_row("STATEMENT_CONFLICT", False, note=note) for note in history.conflicts]
    rows += [_check_row(c) for c in cross_checks if c.status == "failed"]
    return pd.DataFrame(rows, columns=["code", "ok", "severity", "params"])


CHECK_FINDINGS = {
    "cash_flow_vs_cash": "CASH_FLOW_CASH_MISMATCH",
    "retained_earnings_rollforward": "RETAINED_EARNINGS_BREAK",
    "bank_vs_cash": "BANK_CASH_MISMATCH",
}


def _check_row(check: Check) -> dict[str, Any]:
    left, right = check.left or 0.0, check.right or 0.0
    params: dict[str, Any] = {"period": check.period, "file": check.file, "gap": left - right}
    if check.name == "cash_flow_vs_cash":
        params |= {"net_increase": left, "cash_change": right, "gap": right - left}
    elif check.name == "retained_earnings_rollforward":
        params |= {"change": left, "expected": right}
    else:
        params |= {"bank": left, "cash": right}
    return _row(CHECK_FINDINGS[check.name], False, **params)


def cross_statement_checks(
    history: StatementHistory, statements: list[BankStatement], settings: AnalysisSettings
) -> list[Check]:
    """The checks across statements and documents whose failures are findings."""
    return (
        cash_flow_vs_cash(history, settings.restricted_cash_allowance)
        + retained_earnings_rollforward(history)
        + bank_vs_cash(history, statements)
    )


def validate_case(
    application: Application,
    documents: list[ParsedDocument],
    history: StatementHistory,
    policy: CreditPolicy,
) -> ValidationReport:
    """Run every suite on its dataset and every named check.

    Validation never stops a run: if the validation engine itself fails, the report says so (the
    rules make it a critical VALIDATION_UNAVAILABLE finding: the figures are unchecked).
    """
    try:
        return _validate(application, documents, history, policy)
    except Exception as exc:  # a third-party engine at the boundary: its failure is reported, not raised
        return ValidationReport(outcomes=[], checks=[], error=f"{type(exc).__name__}: {exc}")


def _validate(
    application: Application, documents: list[ParsedDocument], history: StatementHistory, policy: CreditPolicy
) -> ValidationReport:
    settings = policy.analysis
    statements = bank_statements(documents)
    outcomes = run_suite("application_form", form_frame(application))
    checks: list[Check] = []
    for kind in ("balance_sheet", "income_statement", "cash_flow"):
        frame = identity_frame(history, kind, policy.thresholds.balance_tolerance_units)
        outcomes += run_suite(kind, frame)
        checks += identity_checks(history, kind, frame, [name for name, _, _ in IDENTITIES[kind]])
    breaks: dict[str, tuple[int, int]] = {}
    for statement in statements:
        frame = transactions_frame(statement)
        outcomes += run_suite("bank_transactions", frame)
        if not frame.empty:
            compared = frame[frame["break"].notna()]
            breaks[statement.file] = (int((compared["break"].abs() < 0.005).sum()), len(compared))
    frame = statements_frame(statements)
    outcomes += run_suite("bank_statements", frame)
    checks += bank_checks(frame, breaks)
    outcomes += run_suite("cross_document", cross_document_frame(application, documents, history, settings))
    checks += revenue_vs_bank(revenue_row(history, statements, settings))
    checks += cross_statement_checks(history, statements, settings)
    return ValidationReport(outcomes=outcomes, checks=checks)


def form_frame(application: Application) -> pd.DataFrame:
    """The form as one row of the figures its suite checks."""
    a = application.applicant
    return pd.DataFrame(
        [
            {
                "requested_amount": application.requested_amount,
                "tenor_months": application.tenor_months,
                "shareholding_pct": sum(s.share_pct for s in a.shareholders) if a.shareholders else None,
                "collateral_value": sum(c.appraised_value for c in application.collateral),
            }
        ]
    )
