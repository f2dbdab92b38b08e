"""``summary.json``: the machine-readable result. Its top-level keys are a contract."""

from __future__ import annotations

from typing import Any

from credit_dd.case import CaseResult

CONTRACT_KEYS = (
    "case_id",
    "application_id",
    "status",
    "recommendation",
    "documents",
    "deficiencies",
    "statements",
    "ratios",
    "findings",
)


def build_summary(case: CaseResult) -> dict[str, Any]:
    """The contract keys of DESIGN.md first, then extensions (sources, notes, versions)."""
    history, analysis = case.history, case.analysis
    return {
        "case_id": case.case_id,
        "application_id": case.application_id,
        "status": case.status,
        "recommendation": analysis.opinion.recommendation if case.status == "completed" else None,
        "documents": [
            {
                "file": d.file,
                "sha256": d.sha256,
                "kind": d.kind,
                "pages": d.pages,
                "issues": [i.message for i in d.issues],
                "true_type": d.true_type,
                "encrypted": d.encrypted,
                "evidence": d.evidence,
                "duplicate_of": d.duplicate_of,
            }
            for d in case.documents
        ],
        "deficiencies": [d.model_dump() for d in case.deficiencies],
        "statements": {
            p.isoformat(): {k: v.value for k, v in items.items()} for p, items in sorted(history.values.items())
        },
        "ratios": {p.isoformat(): {k: r.value for k, r in rs.items()} for p, rs in sorted(analysis.ratios.items())},
        "findings": [f.model_dump() for f in analysis.findings],
        "statement_currency": history.currency,
        "statement_sources": {
            p.isoformat(): {
                k: {"file": v.file, "page": v.page, "label": v.label, "x": v.x, "y": v.y, "ocr": v.ocr}
                for k, v in items.items()
            }
            for p, items in sorted(history.values.items())
        },
        "ratio_notes": {
            p.isoformat(): {k: r.reason for k, r in rs.items() if r.reason} for p, rs in sorted(analysis.ratios.items())
        },
        "opinion": analysis.opinion.model_dump(),
        "sizing": analysis.sizing.model_dump() if analysis.sizing else None,
        "collateral_cover": analysis.collateral_cover,
        "watchlists": analysis.watchlists,
        "policy_version": case.policy_version,
        "code_version": case.code_version,
        "generated_at": case.generated_at.isoformat(),
    }
