"""Credit rules: statements, ratios, identity, process and security → findings.

Each rule is a small function returning findings; thresholds come from ``CreditPolicy``.
"""

from __future__ import annotations

from datetime import date

from credit_dd.application import Application
from credit_dd.findings import Finding, Severity
from credit_dd.history import StatementHistory
from credit_dd.kyc import validate_resident_id, validate_uscc
from credit_dd.licence import BusinessLicence
from credit_dd.policy import CreditPolicy
from credit_dd.ratios import Ratio
from credit_dd.watchlist import same_company


def _cite(history: StatementHistory, period: date, item: str) -> str:
    value = history.values[period][item]
    return f"{item} {value.value:,.2f} ({value.file} p.{value.page})"


def latest_period_with(history: StatementHistory, item: str) -> date | None:
    """The most recent period that prints ``item``."""
    return next((p for p in reversed(history.periods) if history.get(p, item) is not None), None)


def _negative(history: StatementHistory, item: str, code: str, severity: Severity, template: str) -> list[Finding]:
    """A finding when the latest period that prints ``item`` shows it below zero."""
    period = latest_period_with(history, item)
    value = history.get(period, item) if period else None
    if period is None or value is None or value >= 0:
        return []
    message = f"{period}: " + template.format(value=value, loss=-value)
    return [Finding(code=code, severity=severity, message=message, evidence=[_cite(history, period, item)])]


def financial_findings(
    history: StatementHistory, ratios: dict[date, dict[str, Ratio]], policy: CreditPolicy
) -> list[Finding]:
    """Solvency, profitability, liquidity and leverage of the latest period."""
    if not history.periods:
        return [
            Finding(
                code="NO_FINANCIAL_DATA",
                severity="critical",
                message="no financial statement could be read; the company cannot be assessed",
            )
        ]
    findings = _negative(
        history, "total_equity", "NEGATIVE_EQUITY", "critical", "liabilities exceed assets (equity {value:,.2f})"
    )
    findings += _negative(history, "net_profit", "LOSS_MAKING", "warning", "net loss of {loss:,.2f}")
    return findings + _ratio_findings(history, ratios, policy)


def _ratio_findings(
    history: StatementHistory, ratios: dict[date, dict[str, Ratio]], policy: CreditPolicy
) -> list[Finding]:
    limits = policy.thresholds
    findings = []
    period = latest_period_with(history, "total_assets")
    if period:
        current = ratios[period]["current_ratio"].value
        if current is not None and current < limits.min_current_ratio:
            findings.append(
                Finding(
                    code="LOW_CURRENT_RATIO",
                    severity="warning",
                    message=f"{period}: current ratio {current:.2f} is below {limits.min_current_ratio:.2f}",
                    evidence=[
                        _cite(history, period, "total_current_assets"),
                        _cite(history, period, "total_current_liabilities"),
                    ],
                )
            )
        leverage = ratios[period]["debt_to_assets"].value
        if leverage is not None and leverage > limits.max_debt_to_assets:
            severity = "critical" if leverage > limits.critical_debt_to_assets else "warning"
            findings.append(
                Finding(
                    code="HIGH_LEVERAGE",
                    severity=severity,
                    message=f"{period}: debt to assets {leverage:.1%} is above {limits.max_debt_to_assets:.0%}",
                    evidence=[_cite(history, period, "total_liabilities"), _cite(history, period, "total_assets")],
                )
            )
    income_period = latest_period_with(history, "interest_expense")
    if income_period:
        coverage = ratios[income_period]["interest_coverage"].value
        if coverage is not None and coverage < limits.min_interest_coverage:
            severity = "critical" if coverage < limits.critical_interest_coverage else "warning"
            findings.append(
                Finding(
                    code="LOW_INTEREST_COVERAGE",
                    severity=severity,
                    message=f"{income_period}: interest coverage {coverage:.2f}× is below {limits.min_interest_coverage:.1f}×",
                    evidence=[_cite(history, income_period, "interest_expense")],
                )
            )
    return findings


def kyc_findings(application: Application, licence: BusinessLicence | None) -> list[Finding]:
    """Check digits of every identifier on the form, and the licence against the form."""
    applicant, today = application.applicant, application.received_at.date()
    findings = []
    if applicant.kind == "enterprise":
        problem = (
            validate_uscc(applicant.unified_social_credit_code) if applicant.unified_social_credit_code else "not given"
        )
        if problem:
            findings.append(
                Finding(
                    code="KYC_USCC_INVALID",
                    severity="critical",
                    message=f"applicant's unified social credit code: {problem}",
                )
            )
    people = [
        ("applicant", applicant.id_number),
        ("legal representative", applicant.legal_representative and applicant.legal_representative.id_number),
        ("actual controller", applicant.actual_controller and applicant.actual_controller.id_number),
    ]
    people += [(f"guarantor {g.name}", g.id_number) for g in application.guarantors if g.kind == "individual"]
    for role, number in people:
        if number and (problem := validate_resident_id(number, today)):
            findings.append(
                Finding(code="KYC_ID_INVALID", severity="critical", message=f"{role}'s resident ID: {problem}")
            )
    return findings + licence_findings(application, licence)


def licence_findings(application: Application, licence: BusinessLicence | None) -> list[Finding]:
    """The licence must be in force and name the applicant."""
    if licence is None:
        return []
    findings = []
    today = application.received_at.date()
    if licence.term_end and not licence.term_unlimited and licence.term_end < today:
        findings.append(
            Finding(
                code="LICENSE_EXPIRED", severity="critical", message=f"business licence term ended {licence.term_end}"
            )
        )
    if (
        licence.unified_social_credit_code
        and application.applicant.unified_social_credit_code
        and licence.unified_social_credit_code != application.applicant.unified_social_credit_code
    ):
        findings.append(
            Finding(
                code="KYC_LICENCE_MISMATCH",
                severity="critical",
                message="the licence's unified social credit code differs from the form's",
                evidence=[
                    f"licence {licence.unified_social_credit_code}",
                    f"form {application.applicant.unified_social_credit_code}",
                ],
            )
        )
    form_names = [n for n in (application.applicant.name, application.applicant.name_en) if n]
    if licence.name and not any(same_company(licence.name, name) for name in form_names):
        findings.append(
            Finding(
                code="KYC_LICENCE_MISMATCH",
                severity="critical",
                message="the licence names a different company than the form",
                evidence=[f"licence {licence.name}", f"form {application.applicant.name}"],
            )
        )
    return findings


def site_visit_findings(application: Application) -> list[Finding]:
    """Two-person rule (双人实地调查): at least two distinct investigators."""
    visit = application.site_visit
    investigators = {name.strip() for name in (visit.investigators if visit else []) if name.strip()}
    if len(investigators) >= 2:
        return []
    return [
        Finding(
            code="TWO_PERSON_RULE",
            severity="critical",
            message=f"site visit by {len(investigators)} investigator(s); the two-person rule requires two",
            evidence=[", ".join(sorted(investigators)) or "no site visit recorded"],
        )
    ]


OUR_BANK = ("本行", "我行", "our bank", "this bank")


def exposure(application: Application) -> float:
    """The request plus what the applicant already owes this bank (existing facilities marked 本行)."""
    ours = sum(f.outstanding for f in application.existing_facilities if f.lender.strip().lower() in OUR_BANK)
    return application.requested_amount + ours


def collateral_findings(application: Application, policy: CreditPolicy) -> tuple[float, list[Finding]]:
    """Lending value of the collateral (after haircuts and lien rank) and guarantors against the exposure."""
    total = exposure(application)
    value = sum(
        c.appraised_value
        * policy.collateral_haircuts.get(c.kind, policy.collateral_haircuts["other"])
        * policy.lien_rank_factor.get(c.lien_rank, 0.0)
        for c in application.collateral
    )
    cover = value / total
    findings = []
    if application.collateral and cover < 1.0:
        findings.append(
            Finding(
                code="COLLATERAL_SHORTFALL",
                severity="warning",
                message=f"collateral lending value {value:,.2f} covers {cover:.0%} of the exposure {total:,.2f}",
                evidence=[f"{c.kind} {c.appraised_value:,.2f}, lien {c.lien_rank}" for c in application.collateral],
            )
        )
    worth = sum(g.declared_net_worth or 0.0 for g in application.guarantors)
    if application.guarantors and worth < total:
        findings.append(
            Finding(
                code="GUARANTOR_WEAK",
                severity="warning",
                message=f"guarantors' declared net worth {worth:,.2f} is below the exposure {total:,.2f}",
            )
        )
    return cover, findings
