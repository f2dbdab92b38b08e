"""Which figures the credit decision needs (``data/spreading.yaml``): when one of them is missing,
in conflict or unverified, a person completes the spread before the case goes on.

Kept as data, beside the ratio catalogue it follows: a test probes the analysis (ratios, sizing,
repayment) and fails when it reads an item the file does not list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from credit_dd.policy.data import PolicyModel, read_data_model

StatementKind = Literal["balance_sheet", "income_statement", "cash_flow"]


class NeededFigure(PolicyModel):
    """How one item is needed: ``required`` (its absence from the latest statement is ``missing``),
    ``opening`` (the period it opens from is needed too, when printed)."""

    required: bool
    opening: bool = False


class SpreadingPolicy(PolicyModel):
    """The needed items of each statement kind."""

    version: str
    statements: dict[StatementKind, dict[str, NeededFigure]] = Field(min_length=1)

    def kind_of(self, item: str) -> StatementKind | None:
        """The statement an item is needed from, or ``None`` when the decision does not need it."""
        return next((kind for kind, items in self.statements.items() if item in items), None)

    @property
    def items(self) -> set[str]:
        """Every needed item."""
        return {item for items in self.statements.values() for item in items}


def read_spreading_policy(path: Path | None = None) -> SpreadingPolicy:
    """The needed figures at ``path``, or the packaged ones.

    Raises:
        PolicyError: the file is unreadable or not of its shape.
    """
    return read_data_model(SpreadingPolicy, "spreading.yaml", path)
