"""The conclusion a committee reads first, on the report's first page: the recommendation, the
amount and what set it, every critical finding, and the conditions precedent for drawdown."""

from __future__ import annotations

from typing import Any

from credit_dd.case import CaseResult
from credit_dd.policy.formats import whole_money
from credit_dd.report.reader import Reader


def conclusion(case: CaseResult, r: Reader) -> dict[str, Any]:
    """The opinion box: verdict, amounts, the reasons (the opinion's, then any other critical
    finding), a note on what is still missing, and the conditions."""
    opinion, app = case.opinion, case.application
    reasons = [{"text": r.message(f), "severity": f.severity} for f in opinion.reasons]
    others = [f for f in case.findings if f.severity == "critical" and f not in opinion.reasons]
    reasons += [{"text": r.message(f), "severity": f.severity} for f in others]
    waiting = "needs_spreading" if opinion.recommendation is None and case.status == "needs_spreading" else None
    return {
        "label": r.t["outcome"][waiting] if waiting else r.t["recommendation"][opinion.recommendation or "none"],
        "recommendation": opinion.recommendation or "none",
        "requested": r.money(app.requested_amount, bare=False),
        "amount": whole_money(opinion.recommended_amount, r.currency, r.lang)
        if opinion.recommended_amount is not None
        else "",
        "binding": r.t["constraints"][opinion.binding_constraint] if opinion.binding_constraint else "",
        "reasons": reasons,
        "notes": _notes(case, r),
        "conditions": [c.zh if r.lang == "zh" else c.en for c in opinion.conditions],
    }


def _notes(case: CaseResult, r: Reader) -> list[str]:
    """What the reader must know beside the reasons: an early decline, documents still missing, or
    figures waiting for a person (all documents in, but the statements' arithmetic proves too little)."""
    opinion, notes = case.opinion, []
    if opinion.declined_early:
        notes.append(r.s["declined_early"])
    elif opinion.recommendation is None and case.status == "needs_spreading":
        pending = case.spreading.pending if case.spreading else []
        named = "、" if r.lang == "zh" else ", "
        notes.append(
            r.say("awaiting_figures", figures=named.join(f"{p.period} {r.name('items', p.item)}" for p in pending))
        )
    elif opinion.recommendation is None:
        notes.append(r.s["awaiting_documents"])
    elif not opinion.reasons and not any(f.severity == "critical" for f in case.findings):
        notes.append(r.s["no_findings"])
    if case.deficiencies:
        notes.append(r.say("notice_see", count=len(case.deficiencies)))
    return notes
