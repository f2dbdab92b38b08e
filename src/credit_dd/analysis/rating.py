"""Internal rating by a scorecard defined in data: factors, weights, bins, grades."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, model_validator

from credit_dd.analysis.ratios import CATALOGUE
from credit_dd.errors import PolicyError
from credit_dd.policy.data import PolicyModel, read_data_model
from credit_dd.policy.findings import Finding, finding


class Bin(PolicyModel):
    min: float | None = None
    max: float | None = None
    score: float

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


FACTS = ("years_in_business", "collateral_cover")  # factors from the form, not ratios (analysis.rating_inputs)


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


class Contribution(BaseModel):
    factor: str
    label: str
    value: float | None
    score: float
    weight: float
    points: float
    note: str = ""


class Rating(BaseModel):
    """A score out of 100, its grade, and each factor's contribution."""

    scorecard_version: str
    score: float
    grade: str
    contributions: list[Contribution]


def read_scorecard(path: Path | None = None) -> Scorecard:
    """The scorecard at ``path``, or the packaged one."""
    return read_data_model(Scorecard, "scorecard.yaml", path)


def rate(values: dict[str, float | None], scorecard: Scorecard) -> Rating:
    """Score every factor from ``values`` (ratios and facts by factor name)."""
    contributions = []
    for factor in scorecard.factors:
        value = values.get(factor.name)
        score = next((b.score for b in factor.bins if b.holds(value)), 0.0) if value is not None else 0.0
        contributions.append(
            Contribution(
                factor=factor.name,
                label=factor.label,
                value=value,
                score=score,
                weight=factor.weight,
                points=round(score * factor.weight / 100, 2),
                note="" if value is not None else "not available: scores 0",
            )
        )
    total = round(sum(c.points for c in contributions), 2)
    grade = next(g.grade for g in scorecard.grades if total >= g.min)
    return Rating(scorecard_version=scorecard.version, score=total, grade=grade, contributions=contributions)


def rating_findings(rating: Rating, scorecard: Scorecard) -> list[Finding]:
    """RATING_LOW when the score falls below the scorecard's referral line."""
    if rating.score >= scorecard.refer_below:
        return []
    return [finding("RATING_LOW", grade=rating.grade, score=rating.score, line=scorecard.refer_below)]
