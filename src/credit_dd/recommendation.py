"""The opinion: approve / approve_with_conditions / refer / decline, with reasons and conditions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from credit_dd.findings import Finding
from credit_dd.policy import CreditPolicy

Recommendation = Literal["approve", "approve_with_conditions", "refer", "decline"]


class Opinion(BaseModel):
    """The recommendation, why, and what must hold before drawdown."""

    recommendation: Recommendation | None
    reasons: list[str]
    conditions: list[str]


def decide(findings: list[Finding], policy: CreditPolicy, documents_complete: bool) -> Opinion:
    """Apply the recommendation policy. A critical finding never yields ``approve``."""
    if not documents_complete:
        return Opinion(
            recommendation=None, reasons=["documents are missing or stale: see the deficiency notice"], conditions=[]
        )
    critical = [f for f in findings if f.severity == "critical"]
    warnings = [f for f in findings if f.severity == "warning"]
    rules = policy.recommendation
    if any(f.code in rules.decline_codes for f in critical):
        return Opinion(recommendation="decline", reasons=[f"{f.code}: {f.message}" for f in critical], conditions=[])
    if critical:
        return Opinion(recommendation="refer", reasons=[f"{f.code}: {f.message}" for f in critical], conditions=[])
    conditions = list(dict.fromkeys(rules.conditions[f.code] for f in warnings if f.code in rules.conditions))
    if warnings:
        return Opinion(
            recommendation="approve_with_conditions",
            reasons=[f"{f.code}: {f.message}" for f in warnings],
            conditions=conditions + rules.always,
        )
    return Opinion(recommendation="approve", reasons=["no critical or warning findings"], conditions=list(rules.always))
