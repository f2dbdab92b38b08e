"""Industry credit policy (data): prohibited and restricted GB/T 4754 codes, and thresholds per industry."""

from __future__ import annotations

from credit_dd.policy.findings import Finding, Severity, finding
from credit_dd.policy.industry import IndustryPolicy


def industry_findings(code: str | None, policy: IndustryPolicy) -> list[Finding]:
    """INDUSTRY_RESTRICTED: critical for a prohibited industry, a warning for a restricted one."""
    rule = policy.rule_for(code)
    if rule is None or rule.stance == "normal":
        return []
    severity: Severity = "critical" if rule.stance == "prohibited" else "warning"
    return [
        finding(
            "INDUSTRY_RESTRICTED",
            severity,
            code=code,
            name=rule.name,
            stance=rule.stance,
            reason=rule.reason,
            evidence=[f"industry policy {policy.version}, prefix {rule.prefix}"],
        )
    ]
