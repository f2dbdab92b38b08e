"""The judgement of a case: every rule over what was read, validated and computed, and the opinion.

One list of rules, in one place: what each one looks at is in its own module (credit, capacity,
bank flows, AML, screening, rating, industry, the data's quality).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from credit_dd.analysis.analyse import Analysis
from credit_dd.analysis.watchlist import Watchlist
from credit_dd.documents.files import ParsedDocument, bank_statements
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.findings import Finding, sort_findings
from credit_dd.policy.industry import policy_for_industry
from credit_dd.rules.bankflows import balance_findings, bank_findings, bank_flow_findings
from credit_dd.rules.capacity import amount_findings, repayment_findings, sizing_findings
from credit_dd.rules.credit import collateral_findings, financial_findings, kyc_findings, site_visit_findings
from credit_dd.rules.industry import industry_findings
from credit_dd.rules.quality import period_findings, quality_findings
from credit_dd.rules.rating import rating_findings
from credit_dd.rules.recommendation import Opinion, decide
from credit_dd.rules.screening import watchlist_findings
from credit_dd.rules.spreading import spreading_findings
from credit_dd.validation.outcome import Validation


class Judgement(BaseModel):
    """The findings on a case and the opinion they lead to."""

    model_config = ConfigDict(frozen=True)

    findings: list[Finding]
    opinion: Opinion


def judge_case(
    application: Application,
    documents: list[ParsedDocument],
    validation: Validation,
    analysis: Analysis,
    watchlists: list[Watchlist],
    policies: Policies,
) -> Judgement:
    """Every rule's findings on the case, sorted, with the validation's, and the opinion."""
    policy = policy_for_industry(policies.credit, application.applicant.industry_code, policies.industries)
    history, sizing, industries = validation.history, analysis.sizing, policies.industries
    licence = next((d.licence for d in documents if d.licence is not None), None)
    statements = bank_statements(documents)
    findings = sort_findings(
        financial_findings(history, analysis.ratios, policy)
        + kyc_findings(application, licence)
        + site_visit_findings(application)
        + collateral_findings(application, policy)
        + sizing_findings(application, sizing)
        + amount_findings(application, analysis.amount)
        + repayment_findings(analysis.repayment, application, sizing.cycle_days if sizing else None, policy.analysis)
        + industry_findings(application.applicant.industry_code, industries)
        + bank_findings(application, statements, policy.analysis, policies.aml)
        + bank_flow_findings(analysis.bank, policy.analysis)
        + balance_findings(analysis.bank, analysis.loan, policy)
        + watchlist_findings(analysis.watchlist_hits, watchlists)
        + (rating_findings(analysis.rating, policies.scorecard) if analysis.rating else [])
        + quality_findings(validation.checks, documents)
        + period_findings(validation.redated, validation.period_doubts)
        + spreading_findings(validation.spread)
    )
    # A figure waiting for a person leaves the case without an opinion, as a missing document does.
    return Judgement(
        findings=findings,
        opinion=decide(
            findings, policy, validation.complete and validation.figures_settled, analysis.amount, application.currency
        ),
    )
