"""``summary.json``: the machine-readable result. Its top-level keys are a contract."""

from __future__ import annotations

from typing import Any

from credit_dd.case import CaseResult
from credit_dd.report.dashboard import display_name

# The canonical line items of DESIGN.md: summary.json's "statements" holds these only (the
# cash-flow subtotals read for the identities stay in the spreads and the sources).
CONTRACT_ITEMS = frozenset(
    [
        "cash",
        "notes_receivable",
        "accounts_receivable",
        "prepayments",
        "other_receivables",
        "inventory",
        "total_current_assets",
        "fixed_assets",
        "total_non_current_assets",
        "total_assets",
        "short_term_borrowings",
        "notes_payable",
        "accounts_payable",
        "advances_from_customers",
        "current_portion_long_term_debt",
        "total_current_liabilities",
        "long_term_borrowings",
        "total_non_current_liabilities",
        "total_liabilities",
        "paid_in_capital",
        "retained_earnings",
        "total_equity",
        "total_liabilities_and_equity",
        "revenue",
        "cost_of_sales",
        "selling_expenses",
        "admin_expenses",
        "financial_expenses",
        "interest_expense",
        "operating_profit",
        "total_profit",
        "income_tax",
        "net_profit",
        "net_cash_from_operating",
        "net_cash_from_investing",
        "net_cash_from_financing",
    ]
)
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
    "figures",
)


def spreading_summary(case: CaseResult) -> dict[str, Any]:
    """How many figures people keyed or confirmed, and which needed ones still wait for a person."""
    spread = case.spreading
    if spread is None:
        return {"keyed": 0, "confirmed": 0, "pending": [], "invalidated": 0}
    return {
        "keyed": spread.count("keyed"),
        "confirmed": spread.count("confirmed"),
        "pending": [
            {"period": p.period.isoformat(), "item": p.item, "status": p.figure.status} for p in spread.pending
        ],
        "invalidated": len(spread.invalidated),
    }


def build_summary(case: CaseResult) -> dict[str, Any]:
    """The contract keys of DESIGN.md first, then extensions (sources, notes, versions)."""
    history, analysis = case.history, case.analysis
    return {
        "case_id": case.case_id,
        "application_id": case.application_id,
        "status": case.status,
        "recommendation": case.opinion.recommendation if case.status == "completed" else None,
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
            p.isoformat(): {k: v.value for k, v in items.items() if k in CONTRACT_ITEMS}
            for p, items in sorted(history.values.items())
        },
        "ratios": {p.isoformat(): {k: r.value for k, r in rs.items()} for p, rs in sorted(analysis.ratios.items())},
        "findings": [f.model_dump() for f in case.findings],
        "figures": {
            period: {item: figure for item, figure in items.items() if item in CONTRACT_ITEMS}
            for period, items in case.figures.summary().items()
        },
        "spreading": spreading_summary(case),
        "recommended_amount": case.opinion.recommended_amount if case.status == "completed" else None,
        "binding_constraint": case.opinion.binding_constraint if case.status == "completed" else None,
        "checks": [c.summary() for c in case.checks],
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
        "opinion": case.opinion.model_dump(mode="json"),
        "applicant": display_name(case.application),
        "requested_amount": case.application.requested_amount,
        "currency": case.application.currency,
        "reply_by": case.reply_by.isoformat() if case.reply_by else None,
        "repayment": analysis.repayment.model_dump(mode="json") if analysis.repayment else None,
        "sizing": analysis.sizing.model_dump() if analysis.sizing else None,
        "collateral_cover": analysis.collateral_cover,
        "watchlists": analysis.watchlists,
        "policy_version": case.policy_version,
        "code_version": case.code_version,
        "generated_at": case.generated_at.isoformat(),
    }
