"""Industry credit policy (data): prohibited and restricted GB/T 4754 codes, and thresholds per industry."""

from __future__ import annotations

from credit_dd.policy.findings import Finding, Severity, bilingual, finding, line
from credit_dd.policy.industry import IndustryPolicy


def industry_findings(code: str | None, policy: IndustryPolicy) -> list[Finding]:
    """INDUSTRY_RESTRICTED: critical for a prohibited industry, a warning for a restricted one."""
    rule = policy.rule_for(code)
    if rule is None or rule.stance == "normal":
        return []
    severity: Severity = "critical" if rule.stance == "prohibited" else "warning"
    (name, name_en), (reason, reason_en) = bilingual(rule.name), bilingual(rule.reason)
    return [
        finding(
            "INDUSTRY_RESTRICTED",
            severity,
            code=code,
            name=name,
            name_en=name_en,
            stance=rule.stance,
            reason=reason,
            reason_en=reason_en,
            evidence=[line("industry_rule", version=policy.version, prefix=rule.prefix)],
        )
    ]
