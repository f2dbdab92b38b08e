"""Repayment capacity: debt-service coverage, cash against short-term debt, tenor against cycle.

Debt-service coverage (DSCR) is cash-flow based::

    DSCR = net cash from operating activities / (interest expense + debt due within one year)
    debt due within one year = short-term borrowings + current portion of long-term debt

Why this one: the statements rarely print depreciation separately, so an EBITDA-based DSCR
would need a figure we cannot cite; and under CAS interest paid sits in financing cash flows,
so operating cash flow is already before interest. It is strict: a borrower that rolls its
working-capital loans over shows below 1, which is why it is reported and warned on, not
used to decline.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from credit_dd.application import Application
from credit_dd.findings import Finding
from credit_dd.history import StatementHistory
from credit_dd.policy import AnalysisSettings


class RepaymentCapacity(BaseModel):
    """The repayment figures of the latest full period, with the formula's inputs."""

    period: date | None
    operating_cash_flow: float | None
    interest_expense: float | None
    debt_due_within_year: float | None
    dscr: float | None
    ocf_to_short_term_debt: float | None
    reason: str | None = None


def repayment_capacity(history: StatementHistory) -> RepaymentCapacity:
    """DSCR and operating cash flow against debt due within a year, for the latest period with both."""
    for period in reversed(history.periods):
        ocf = history.get(period, "net_cash_from_operating")
        if ocf is None:
            continue
        interest = history.get(period, "interest_expense") or 0.0
        debt = (history.get(period, "short_term_borrowings") or 0.0) + (
            history.get(period, "current_portion_long_term_debt") or 0.0
        )
        service = interest + debt
        return RepaymentCapacity(
            period=period,
            operating_cash_flow=ocf,
            interest_expense=interest,
            debt_due_within_year=debt,
            dscr=round(ocf / service, 4) if service else None,
            ocf_to_short_term_debt=round(ocf / debt, 4) if debt else None,
            reason=None if service else "no interest or debt due within a year",
        )
    return RepaymentCapacity(
        period=None,
        operating_cash_flow=None,
        interest_expense=None,
        debt_due_within_year=None,
        dscr=None,
        ocf_to_short_term_debt=None,
        reason="no cash-flow statement",
    )


def repayment_findings(
    capacity: RepaymentCapacity,
    application: Application,
    cycle_days: float | None,
    settings: AnalysisSettings | None = None,
) -> list[Finding]:
    """LOW_DEBT_SERVICE_COVERAGE and TENOR_MISMATCH."""
    settings = settings or AnalysisSettings()
    findings = []
    if capacity.dscr is not None and capacity.dscr < settings.min_dscr:
        findings.append(
            Finding(
                code="LOW_DEBT_SERVICE_COVERAGE",
                severity="warning",
                message=f"{capacity.period}: operating cash flow covers {capacity.dscr:.2f}× the interest and debt due within a year",
                evidence=[
                    f"OCF {capacity.operating_cash_flow:,.2f}; interest {capacity.interest_expense:,.2f}; debt due {capacity.debt_due_within_year:,.2f}"
                ],
            )
        )
    if application.product == "working_capital_loan":
        if application.tenor_months > settings.max_working_capital_tenor_months:
            findings.append(
                Finding(
                    code="TENOR_MISMATCH",
                    severity="warning",
                    message=f"a working-capital loan of {application.tenor_months} months exceeds the {settings.max_working_capital_tenor_months}-month maximum",
                )
            )
        elif cycle_days is not None and cycle_days > 0 and application.tenor_months * 30 < cycle_days:
            findings.append(
                Finding(
                    code="TENOR_MISMATCH",
                    severity="warning",
                    message=f"a {application.tenor_months}-month tenor is shorter than the {cycle_days:.0f}-day cash cycle the loan finances",
                )
            )
    return findings
