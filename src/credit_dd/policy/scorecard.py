"""The internal rating scorecard (``data/scorecard.yaml``): factors (ratios of the catalogue or
facts from the form), their bins and weights, and the grades."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator

from credit_dd.errors import PolicyError
from credit_dd.policy.data import PolicyModel, read_data_model
from credit_dd.policy.formats import Unit
from credit_dd.policy.ratios import CATALOGUE


class Bin(PolicyModel):
    min: float | None = None
    max: float | None = None
    score: float

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Factor(PolicyModel):
    """A ratio of the catalogue (its label is the catalogue's unless given) or one of ``FACTS``."""

    name: str
    label: str = ""
    weight: float
    bins: list[Bin]

    @model_validator(mode="after")
    def _known(self) -> Factor:
        ratio = CATALOGUE.get(self.name)
        if ratio is None and self.name not in FACTS:
            raise ValueError(f"factor {self.name}: neither a ratio (ratios.CATALOGUE) nor one of {list(FACTS)}")
        if not self.label:
            if ratio is None:
                raise ValueError(f"factor {self.name}: needs a label")
            self.label = f"{ratio.zh} {ratio.en}"
        return self


class Grade(PolicyModel):
    grade: str
    min: float


class Scorecard(PolicyModel):
    """Factors with weights summing to 100, and the grade scale."""

    version: str
    factors: list[Factor]
    grades: list[Grade]
    refer_below: float

    @model_validator(mode="after")
    def _weights_sum_to_100(self) -> Scorecard:
        if abs(sum(f.weight for f in self.factors) - 100) > 1e-9:
            raise PolicyError(
                f"scorecard {self.version}: weights sum to {sum(f.weight for f in self.factors)}, not 100"
            )
        return self


def read_scorecard(path: Path | None = None) -> Scorecard:
    """The scorecard at ``path``, or the packaged one."""
    return read_data_model(Scorecard, "scorecard.yaml", path)


# Factors from the form, not ratios (analysis.rating_inputs), with the unit they are shown in.
FACTS: dict[str, Unit] = {"years_in_business": "years", "collateral_cover": "percent"}


def factor_unit(name: str) -> Unit:
    """How a factor's value is shown: its ratio's unit, or the fact's."""
    ratio = CATALOGUE.get(name)
    return ratio.unit if ratio else FACTS.get(name, "number")
