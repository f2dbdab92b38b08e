"""Rules on bank flows: overdrafts, inflow concentration and volatility, the average balance against
the new loan's payment, flows with related parties, round trips, and AML on the transactions."""

from __future__ import annotations

from rapidfuzz import fuzz

from credit_dd.analysis.bankflows import (
    BankAnalytics,
    all_transactions,
)
from credit_dd.analysis.repayment import (
    NewLoan,
)
from credit_dd.documents.bankstatements import BankStatement
from credit_dd.intake.application import Application
from credit_dd.names import normalise_name
from credit_dd.policy.aml import AmlPolicy
from credit_dd.policy.data import AnalysisSettings, CreditPolicy
from credit_dd.policy.findings import Finding, finding, line
from credit_dd.rules.aml import large_value_findings, structuring_findings


def bank_flow_findings(bank: BankAnalytics | None, settings: AnalysisSettings) -> list[Finding]:
    """OVERDRAFT_DAYS, INFLOW_CONCENTRATION and INFLOW_VOLATILITY, at the policy's thresholds."""
    if bank is None:
        return []
    findings = [
        finding("OVERDRAFT_DAYS", file=o.file, days=o.days, lowest=o.lowest, lowest_on=o.lowest_on)
        for o in bank.overdrafts
        if o.days >= settings.overdraft_days
    ]
    share = bank.top_inflow_share
    if share is not None and share > settings.max_inflow_concentration and bank.top_inflow_names:
        findings.append(
            finding(
                "INFLOW_CONCENTRATION",
                top=len(bank.top_inflow_names),
                share=share,
                limit=settings.max_inflow_concentration,
                largest=bank.top_inflow_names[0],
                largest_share=bank.largest_inflow_share,
            )
        )
    if bank.inflow_cv is not None and bank.inflow_cv > settings.max_inflow_cv:
        findings.append(
            finding(
                "INFLOW_VOLATILITY",
                cv=bank.inflow_cv,
                limit=settings.max_inflow_cv,
                low_months=len(bank.low_inflow_months),
                evidence=[line("month", month=m) for m in bank.low_inflow_months],
            )
        )
    return findings


def _matches(name: str, party: str, threshold: float) -> bool:
    a, b = normalise_name(name), normalise_name(party)
    return bool(a and b) and (a == b or fuzz.token_sort_ratio(a, b) >= threshold)


def related_party_findings(
    statements: list[BankStatement], related: list[str], threshold: float = 90.0
) -> list[Finding]:
    """RELATED_PARTY_FLOWS: money to or from a related party named in the form."""
    rows = all_transactions(statements)
    findings = []
    for party in related:
        flows = [t for t in rows if _matches(t.counterparty or t.description, party, threshold)]
        if flows:
            inflow, outflow = sum(t.credit for t in flows), sum(t.debit for t in flows)
            findings.append(
                finding(
                    "RELATED_PARTY_FLOWS",
                    count=len(flows),
                    party=party,
                    inflow=inflow,
                    outflow=outflow,
                    evidence=[
                        line(
                            "related_flow",
                            day=t.date,
                            party=t.counterparty or t.description,
                            direction="in" if t.credit else "out",
                            amount=t.credit or t.debit,
                            page=t.page,
                        )
                        for t in flows[:8]
                    ],
                )
            )
    return findings


def round_trip_findings(statements: list[BankStatement], days: int, tolerance: float) -> list[Finding]:
    """ROUND_TRIPPING: money out to a party and back from the same party within days, for about the same amount."""
    rows = [t for t in all_transactions(statements) if t.counterparty]
    trips = []
    for out in (t for t in rows if t.debit > 0):
        back = next(
            (
                t
                for t in rows
                if t.credit > 0
                and t.counterparty == out.counterparty
                and out.date
                and t.date
                and 0 <= (t.date - out.date).days <= days
                and abs(t.credit - out.debit) <= tolerance * out.debit
            ),
            None,
        )
        if back is not None:
            trips.append(
                line(
                    "round_trip",
                    party=out.counterparty,
                    out=out.debit,
                    out_on=out.date,
                    back=back.credit,
                    back_on=back.date,
                )
            )
    if not trips:
        return []
    return [finding("ROUND_TRIPPING", count=len(trips), days=days, evidence=trips[:8])]


def balance_findings(bank: BankAnalytics | None, loan: NewLoan | None, policy: CreditPolicy) -> list[Finding]:
    """LOW_AVERAGE_BALANCE: the day-weighted average balance against the new loan's monthly payment."""
    multiple = policy.recommendation.min_balance_to_payment
    if bank is None or bank.daily_average_balance is None or loan is None or not loan.monthly_payment:
        return []
    if bank.daily_average_balance >= multiple * loan.monthly_payment:
        return []
    return [
        finding(
            "LOW_AVERAGE_BALANCE", average=bank.daily_average_balance, payment=loan.monthly_payment, multiple=multiple
        )
    ]


def bank_findings(
    application: Application, statements: list[BankStatement], settings: AnalysisSettings, aml: AmlPolicy
) -> list[Finding]:
    """AML, related-party flows and round trips."""
    individual = application.applicant.kind == "individual"
    related = [r.name for r in application.related_parties]
    return (
        large_value_findings(statements, individual, aml)
        + structuring_findings(statements, aml)
        + related_party_findings(statements, related, settings.related_party_match)
        + round_trip_findings(statements, settings.round_trip_days, settings.round_trip_tolerance)
    )
