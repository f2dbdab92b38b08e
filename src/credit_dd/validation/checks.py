"""Named checks: every identity and reconciliation the report lists, each with both figures.

A check is ``passed``, ``failed`` or ``not_checked``; a check whose data is absent says why
and is never shown as passed. ``summary.json`` carries them as ``checks``; the report prints
them in its reader's language (``labels_i18n.yaml``: ``checks`` and ``check_reasons``). The
failed ones also become findings through the cross-document expectation suite.

Cross-statement checks:

- ``cash_flow_vs_cash``: the cash-flow statement's net increase in cash against the change in
  balance-sheet cash. Balance-sheet cash (货币资金) includes restricted cash, which the
  cash-flow statement leaves out. When the statement prints its closing and opening cash and
  cash equivalents, the difference from 货币资金 at each date is taken as restricted (or
  otherwise excluded) cash and shown in the detail; the check then holds when those printed
  balances explain the net increase, so it tests the statement's own ending and beginning
  figures, not the size of the restricted part. Otherwise a gap within the policy's allowance
  (a share of closing cash) is put down to restricted cash, and a larger one fails.
- ``retained_earnings_rollforward``: retained earnings may rise by at most the net profit less
  distributions (dividends paid where printed); appropriations to reserves only lower it.
- ``bank_vs_cash``: an account's balance on a balance-sheet date cannot exceed the company's
  cash on that date.
- ``revenue_vs_bank``: bank inflows against revenue with VAT, over the same months.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel

from credit_dd.documents.bankstatements import BankStatement
from credit_dd.documents.history import StatementHistory

CheckStatus = Literal["passed", "failed", "not_checked"]


class Check(BaseModel):
    """One named check: its figures, the relation between them, and its status."""

    name: str
    status: CheckStatus
    detail: str
    period: str | None = None
    file: str | None = None
    left: float | None = None
    right: float | None = None
    operator: str = "="
    reason: str | None = None  # not_checked: why (a key of check_reasons)

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` form: name, status and detail first."""
        return self.model_dump(exclude_none=True)


def _figures(left: float | None, operator: str, right: float | None) -> str:
    if left is None or right is None:
        return ""
    if operator == "/":
        return f"{left:,.0f} / {right:,.0f}"
    return f"{left:,.2f} {operator} {right:,.2f}"


def make_check(
    name: str,
    status: CheckStatus,
    *,
    left: float | None = None,
    right: float | None = None,
    operator: str = "=",
    period: date | str | None = None,
    file: str | None = None,
    reason: str | None = None,
    note: str = "",
) -> Check:
    """A check whose English detail is ``name: left op right`` (or the reason it was not checked)."""
    when = f" {period}" if period else ""
    where = f" ({file})" if file else ""
    figures = _figures(left, operator, right) if status != "not_checked" else f"not checked: {reason}"
    detail = f"{name}{when}{where}: {figures}{f'; {note}' if note else ''}"
    return Check(
        name=name,
        status=status,
        detail=detail,
        period=str(period) if period else None,
        file=file,
        left=None if left is None else round(left, 2),
        right=None if right is None else round(right, 2),
        operator=operator,
        reason=reason,
    )


def identity_checks(history: StatementHistory, kind: str, frame: pd.DataFrame, names: list[str]) -> list[Check]:
    """One check per identity and period of ``kind`` (from the validation frame's gaps and sides)."""
    periods = [p for p in history.periods if kind in history.kinds.get(p, [])]
    if not periods:
        return [make_check(names[0], "not_checked", reason=f"no_{kind}")]
    rows = {row["period"]: row for row in frame.to_dict("records")}
    checks = []
    for name in names:
        found = []
        for period in periods:
            row = rows.get(period.isoformat(), {})
            left, right, units = row.get(f"{name}_left"), row.get(f"{name}_right"), row.get(f"{name}_units")
            if left is None or pd.isna(left) or units is None or pd.isna(units):
                found.append(make_check(name, "not_checked", period=period, reason="items_not_printed"))
                continue
            misread = bool(row.get(f"{name}_misread"))
            status: CheckStatus = "failed" if misread or abs(units) > 1 else "passed"
            found.append(make_check(name, status, left=left, right=right, period=period))
        if all(c.status == "not_checked" for c in found):  # not printed in any period: say so once
            found = [make_check(name, "not_checked", reason="items_not_printed")]
        checks += found
    return checks


def bank_checks(statements_frame: pd.DataFrame, breaks: dict[str, tuple[int, int]]) -> list[Check]:
    """Per statement: opening + credits − debits = closing, and each row's balance following from the last."""
    if statements_frame.empty:
        return [make_check("bank_reconciliation", "not_checked", reason="no_bank_statement")]
    checks = []
    for row in statements_frame.to_dict("records"):
        file = row["file"]
        if row["gap"] is None or pd.isna(row["gap"]):
            checks.append(make_check("bank_reconciliation", "not_checked", file=file, reason="no_opening_or_closing"))
        else:
            left = row["opening"] + row["credits"] - row["debits"]
            status: CheckStatus = "passed" if abs(row["gap"]) < 0.005 else "failed"
            checks.append(make_check("bank_reconciliation", status, left=left, right=row["closing"], file=file))
        following, total = breaks.get(file, (0, 0))
        if total:
            status = "passed" if following == total else "failed"
            checks.append(
                make_check("bank_running_balance", status, left=following, right=total, operator="/", file=file)
            )
        else:
            checks.append(make_check("bank_running_balance", "not_checked", file=file, reason="no_printed_balances"))
    return checks


def cash_flow_vs_cash(history: StatementHistory, allowance: float) -> list[Check]:
    """The cash-flow statement's net increase in cash against the change in balance-sheet cash."""
    periods = [p for p in history.periods if history.get(p, "net_increase_in_cash") is not None]
    if not periods:
        return [make_check("cash_flow_vs_cash", "not_checked", reason="no_cash_flow")]
    checks = []
    for period in periods:
        opening = history.opening_of(period)
        net = history.get(period, "net_increase_in_cash") or 0.0
        closing_cash, opening_cash = history.get(period, "cash"), history.get(opening, "cash")
        if closing_cash is None or opening_cash is None:
            checks.append(make_check("cash_flow_vs_cash", "not_checked", period=period, reason="no_opening_cash"))
            continue
        change = closing_cash - opening_cash
        end, begin = history.get(period, "cash_equivalents_end"), history.get(period, "cash_equivalents_begin")
        step = max(history.values[period]["cash"].step, history.values[period]["net_increase_in_cash"].step)
        previous_end = history.get(opening, "cash_equivalents_end")
        if end is not None and begin is not None:
            restricted_change = (closing_cash - end) - (opening_cash - begin)
            expected, tolerance = net + restricted_change, 3 * step
            note = f"restricted cash change {restricted_change:,.2f}"
            if previous_end is not None and abs(previous_end - begin) > tolerance:
                # The year opens from other cash equivalents than last year closed with: the columns disagree.
                expected += begin - previous_end
                note += f"; opening {begin:,.2f} ≠ last year's closing {previous_end:,.2f}"
            operator = "="
        else:
            expected, tolerance = net, 3 * step + allowance * abs(closing_cash)
            note = f"allowance for restricted cash {allowance:.0%} of closing cash ({tolerance:,.2f})"
            operator = "≈"  # equal within the allowance, not to the cent
        status: CheckStatus = "passed" if abs(change - expected) <= tolerance else "failed"
        checks.append(
            make_check(
                "cash_flow_vs_cash", status, left=expected, right=change, operator=operator, period=period, note=note
            )
        )
    return checks


def retained_earnings_rollforward(history: StatementHistory) -> list[Check]:
    """Retained earnings may rise by at most the period's net profit less distributions."""
    checks = []
    for period in history.periods:
        closing, profit = history.get(period, "retained_earnings"), history.get(period, "net_profit")
        opening = history.get(history.opening_of(period), "retained_earnings")
        if closing is None or profit is None:
            continue
        if opening is None:
            checks.append(
                make_check("retained_earnings_rollforward", "not_checked", period=period, reason="no_opening_balance")
            )
            continue
        distributions = abs(history.get(period, "dividends_paid") or 0.0)
        change, allowed = closing - opening, profit - distributions
        step = max(history.values[period]["retained_earnings"].step, history.values[period]["net_profit"].step)
        status: CheckStatus = "passed" if change <= allowed + 3 * step else "failed"
        checks.append(
            make_check("retained_earnings_rollforward", status, left=change, right=allowed, operator="≤", period=period)
        )
    if not checks:
        return [make_check("retained_earnings_rollforward", "not_checked", reason="no_retained_earnings")]
    return checks


def balance_on(statement: BankStatement, day: date) -> float | None:
    """The account's balance at the end of ``day`` (the opening balance before the first row)."""
    if (
        not statement.period_start
        or not statement.period_end
        or not statement.period_start <= day <= statement.period_end
    ):
        return None
    balance = statement.opening_balance
    for t in statement.transactions:
        if t.date is not None and t.date <= day and t.balance is not None:
            balance = t.balance
    return balance


def bank_vs_cash(history: StatementHistory, statements: list[BankStatement]) -> list[Check]:
    """An account's balance on a balance-sheet date against the balance sheet's cash on that date."""
    if not statements:
        return [make_check("bank_vs_cash", "not_checked", reason="no_bank_statement")]
    checks = []
    for period in history.periods:
        cash = history.get(period, "cash")
        if cash is None:
            continue
        for statement in statements:
            if statement.currency != history.currency:
                continue
            balance = balance_on(statement, period)
            if balance is None:
                continue
            step = history.values[period]["cash"].step
            status: CheckStatus = "passed" if balance <= cash + step else "failed"
            checks.append(
                make_check(
                    "bank_vs_cash", status, left=balance, right=cash, operator="≤", period=period, file=statement.file
                )
            )
    if not checks:
        return [make_check("bank_vs_cash", "not_checked", reason="no_statement_on_balance_sheet_date")]
    return checks


def revenue_vs_bank(row: dict[str, Any] | None) -> list[Check]:
    """Bank inflows against the revenue they imply (the cross-document row's figures)."""
    if row is None:
        return [make_check("revenue_vs_bank", "not_checked", reason="no_revenue_or_bank_statement")]
    params = row["params"]
    status: CheckStatus = "passed" if row["ok"] else "failed"
    note = f"{params['ratio']:.0%}, band {params['low']:.0%}–{params['high']:.0%}"
    return [
        make_check(
            "revenue_vs_bank",
            status,
            left=params["inflows"],
            right=params["expected"],
            operator="≈",
            period=str(params["year"]),
            note=note,
        )
    ]
