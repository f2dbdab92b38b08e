"""Internal rating by a scorecard defined in data: factors, weights, bins, grades."""

from __future__ import annotations

from pydantic import BaseModel

from credit_dd.policy.scorecard import Scorecard


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
