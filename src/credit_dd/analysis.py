"""The analysis of a case: ratios, sizing, rules, screening and the opinion, in one place."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from credit_dd.aml import large_value_findings, structuring_findings
from credit_dd.application import Application
from credit_dd.bankflows import BankAnalytics, analyse_flows, related_party_findings, round_trip_findings
from credit_dd.bankstatements import BankStatement
from credit_dd.documents import ParsedDocument
from credit_dd.findings import Finding, sort_findings
from credit_dd.history import StatementHistory
from credit_dd.industry import default_industry_policy, industry_findings, policy_for_industry
from credit_dd.licence import BusinessLicence
from credit_dd.policy import AnalysisSettings, CreditPolicy
from credit_dd.rating import Rating, default_scorecard, rate, rating_findings
from credit_dd.ratios import Ratio, compute
from credit_dd.recommendation import Opinion, decide
from credit_dd.repayment import RepaymentCapacity, repayment_capacity, repayment_findings
from credit_dd.rules import collateral_findings, financial_findings, kyc_findings, site_visit_findings
from credit_dd.sizing import SizingInputs, SizingResult, growth_from, size_working_capital
from credit_dd.watchlist import Watchlist, WatchlistHit, screen


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
    opening = history.get(date(period.year - 1, 12, 31), item)
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
        Finding(
            code="AMOUNT_EXCEEDS_CAPACITY",
            severity="warning",
            message=f"requested {application.requested_amount:,.2f} exceeds the working-capital loan capacity of {max(capacity, 0):,.2f}",
            evidence=[f"need {sizing.need or 0:,.2f} − deductions {sizing.deductions:,.2f}"],
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
    counterparties = {
        t.counterparty for d in documents if d.bank_statement for t in d.bank_statement.transactions if t.counterparty
    }
    parties += [(name, "bank counterparty", None) for name in sorted(counterparties)]
    return list(dict.fromkeys(parties))


def watchlist_findings(hits: list[WatchlistHit], lists: list[Watchlist]) -> list[Finding]:
    """Hits are critical; a list that could not be used is never "no hits"."""
    findings = [
        Finding(
            code="WATCHLIST_UNAVAILABLE",
            severity="warning",
            message=f"watchlist {w.source} unavailable: {w.error or 'empty'}",
        )
        for w in lists
        if not w.available
    ]
    if not lists:
        findings.append(
            Finding(
                code="WATCHLIST_UNAVAILABLE",
                severity="warning",
                message="no watchlist configured; parties were not screened",
            )
        )
    findings += [
        Finding(
            code="WATCHLIST_HIT",
            severity="critical",
            message=f"{h.role} {h.party} matches {h.entry.list_name} entry {h.entry.entry_id} “{h.matched_name}” (score {h.score:.0f}, on {h.on})",
            evidence=[
                f"{h.entry.list_name} #{h.entry.entry_id}: {'; '.join(h.entry.names[:3])} {h.entry.program}".strip()
            ],
        )
        for h in hits
    ]
    return findings


def bank_statements_of(documents: list[ParsedDocument]) -> list[BankStatement]:
    """Every bank statement read, each once."""
    return [d.bank_statement for d in documents if d.bank_statement is not None and d.duplicate_of is None]


def bank_findings(
    application: Application, statements: list[BankStatement], settings: AnalysisSettings
) -> list[Finding]:
    """AML, related-party flows and round trips."""
    individual = application.applicant.kind == "individual"
    related = [r.name for r in application.related_parties]
    return (
        large_value_findings(statements, individual)
        + structuring_findings(statements)
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
    history: StatementHistory,
    watchlists: list[Watchlist],
    policy: CreditPolicy,
    documents_complete: bool,
    validation_findings: list[Finding] | None = None,
) -> Analysis:
    """Run every analysis step over what was read, with the validation's findings."""
    industries = default_industry_policy()
    policy = policy_for_industry(policy, application.applicant.industry_code, industries)
    ratios = compute(history)
    sized = sizing_inputs(application, history, ratios, policy)
    sizing = size_working_capital(sized[1]) if sized else None
    cover, collateral = collateral_findings(application, policy)
    hits = screen(screening_parties(application, documents), watchlists, policy.analysis.watchlist_match)
    licence: BusinessLicence | None = next((d.licence for d in documents if d.licence is not None), None)
    statements = bank_statements_of(documents)
    repayment = repayment_capacity(history)
    scorecard = default_scorecard()
    rating = rate(rating_inputs(application, ratios, cover), scorecard) if history.periods else None
    findings = sort_findings(
        financial_findings(history, ratios, policy)
        + kyc_findings(application, licence)
        + site_visit_findings(application)
        + collateral
        + sizing_findings(application, sizing)
        + repayment_findings(repayment, application, sizing.cycle_days if sizing else None, policy.analysis)
        + industry_findings(application.applicant.industry_code, industries)
        + bank_findings(application, statements, policy.analysis)
        + watchlist_findings(hits, watchlists)
        + (rating_findings(rating, scorecard) if rating else [])
        + list(validation_findings or [])
    )
    return Analysis(
        ratios=ratios,
        bank=analyse_flows(statements),
        repayment=repayment,
        rating=rating,
        sizing=sizing,
        sizing_period=sized[0] if sized else None,
        collateral_cover=cover,
        watchlist_hits=hits,
        watchlists=[w.source for w in watchlists],
        findings=findings,
        opinion=decide(findings, policy, documents_complete),
    )
