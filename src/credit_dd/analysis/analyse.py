"""The analysis of a case: every figure the judgement needs, computed once into one immutable result.

Ratios, working-capital sizing, the new loan's pricing and repayment capacity, bank flows, the
security cover, the amount's constraints, the rating and the screening hits. Nothing here judges:
the rules (``rules.judgement``) turn this result into findings and the opinion.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from credit_dd.analysis.amount import RecommendedAmount, amount_constraints, recommended_amount
from credit_dd.analysis.bankflows import (
    BankAnalytics,
    analyse_flows,
)
from credit_dd.analysis.rating import Rating, rate
from credit_dd.analysis.ratios import compute
from credit_dd.analysis.repayment import (
    NewLoan,
    RepaymentCapacity,
    new_loan_service,
    repayment_capacity,
)
from credit_dd.analysis.security import collateral_cover, security_supported
from credit_dd.analysis.sizing import SizingInputs, SizingResult, growth_from, size_working_capital
from credit_dd.analysis.watchlist import Watchlist, WatchlistHit, screen, screening_parties
from credit_dd.documents.files import ParsedDocument, bank_statements
from credit_dd.documents.history import StatementHistory
from credit_dd.errors import PolicyError
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.data import CreditPolicy
from credit_dd.policy.industry import policy_for_industry
from credit_dd.policy.ratios import Ratio


class Analysis(BaseModel):
    """Everything computed about one case, before any judgement."""

    model_config = ConfigDict(frozen=True)

    ratios: dict[date, dict[str, Ratio]]
    bank: BankAnalytics | None = None
    loan: NewLoan | None = None
    repayment: RepaymentCapacity
    rating: Rating | None = None
    sizing: SizingResult | None
    sizing_period: date | None
    collateral_cover: float
    amount: RecommendedAmount
    watchlist_hits: list[WatchlistHit]
    watchlists: list[str]


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


def priced_loan(application: Application, policy: CreditPolicy) -> NewLoan | None:
    """The requested loan at the policy's pricing; ``None`` when no reference rate covers its date."""
    try:
        return new_loan_service(application, policy.pricing)
    except PolicyError:
        return None


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
    policies: Policies,
) -> Analysis:
    """Compute every figure of the case from what was read (the validated statement history)."""
    policy = policy_for_industry(policies.credit, application.applicant.industry_code, policies.industries)
    ratios = compute(history)
    sized = sizing_inputs(application, history, ratios, policy)
    sizing = size_working_capital(sized[1]) if sized else None
    cover = collateral_cover(application, policy)
    loan = priced_loan(application, policy)
    repayment = repayment_capacity(history, loan, policy.analysis.min_dscr)
    constraints = amount_constraints(application, sizing, repayment, security_supported(application, policy))
    return Analysis(
        ratios=ratios,
        bank=analyse_flows(bank_statements(documents), policy.analysis.concentration_top),
        loan=loan,
        repayment=repayment,
        rating=rate(rating_inputs(application, ratios, cover), policies.scorecard) if history.periods else None,
        sizing=sizing,
        sizing_period=sized[0] if sized else None,
        collateral_cover=cover,
        amount=recommended_amount(constraints, policy.recommendation.amount_rounding),
        watchlist_hits=screen(screening_parties(application, documents), watchlists, policy.analysis.watchlist_match),
        watchlists=[w.source for w in watchlists],
    )
