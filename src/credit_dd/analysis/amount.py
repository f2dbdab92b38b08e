"""The amount's constraints and the recommended amount.

The recommended amount is the smallest of four constraints (``binding_constraint`` names it):

- ``request``: what the customer asked for;
- ``working_capital_capacity``: the reference method's new-loan capacity (working-capital loans);
- ``debt_service_capacity``: the largest new loan whose DSCR stays at the policy's minimum;
- ``security_cover``: the lending value of collateral and guarantees after haircuts, less what
  the applicant already owes this bank.

A constraint whose figures are absent does not bind (the report says it was not computed).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel

from credit_dd.analysis.repayment import (
    RepaymentCapacity,
)
from credit_dd.analysis.sizing import SizingResult
from credit_dd.intake.application import Application

Constraint = Literal["request", "working_capital_capacity", "debt_service_capacity", "security_cover"]


# Each constraint's name in findings and conditions (its Chinese is a term of findings.yaml).
CONSTRAINT_NAMES: dict[str, str] = {
    "request": "request",
    "working_capital_capacity": "working-capital capacity",
    "debt_service_capacity": "debt-service capacity",
    "security_cover": "security cover",
}


class AmountConstraint(BaseModel):
    """One limit on the amount, or why it could not be computed."""

    name: Constraint
    amount: float | None
    reason: str | None = None


class RecommendedAmount(BaseModel):
    """The smallest constraint, rounded down by policy, and every constraint considered."""

    amount: int
    binding: Constraint
    constraints: list[AmountConstraint]


def recommended_amount(constraints: list[AmountConstraint], rounding: float) -> RecommendedAmount:
    """The smallest available constraint, floored to ``rounding`` (the request when it is the smallest)."""
    available = [c for c in constraints if c.amount is not None]
    binding = min(available, key=lambda c: c.amount or 0.0)  # stable: the request wins a tie
    amount = max(binding.amount or 0.0, 0.0)
    request = next(c for c in constraints if c.name == "request")
    if binding.name != "request" and rounding > 0:
        amount = math.floor(amount / rounding) * rounding
    return RecommendedAmount(
        amount=int(min(amount, request.amount or amount)), binding=binding.name, constraints=constraints
    )


def amount_constraints(
    application: Application, sizing: SizingResult | None, repayment: RepaymentCapacity, security: float
) -> list[AmountConstraint]:
    """The four limits on the amount, each with its figure or the reason it is absent."""
    constraints = [AmountConstraint(name="request", amount=application.requested_amount)]
    if application.product == "working_capital_loan":
        if sizing is None:
            constraints.append(
                AmountConstraint(name="working_capital_capacity", amount=None, reason="no full-year income statement")
            )
        else:
            capacity = max(sizing.capacity, 0.0) if sizing.capacity is not None else 0.0
            constraints.append(AmountConstraint(name="working_capital_capacity", amount=capacity, reason=sizing.reason))
    constraints.append(
        AmountConstraint(
            name="debt_service_capacity",
            amount=repayment.serviceable_amount,
            reason=repayment.reason if repayment.serviceable_amount is None else None,
        )
    )
    constraints.append(AmountConstraint(name="security_cover", amount=security))
    return constraints
