"""Repayment capacity: debt-service coverage before and after the loan asked for, and its tenor.

Debt-service coverage (DSCR) is cash-flow based, over the year after drawdown::

    DSCR before = net cash from operating activities / existing debt service
    existing debt service = interest expense + short-term borrowings + current portion of long-term debt
    DSCR after  = net cash from operating activities / (existing debt service + new loan's service)

The new loan's service is what its repayment method makes due in its first twelve months, at
the pricing assumption of the policy (the loan prime rate in force plus the product's spread):

- interest monthly, principal at maturity, and bullet: interest for the months within the
  year, plus the principal when the loan matures within it;
- equal instalments: the annuity payment times the months within the year.

Why operating cash flow: the statements rarely print depreciation separately, so an
EBITDA-based DSCR would need a figure we cannot cite; and under CAS interest paid sits in
financing cash flows, so operating cash flow is already before interest. It is strict: a
borrower that rolls its working-capital loans over shows below 1.

The serviceable amount is the largest new loan whose DSCR after stays at the policy's minimum.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from credit_dd.documents.history import StatementHistory
from credit_dd.intake.application import Application
from credit_dd.policy.data import Pricing


class NewLoan(BaseModel):
    """The requested facility's pricing and what it costs in its first year and each month."""

    amount: float
    tenor_months: int
    repayment_method: str
    rate: float
    rate_source: str
    reference_from: date | None = None  # the loan prime rate's effective date ...
    reference_rate: float | None = None  # ... its value (one-year, or five-year above 60 months) ...
    long_term: bool = False  # ... whether it is the five-year rate ...
    spread: float | None = None  # ... and the product's spread over it
    first_year_service: float  # interest and principal due within twelve months of drawdown
    service_per_unit: float  # first_year_service / amount
    monthly_payment: float  # a month's interest, or the instalment


class RepaymentCapacity(BaseModel):
    """The repayment figures of the latest full period, with the formula's inputs."""

    period: date | None
    operating_cash_flow: float | None
    interest_expense: float | None
    debt_due_within_year: float | None
    dscr: float | None  # before the new loan
    ocf_to_short_term_debt: float | None
    reason: str | None = None
    new_loan: NewLoan | None = None
    dscr_after: float | None = None
    serviceable_amount: float | None = None  # the largest new loan at the policy's minimum DSCR

    @property
    def existing_service(self) -> float:
        return (self.interest_expense or 0.0) + (self.debt_due_within_year or 0.0)


def new_loan_service(application: Application, pricing: Pricing) -> NewLoan:
    """Price the requested loan and compute its first-year debt service."""
    rate, reference = pricing.rate(application.product, application.tenor_months, application.received_at.date())
    tenor, amount = application.tenor_months, application.requested_amount
    months = min(tenor, 12)
    if application.repayment_method == "equal_installments":
        monthly_rate = rate / 12
        instalment = monthly_rate / (1 - (1 + monthly_rate) ** -tenor) if monthly_rate else 1 / tenor
        per_unit, monthly = instalment * months, instalment
    else:
        per_unit = rate * months / 12 + (1.0 if tenor <= 12 else 0.0)
        monthly = rate / 12
    base = reference.five_year if tenor > 60 else reference.one_year
    return NewLoan(
        amount=amount,
        tenor_months=tenor,
        repayment_method=application.repayment_method,
        rate=round(rate, 6),
        rate_source=f"{reference.source} + {rate - base:.2%}",
        reference_from=reference.effective_from,
        reference_rate=base,
        long_term=tenor > 60,
        spread=round(rate - base, 6),
        first_year_service=round(amount * per_unit, 2),
        service_per_unit=per_unit,
        monthly_payment=round(amount * monthly, 2),
    )


def repayment_capacity(
    history: StatementHistory, loan: NewLoan | None = None, min_dscr: float = 1.0
) -> RepaymentCapacity:
    """DSCR before and after the new loan and the serviceable amount, for the latest period with cash flows."""
    for period in reversed(history.periods):
        ocf = history.get(period, "net_cash_from_operating")
        if ocf is None:
            continue
        interest = history.get(period, "interest_expense") or 0.0
        debt = (history.get(period, "short_term_borrowings") or 0.0) + (
            history.get(period, "current_portion_long_term_debt") or 0.0
        )
        service = interest + debt
        reason = None if service else "no interest or debt due within a year"
        after = service + loan.first_year_service if loan else None
        serviceable = (
            max((ocf / min_dscr - service) / loan.service_per_unit, 0.0) if loan and loan.service_per_unit else None
        )
        return RepaymentCapacity(
            period=period,
            operating_cash_flow=ocf,
            interest_expense=interest,
            debt_due_within_year=debt,
            dscr=round(ocf / service, 4) if service else None,
            ocf_to_short_term_debt=round(ocf / debt, 4) if debt else None,
            reason=reason if loan else NO_RATE,
            new_loan=loan,
            dscr_after=round(ocf / after, 4) if after else None,
            serviceable_amount=round(serviceable, 2) if serviceable is not None else None,
        )
    return RepaymentCapacity(
        period=None,
        operating_cash_flow=None,
        interest_expense=None,
        debt_due_within_year=None,
        dscr=None,
        ocf_to_short_term_debt=None,
        reason="no cash-flow statement",
        new_loan=loan,
    )


NO_RATE = "no reference rate in force on the application date"
