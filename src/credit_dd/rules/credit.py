"""Credit rules: statements, ratios, identity, process and security → findings.

Each rule is a small function returning findings; thresholds come from ``CreditPolicy``.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from credit_dd.analysis.security import exposure, lending_value
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.licence import BusinessLicence
from credit_dd.intake.application import Application
from credit_dd.intake.kyc import resident_id_problem, uscc_problem, validate_uscc
from credit_dd.names import same_company, same_person
from credit_dd.policy.data import CreditPolicy
from credit_dd.policy.findings import EvidenceLine, Finding, Severity, finding, line
from credit_dd.policy.ratios import CATALOGUE, Ratio


def _cite(history: StatementHistory, period: date, item: str) -> EvidenceLine:
    value = history.values[period][item]
    return line("cite", item=item, value=value.value, file=value.file, page=value.page)


def latest_period_with(history: StatementHistory, item: str) -> date | None:
    """The most recent period that prints ``item``."""
    return next((p for p in reversed(history.periods) if history.get(p, item) is not None), None)


def _negative(history: StatementHistory, item: str, code: str, severity: Severity) -> list[Finding]:
    """A finding when the latest period that prints ``item`` shows it below zero."""
    period = latest_period_with(history, item)
    value = history.get(period, item) if period else None
    if period is None or value is None or value >= 0:
        return []
    return [
        finding(
            code,
            severity,
            period=period,
            value=value,
            loss=-value,
            currency=history.currency,
            evidence=[_cite(history, period, item)],
        )
    ]


def financial_findings(
    history: StatementHistory, ratios: dict[date, dict[str, Ratio]], policy: CreditPolicy
) -> list[Finding]:
    """Solvency, profitability, liquidity and leverage of the latest period."""
    if not history.periods:
        return [finding("NO_FINANCIAL_DATA")]
    findings = _negative(history, "total_equity", "NEGATIVE_EQUITY", "critical")
    findings += _negative(history, "net_profit", "LOSS_MAKING", "warning")
    return findings + _ratio_findings(history, ratios, policy)


def _ratio_findings(
    history: StatementHistory, ratios: dict[date, dict[str, Ratio]], policy: CreditPolicy
) -> list[Finding]:
    """Every catalogued ratio limit, on the latest period that prints the limit's line item."""
    findings = []
    for ratio in CATALOGUE.values():
        limit = ratio.limit
        period = latest_period_with(history, limit.period_item) if limit else None
        if limit is None or period is None:
            continue
        value, threshold = ratios[period][ratio.name].value, policy.thresholds.value(limit.warning)
        if value is None or not ratio.worse_than(value, threshold):
            continue
        critical = limit.critical and ratio.worse_than(value, policy.thresholds.value(limit.critical))
        findings.append(
            finding(
                limit.code,
                "critical" if critical else None,
                period=period,
                value=value,
                limit=threshold,
                currency=history.currency,
                evidence=[_cite(history, period, item) for item in limit.evidence],
            )
        )
    return findings


def kyc_findings(application: Application, licence: BusinessLicence | None) -> list[Finding]:
    """Check digits of every identifier on the form, and the licence against the form."""
    applicant, today = application.applicant, application.received_at.date()
    findings = []
    if applicant.kind == "enterprise":
        code = applicant.unified_social_credit_code
        problem = uscc_problem(code) if code else ("missing", {})
        if problem:
            findings.append(finding("KYC_USCC_INVALID", variant=problem[0], role="applicant", **problem[1]))
    representative, controller = applicant.legal_representative, applicant.actual_controller
    people: list[tuple[str, str | None]] = [
        ("applicant", applicant.id_number),
        ("legal representative", representative.id_number if representative else None),
        ("actual controller", controller.id_number if controller else None),
    ]
    people += [(f"shareholder {s.name}", s.id_number) for s in applicant.shareholders]
    people += [(f"guarantor {g.name}", g.id_number) for g in application.guarantors if g.kind == "individual"]
    for role, number in dict.fromkeys(people):
        if number and (id_problem := resident_id_problem(number, today)):
            findings.append(finding("KYC_ID_INVALID", variant=id_problem[0], role=role, **id_problem[1]))
    findings += owner_findings(application)
    for guarantor in (g for g in application.guarantors if g.kind == "enterprise"):
        if not guarantor.unified_social_credit_code:
            findings.append(finding("GUARANTOR_USCC_INVALID", variant="missing", name=guarantor.name))
        elif validated := validate_uscc(guarantor.unified_social_credit_code):
            findings.append(
                finding("GUARANTOR_USCC_INVALID", variant="invalid", name=guarantor.name, problem=validated)
            )
    return findings + licence_findings(application, licence)


BENEFICIAL_OWNER_PCT = 25.0  # 受益所有人: a natural person holding 25% or more (PBOC Order [2024] No. 3)


def owner_findings(application: Application) -> list[Finding]:
    """KYC_OWNER_UNIDENTIFIED: a shareholder of 25% or more whose ID the form does not give (nor
    gives for the same person as legal representative or controller)."""
    applicant = application.applicant
    known = [p for p in (applicant.legal_representative, applicant.actual_controller) if p and p.id_number]
    return [
        finding("KYC_OWNER_UNIDENTIFIED", name=s.name, share=s.share_pct / 100)
        for s in applicant.shareholders
        if s.share_pct >= BENEFICIAL_OWNER_PCT
        and not s.id_number
        and not any(same_person(s.name, p.name) for p in known)
    ]


def loan_maturity(application: Application) -> date:
    """The day the requested loan would mature: received date plus the tenor."""
    return application.received_at.date() + relativedelta(months=application.tenor_months)


def licence_findings(application: Application, licence: BusinessLicence | None) -> list[Finding]:
    """The licence must be in force, name the applicant, and agree with the form on what both state."""
    if licence is None:
        return []
    findings = []
    applicant, today = application.applicant, application.received_at.date()
    term_ends = licence.term_end if licence.term_end and not licence.term_unlimited else None
    if term_ends and term_ends < today:
        findings.append(finding("LICENSE_EXPIRED", date=term_ends))
    elif term_ends and term_ends < loan_maturity(application):
        findings.append(
            finding(
                "KYC_LICENCE_MISMATCH",
                "warning",
                variant="term_before_maturity",
                date=term_ends,
                maturity=loan_maturity(application),
            )
        )
    form_code = applicant.unified_social_credit_code
    if licence.unified_social_credit_code and form_code and licence.unified_social_credit_code != form_code:
        findings.append(
            finding(
                "KYC_LICENCE_MISMATCH",
                variant="uscc",
                evidence=[
                    line("on_licence", value=licence.unified_social_credit_code),
                    line("on_form", value=form_code),
                ],
            )
        )
    form_names = [n for n in (applicant.name, applicant.name_en) if n]
    if licence.name and not any(same_company(licence.name, name) for name in form_names):
        findings.append(
            finding(
                "KYC_LICENCE_MISMATCH",
                variant="name",
                evidence=[line("on_licence", value=licence.name), line("on_form", value=applicant.name)],
            )
        )
    representative = applicant.legal_representative.name if applicant.legal_representative else None
    if (
        licence.legal_representative
        and representative
        and not same_person(licence.legal_representative, representative)
    ):
        findings.append(
            finding(
                "KYC_LICENCE_MISMATCH",
                variant="legal_representative",
                licence=licence.legal_representative,
                form=representative,
            )
        )
    capital = applicant.registered_capital
    if licence.registered_capital and capital and abs(licence.registered_capital - capital) > 0.5:
        findings.append(
            finding(
                "KYC_LICENCE_MISMATCH",
                "warning",
                variant="registered_capital",
                licence=licence.registered_capital,
                form=capital,
                currency=application.currency,
            )
        )
    if licence.established_on and applicant.established_on and licence.established_on != applicant.established_on:
        findings.append(
            finding(
                "KYC_LICENCE_MISMATCH",
                "warning",
                variant="established_on",
                licence=licence.established_on,
                form=applicant.established_on,
            )
        )
    return findings


def site_visit_findings(application: Application) -> list[Finding]:
    """Two-person rule (双人实地调查): at least two distinct investigators (王 磊 and 王磊 are one)."""
    visit = application.site_visit
    investigators: list[str] = []
    for name in visit.investigators if visit else []:
        if name.strip() and not any(same_person(name, seen) for seen in investigators):
            investigators.append(name)
    if len(investigators) >= 2:
        return []
    return [
        finding(
            "TWO_PERSON_RULE",
            count=len(investigators),
            evidence=[
                line("investigators", names="、".join(investigators)) if investigators else line("no_site_visit")
            ],
        )
    ]


def collateral_findings(application: Application, policy: CreditPolicy) -> list[Finding]:
    """Lending value of the collateral (after haircuts and lien rank) and guarantors against the exposure."""
    total = exposure(application)
    value = lending_value(application, policy)
    cover = value / total
    findings = []
    if application.collateral and cover < 1.0:
        findings.append(
            finding(
                "COLLATERAL_SHORTFALL",
                value=value,
                cover=cover,
                exposure=total,
                currency=application.currency,
                evidence=[
                    line("collateral", kind=c.kind, value=c.appraised_value, rank=c.lien_rank)
                    for c in application.collateral
                ],
            )
        )
    worth = sum(g.declared_net_worth or 0.0 for g in application.guarantors)
    if application.guarantors and worth < total:
        findings.append(finding("GUARANTOR_WEAK", worth=worth, exposure=total, currency=application.currency))
    return findings
