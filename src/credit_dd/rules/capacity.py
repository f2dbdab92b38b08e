"""Rules on the amount and its repayment: the request against the working-capital capacity and
the recommended amount, debt-service coverage with the new loan, and the tenor."""

from __future__ import annotations

from credit_dd.analysis.amount import CONSTRAINT_NAMES, RecommendedAmount
from credit_dd.analysis.repayment import (
    RepaymentCapacity,
)
from credit_dd.analysis.sizing import SizingResult
from credit_dd.intake.application import Application
from credit_dd.policy.data import AnalysisSettings
from credit_dd.policy.findings import Finding, finding, line


def repayment_findings(
    capacity: RepaymentCapacity,
    application: Application,
    cycle_days: float | None,
    settings: AnalysisSettings,
) -> list[Finding]:
    """LOW_DEBT_SERVICE_COVERAGE (with the new loan) and TENOR_MISMATCH."""
    findings = []
    if capacity.dscr_after is not None and capacity.dscr_after < settings.min_dscr and capacity.new_loan:
        findings.append(
            finding(
                "LOW_DEBT_SERVICE_COVERAGE",
                period=capacity.period,
                dscr=capacity.dscr_after,
                service=capacity.existing_service + capacity.new_loan.first_year_service,
                limit=settings.min_dscr,
                currency=application.currency,
                evidence=[
                    line(
                        "debt_service",
                        ocf=capacity.operating_cash_flow,
                        interest=capacity.interest_expense,
                        debt=capacity.debt_due_within_year,
                        new_loan=capacity.new_loan.first_year_service,
                    )
                ],
            )
        )
    return findings + tenor_findings(application, cycle_days, settings)


def tenor_findings(application: Application, cycle_days: float | None, settings: AnalysisSettings) -> list[Finding]:
    """A working-capital tenor against the cash cycle it finances; a fixed-asset tenor against the payback."""
    tenor = application.tenor_months
    if application.product == "working_capital_loan":
        if tenor > settings.max_working_capital_tenor_months:
            return [
                finding(
                    "TENOR_MISMATCH", variant="too_long", tenor=tenor, limit=settings.max_working_capital_tenor_months
                )
            ]
        if cycle_days is not None and cycle_days > 0 and tenor * 30 < cycle_days:
            return [finding("TENOR_MISMATCH", variant="shorter_than_cycle", tenor=tenor, cycle=cycle_days)]
        if (
            cycle_days is not None
            and cycle_days > 0
            and tenor * 30 > settings.max_tenor_to_cycle * cycle_days
            and tenor > 12
        ):
            return [
                finding(
                    "TENOR_MISMATCH",
                    variant="longer_than_cycle",
                    tenor=tenor,
                    cycle=cycle_days,
                    multiple=f"{settings.max_tenor_to_cycle:g}",
                )
            ]
    if application.product == "fixed_asset_loan":
        project = application.project
        if project is None or project.payback_months is None:
            return [finding("TENOR_MISMATCH", variant="no_project")]
        if tenor < project.payback_months:
            return [finding("TENOR_MISMATCH", variant="before_payback", tenor=tenor, payback=project.payback_months)]
    return []


def sizing_findings(application: Application, sizing: SizingResult | None) -> list[Finding]:
    """``AMOUNT_EXCEEDS_CAPACITY`` when the request is above the computed new-loan capacity."""
    if sizing is None or application.product != "working_capital_loan":
        return []
    capacity = sizing.capacity if sizing.capacity is not None else 0.0
    if application.requested_amount <= capacity:
        return []
    return [
        finding(
            "AMOUNT_EXCEEDS_CAPACITY",
            requested=application.requested_amount,
            capacity=max(capacity, 0),
            currency=application.currency,
            evidence=[line("sizing", need=sizing.need, deductions=sizing.deductions)],
        )
    ]


def amount_findings(application: Application, amount: RecommendedAmount) -> list[Finding]:
    """AMOUNT_ABOVE_RECOMMENDED when a constraint other than the working-capital capacity cuts the request
    (that one already has AMOUNT_EXCEEDS_CAPACITY)."""
    if amount.binding in ("request", "working_capital_capacity"):
        return []
    return [
        finding(
            "AMOUNT_ABOVE_RECOMMENDED",
            requested=application.requested_amount,
            recommended=amount.amount,
            constraint=CONSTRAINT_NAMES[amount.binding],
            currency=application.currency,
            evidence=[
                line("constraint", constraint=CONSTRAINT_NAMES[c.name], amount=c.amount) for c in amount.constraints
            ],
        )
    ]
