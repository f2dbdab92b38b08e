"""The opinion: approve / approve_with_conditions / refer / decline, the amount, and the conditions.

The recommended amount is computed by ``analysis.amount`` (the smallest of its constraints). A
request above it is approved with conditions at that amount only, and
referred when the amount falls below the policy's share of the request.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from credit_dd.analysis.amount import CONSTRAINT_NAMES, AmountConstraint, Constraint, RecommendedAmount
from credit_dd.policy.data import CreditPolicy
from credit_dd.policy.findings import Finding, Template, curable, term
from credit_dd.policy.formats import whole_money

Recommendation = Literal["approve", "approve_with_conditions", "refer", "decline"]


class Opinion(BaseModel):
    """The recommendation, the findings behind it, the amount and what must hold before drawdown."""

    recommendation: Recommendation | None
    reasons: list[Finding]
    conditions: list[Template]
    recommended_amount: int | None = None
    binding_constraint: Constraint | None = None
    constraints: list[AmountConstraint] = []
    declined_early: bool = False  # declined on what is at hand, before every document was in


def _amount_condition(amount: RecommendedAmount, currency: str) -> Template:
    name = CONSTRAINT_NAMES[amount.binding]
    return Template(
        zh=f"授信金额不超过 {whole_money(amount.amount, currency, 'zh')}（约束：{term(name, 'zh')}）",
        en=f"Amount limited to {whole_money(amount.amount, currency, 'en')} (set by the {name})",
    )


def decide(
    findings: list[Finding],
    policy: CreditPolicy,
    documents_complete: bool,
    amount: RecommendedAmount | None = None,
    currency: str = "CNY",
) -> Opinion:
    """Apply the recommendation policy. A critical finding never yields ``approve``.

    Missing documents leave the case without an opinion, unless what is at hand already
    shows a decline that no document could cure (negative equity, a watchlist hit …).
    """
    rules = policy.recommendation
    critical = [f for f in findings if f.severity == "critical"]
    declines = [f for f in critical if f.code in rules.decline_codes]
    incurable = [f for f in declines if not curable(f)]
    if not documents_complete:
        if incurable:
            return Opinion(
                recommendation="decline", reasons=incurable, conditions=[], recommended_amount=0, declined_early=True
            )
        return Opinion(recommendation=None, reasons=[], conditions=[])
    sized = {
        "recommended_amount": amount.amount if amount else None,
        "binding_constraint": amount.binding if amount else None,
        "constraints": amount.constraints if amount else [],
    }
    if declines:
        return Opinion(recommendation="decline", reasons=critical, conditions=[], **sized | {"recommended_amount": 0})
    if critical:
        return Opinion(recommendation="refer", reasons=critical, conditions=[], **sized)
    warnings = [f for f in findings if f.severity == "warning"]
    request = next((c.amount for c in amount.constraints if c.name == "request"), None) if amount else None
    limited = amount is not None and request is not None and amount.amount < request
    if limited and amount and request and amount.amount < rules.min_share_of_request * request:
        below = [f for f in warnings if f.code in ("AMOUNT_ABOVE_RECOMMENDED", "AMOUNT_EXCEEDS_CAPACITY")]
        return Opinion(recommendation="refer", reasons=below or warnings, conditions=[], **sized)
    conditions = [c for f in warnings if (c := rules.condition(f.code))]
    if limited and amount:
        conditions = [_amount_condition(amount, currency)] + [
            c for c in conditions if c != rules.condition("AMOUNT_EXCEEDS_CAPACITY")
        ]
    conditions = list(dict.fromkeys(conditions))
    if warnings or limited:
        return Opinion(
            recommendation="approve_with_conditions", reasons=warnings, conditions=conditions + rules.always, **sized
        )
    return Opinion(recommendation="approve", reasons=[], conditions=list(rules.always), **sized)
