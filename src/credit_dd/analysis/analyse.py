"""The analysis of a case: ratios, sizing, rules, screening and the opinion, in one place."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from credit_dd.analysis.aml import AmlPolicy, large_value_findings, structuring_findings
from credit_dd.analysis.bankflows import (
    BankAnalytics,
    analyse_flows,
    bank_flow_findings,
    related_party_findings,
    round_trip_findings,
)
from credit_dd.analysis.rating import Rating, rate, rating_findings
from credit_dd.analysis.ratios import Ratio, compute
from credit_dd.analysis.repayment import (
    NewLoan,
    RepaymentCapacity,
    new_loan_service,
    repayment_capacity,
    repayment_findings,
)
from credit_dd.analysis.sizing import SizingInputs, SizingResult, growth_from, size_working_capital
from credit_dd.analysis.watchlist import Watchlist, WatchlistHit, screen
from credit_dd.documents.bankstatements import BankStatement
from credit_dd.documents.files import ParsedDocument, bank_statements
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.licence import BusinessLicence
from credit_dd.errors import PolicyError
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.data import AnalysisSettings, CreditPolicy
from credit_dd.policy.findings import Finding, finding, sort_findings
from credit_dd.rules.credit import (
    collateral_findings,
    financial_findings,
    kyc_findings,
    security_supported,
    site_visit_findings,
)
from credit_dd.rules.industry import industry_findings, policy_for_industry
from credit_dd.rules.recommendation import (
    CONSTRAINT_NAMES,
    AmountConstraint,
    Opinion,
    RecommendedAmount,
    decide,
    recommended_amount,
)
from credit_dd.validation.outcome import Validation


class Analysis(BaseModel):
    """Everything the analysis concluded about one case."""

    ratios: dict[date, dict[str, Ratio]]
    bank: BankAnalytics | None = None
    repayment: RepaymentCapacity | None = None
    rating: Rating | None = None
    sizing: SizingResult | None
    sizing_period: date | None
    collateral_cover: float
    watchlist_hits: list[WatchlistHit]
    watchlists: list[str]
    findings: list[Finding]
    opinion: Opinion


def _average(history: StatementHistory, period: date, item: str, mode: str) -> float:
    closing = history.get(period, item) or 0.0
    opening = history.get(history.opening_of(period), item)
    return closing if mode == "closing" or opening is None else (opening + closing) / 2


def sizing_inputs(
    application: Application, history: StatementHistory, ratios: dict[date, dict[str, Ratio]], policy: CreditPolicy
) -> tuple[date, SizingInputs] | None:
    """The reference method's inputs from the latest full-year income statement."""
    periods = [p for p in history.periods if (p.month, p.day) == (12, 31) and history.get(p, "revenue") is not None]
    if not periods:
        return None
    period, settings = periods[-1], policy.sizing
    get = lambda item: history.get(period, item) or 0.0  # noqa: E731
    own = (
        get("total_current_assets") - get("total_current_liabilities")
        if settings.own_working_capital != "none"
        else 0.0
    )
    existing = sum(f.outstanding for f in application.existing_facilities if f.kind == "working_capital_loan")
    return period, SizingInputs(
        revenue=get("revenue"),
        cost_of_sales=get("cost_of_sales"),
        margin_profit=get(settings.margin_profit),
        expected_growth=growth_from(ratios[period]["revenue_growth"].value, settings),
        receivables=_average(history, period, "accounts_receivable", settings.averages),
        inventory=_average(history, period, "inventory", settings.averages),
        payables=_average(history, period, "accounts_payable", settings.averages),
        prepayments=_average(history, period, "prepayments", settings.averages),
        advances=_average(history, period, "advances_from_customers", settings.averages),
        own_working_capital=max(own, 0.0),
        existing_loans=existing,
    )


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
            evidence=[f"need {sizing.need or 0:,.2f} − deductions {sizing.deductions:,.2f}"],
        )
    ]


def amount_constraints(
    application: Application, sizing: SizingResult | None, repayment: RepaymentCapacity, security: float
) -> list[AmountConstraint]:
    """The four limits on the amount, each with its figure or the reason it is absent."""
    constraints = [AmountConstraint(name="request", amount=application.requested_amount)]
    if application.product == "working_capital_loan":
        if sizing is None:
            constraints.append(
                AmountConstraint(name="working_capital_capacity", amount=None, reason="no full-year income statement")
            )
        else:
            capacity = max(sizing.capacity, 0.0) if sizing.capacity is not None else 0.0
            constraints.append(AmountConstraint(name="working_capital_capacity", amount=capacity, reason=sizing.reason))
    constraints.append(
        AmountConstraint(
            name="debt_service_capacity",
            amount=repayment.serviceable_amount,
            reason=repayment.reason if repayment.serviceable_amount is None else None,
        )
    )
    constraints.append(AmountConstraint(name="security_cover", amount=security))
    return constraints


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
            evidence=[f"{c.name}: {'—' if c.amount is None else f'{c.amount:,.2f}'}" for c in amount.constraints],
        )
    ]


def screening_parties(application: Application, documents: list[ParsedDocument]) -> list[tuple[str, str, str | None]]:
    """Everyone the bank must screen: applicant, people behind it, guarantors, related parties, counterparties."""
    a = application.applicant
    parties: list[tuple[str, str, str | None]] = [(a.name, "applicant", a.unified_social_credit_code or a.id_number)]
    for role, person in (("legal representative", a.legal_representative), ("actual controller", a.actual_controller)):
        if person:
            parties.append((person.name, role, person.id_number))
    parties += [(s.name, "shareholder", s.id_number) for s in a.shareholders]
    parties += [(g.name, "guarantor", g.id_number or g.unified_social_credit_code) for g in application.guarantors]
    parties += [(r.name, "related party", None) for r in application.related_parties]
    counterparties = {t.counterparty for s in bank_statements(documents) for t in s.transactions if t.counterparty}
    parties += [(name, "bank counterparty", None) for name in sorted(counterparties)]
    return list(dict.fromkeys(parties))


def watchlist_findings(hits: list[WatchlistHit], lists: list[Watchlist]) -> list[Finding]:
    """Hits are critical; a list that could not be used is never "no hits"."""
    findings = [
        finding("WATCHLIST_UNAVAILABLE", variant="list", source=w.source, error=w.error or "empty")
        for w in lists
        if not w.available
    ]
    if not lists:
        findings.append(finding("WATCHLIST_UNAVAILABLE", variant="none"))
    findings += [
        finding(
            "WATCHLIST_HIT",
            role=h.role,
            party=h.party,
            list_name=h.entry.list_name,
            entry_id=h.entry.entry_id,
            matched=h.matched_name,
            score=h.score,
            on=h.on,
            evidence=[
                f"{h.entry.list_name} #{h.entry.entry_id}: {'; '.join(h.entry.names[:3])} {h.entry.program}".strip()
            ],
        )
        for h in hits
    ]
    return findings


def priced_loan(application: Application, policy: CreditPolicy) -> NewLoan | None:
    """The requested loan at the policy's pricing; ``None`` when no reference rate covers its date."""
    try:
        return new_loan_service(application, policy.pricing)
    except PolicyError:
        return None


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


def rating_inputs(
    application: Application, ratios: dict[date, dict[str, Ratio]], cover: float | None
) -> dict[str, float | None]:
    """The scorecard's factor values: the latest period's ratios and the facts from the form."""
    values: dict[str, float | None] = {}
    for period in sorted(ratios):
        values.update({name: r.value for name, r in ratios[period].items() if r.value is not None})
    established = application.applicant.established_on
    values["years_in_business"] = (application.received_at.date() - established).days / 365.25 if established else None
    values["collateral_cover"] = cover if application.collateral else None
    return values


def analyse_case(
    application: Application,
    documents: list[ParsedDocument],
    validation: Validation,
    watchlists: list[Watchlist],
    policies: Policies,
) -> Analysis:
    """Run every analysis step over what was read, with the validation's findings."""
    history = validation.history
    industries = policies.industries
    policy = policy_for_industry(policies.credit, application.applicant.industry_code, industries)
    ratios = compute(history)
    sized = sizing_inputs(application, history, ratios, policy)
    sizing = size_working_capital(sized[1]) if sized else None
    cover, collateral = collateral_findings(application, policy)
    hits = screen(screening_parties(application, documents), watchlists, policy.analysis.watchlist_match)
    licence: BusinessLicence | None = next((d.licence for d in documents if d.licence is not None), None)
    statements = bank_statements(documents)
    bank = analyse_flows(statements, policy.analysis.concentration_top)
    loan = priced_loan(application, policy)
    repayment = repayment_capacity(history, loan, policy.analysis.min_dscr)
    amount = recommended_amount(
        amount_constraints(application, sizing, repayment, security_supported(application, policy)),
        policy.recommendation.amount_rounding,
    )
    scorecard = policies.scorecard
    rating = rate(rating_inputs(application, ratios, cover), scorecard) if history.periods else None
    findings = sort_findings(
        financial_findings(history, ratios, policy)
        + kyc_findings(application, licence)
        + site_visit_findings(application)
        + collateral
        + sizing_findings(application, sizing)
        + amount_findings(application, amount)
        + repayment_findings(repayment, application, sizing.cycle_days if sizing else None, policy.analysis)
        + industry_findings(application.applicant.industry_code, industries)
        + bank_findings(application, statements, policy.analysis, policies.aml)
        + bank_flow_findings(bank, policy.analysis)
        + balance_findings(bank, loan, policy)
        + watchlist_findings(hits, watchlists)
        + (rating_findings(rating, scorecard) if rating else [])
        + validation.checks.findings
    )
    return Analysis(
        ratios=ratios,
        bank=bank,
        repayment=repayment,
        rating=rating,
        sizing=sizing,
        sizing_period=sized[0] if sized else None,
        collateral_cover=cover,
        watchlist_hits=hits,
        watchlists=[w.source for w in watchlists],
        findings=findings,
        opinion=decide(findings, policy, validation.complete, amount),
    )
