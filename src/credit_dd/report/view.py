"""The report's view model: every string the templates print, in the reader's one language,
formatted by what each figure is, personal data masked."""

from __future__ import annotations

from typing import Any

from credit_dd.case import CaseResult
from credit_dd.policy.findings import bilingual
from credit_dd.policy.scorecard import factor_unit
from credit_dd.report import amounts, banking, sections
from credit_dd.report.conclusion import conclusion
from credit_dd.report.reader import Reader


def _case(case: CaseResult, r: Reader) -> dict[str, str]:
    app = case.application
    ids = case.case_id if case.case_id == case.application_id else f"{case.case_id} / {case.application_id}"
    return {
        "case_id": case.case_id,
        "ids": ids,
        "status": case.status,
        "product": r.name("product", app.product),
        "repayment_method": r.name("repayment_method", app.repayment_method),
        "amount": r.money(app.requested_amount, bare=False),
        "tenor": r.say("tenor_value", months=app.tenor_months),
        "purpose": app.purpose,
        "branch": app.branch or "",
        "manager": app.relationship_manager.name,
        "received_at": r.time(app.received_at),
    }


def _rating(case: CaseResult, r: Reader) -> dict[str, Any] | None:
    rating = case.analysis.rating
    if rating is None:
        return None
    return {
        "score": f"{rating.score:.1f}",
        "grade": rating.grade,
        "version": r.say("scorecard_version", version=rating.scorecard_version),
        "factors": [
            {
                "label": bilingual(c.label)[0 if r.lang == "zh" else 1],
                "value": r.figure(c.value, factor_unit(c.factor)),
                "score": f"{c.score:.0f}",
                "weight": f"{c.weight:.0f}",
                "points": f"{c.points:.2f}",
                "note": r.note(c.note),
            }
            for c in rating.contributions
        ],
    }


def _findings(case: CaseResult, r: Reader) -> list[dict[str, Any]]:
    return [
        {"code": f.code, "severity": f.severity, "message": r.message(f), "evidence": r.evidence(f)}
        for f in case.findings
    ]


def _visit(case: CaseResult) -> dict[str, Any]:
    visit = case.application.site_visit
    return {
        "date": str(visit.date or "") if visit else "",
        "investigators": visit.investigators if visit else [],
        "interviewed": visit.interviewed if visit else [],
        "notes": visit.notes if visit else "",
    }


def _related(case: CaseResult, r: Reader) -> list[str]:
    """Each related party with its relation by name (the form's own words when not catalogued)."""
    shown = []
    for party in case.application.related_parties:
        relation = r.name("relation", party.relation)
        if not relation:
            shown.append(party.name)
        else:
            shown.append(f"{party.name}（{relation}）" if r.lang == "zh" else f"{party.name} ({relation})")
    return shown


def _footer(case: CaseResult, r: Reader) -> dict[str, str]:
    return {
        "case_id": case.case_id,
        "flow_run_id": case.flow_run_id or "",
        "code_version": case.code_version,
        "policy_version": case.policy_version,
        "generated_at": r.time(case.generated_at),
    }


def build_view(case: CaseResult) -> dict[str, Any]:
    """The report's view model: every string the templates print, ready and masked."""
    r = Reader.of(case)
    return {
        "lang": case.lang,
        "t": r.s,
        "sev": r.t["severity"],
        "case": _case(case, r),
        "opinion": conclusion(case, r),
        "applicant": sections.applicant(case, r),
        "documents": sections.documents(case, r),
        "checks": sections.checks(case, r),
        "charts": sections.charts(case, r),
        "spread": sections.spread(case, r),
        "ratios": sections.ratios(case, r),
        "sizing": amounts.sizing(case, r),
        "repayment": amounts.repayment(case, r),
        "constraints": amounts.constraints(case, r),
        "bank": banking.statements(case, r),
        "flows": banking.flows(case, r),
        "screening": banking.screening(case, r),
        "security": banking.security(case, r),
        "rating": _rating(case, r),
        "findings": _findings(case, r),
        "deficiencies": [{"message": r.message(d), "document": d.document or ""} for d in case.deficiencies],
        "site_visit": _visit(case),
        "related_parties": _related(case, r),
        "maker": case.application.relationship_manager.name,
        "signed": case.signed,
        "footer": _footer(case, r),
    }
