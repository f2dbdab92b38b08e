"""Rules on the rating: a score below the scorecard's refer line."""

from __future__ import annotations

from credit_dd.analysis.rating import Rating
from credit_dd.policy.findings import Finding, finding
from credit_dd.policy.scorecard import Scorecard


def rating_findings(rating: Rating, scorecard: Scorecard) -> list[Finding]:
    """RATING_LOW when the score falls below the scorecard's referral line."""
    if rating.score >= scorecard.refer_below:
        return []
    return [finding("RATING_LOW", grade=rating.grade, score=rating.score, line=scorecard.refer_below)]
