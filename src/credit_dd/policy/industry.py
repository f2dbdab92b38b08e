"""Industry credit policy (行业授信政策): per GB/T 4754 code, whether lending is supported,
restricted or prohibited, and the thresholds an industry sets instead of the general ones."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import field_validator

from credit_dd.policy.data import CreditPolicy, PolicyModel, Thresholds, ratio_thresholds, read_data_model


class IndustryRule(PolicyModel):
    prefix: str
    name: str
    stance: Literal["prohibited", "restricted", "normal"]
    reason: str = ""
    thresholds: dict[str, float] = {}  # in place of the credit policy's, by the same names

    @field_validator("thresholds")
    @classmethod
    def _known(cls, thresholds: dict[str, float]) -> dict[str, float]:
        if unknown := sorted(set(thresholds) - ratio_thresholds() - set(Thresholds.model_fields)):
            raise ValueError(f"unknown thresholds {unknown}: no ratio limit uses them (ratios.CATALOGUE)")
        return thresholds


class IndustryPolicy(PolicyModel):
    version: str
    industries: list[IndustryRule]

    def rule_for(self, code: str | None) -> IndustryRule | None:
        """The rule with the longest prefix of ``code``."""
        if not code:
            return None
        matches = [r for r in self.industries if code.upper().startswith(r.prefix)]
        return max(matches, key=lambda r: len(r.prefix)) if matches else None


def read_industry_policy(path: Path | None = None) -> IndustryPolicy:
    """The industry policy at ``path``, or the packaged one."""
    return read_data_model(IndustryPolicy, "industry_policy.yaml", path)


def policy_for_industry(policy: CreditPolicy, code: str | None, industries: IndustryPolicy) -> CreditPolicy:
    """The credit policy with the industry's own thresholds in place of the defaults."""
    rule = industries.rule_for(code)
    if rule is None or not rule.thresholds:
        return policy
    return policy.model_copy(update={"thresholds": policy.thresholds.replaced(rule.thresholds)})
