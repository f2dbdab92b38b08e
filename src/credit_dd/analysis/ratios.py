"""Financial ratios computed from the statements, with a reason for every gap.

The ratios themselves (formula, unit, names, rule) are the catalogue in ``policy.ratios``; this
module supplies each formula with one period's figures (``RatioInputs``) and computes them all.

Averages are (opening + closing) / 2 when the opening balance (the previous year end) is
known, else the closing balance. Turnover days use a 360-day year, scaled to the months the
income statement covers (a first-quarter statement covers 90 of the 360 days).
"""

from __future__ import annotations

from datetime import date

from credit_dd.documents.history import StatementHistory
from credit_dd.documents.periods import year_earlier
from credit_dd.policy.ratios import CATALOGUE, Ratio


class _Inputs:
    def __init__(self, history: StatementHistory, period: date) -> None:
        self.history, self.period = history, period
        earlier = [p for p in history.periods if 358 <= (period - p).days <= 372 and p in history.starts]
        self.previous = earlier[-1] if earlier else year_earlier(period)  # a 52/53-week year's predecessor

    def closing(self, item: str) -> float | None:
        return self.history.get(self.period, item)

    def average(self, item: str) -> float | None:
        return self.history.average(self.period, item)

    def previous_closing(self, item: str) -> float | None:
        return self.history.get(self.previous, item)

    @property
    def days(self) -> float:
        start = self.history.starts.get(self.period)
        if start is not None:
            return 360.0 * round((self.period - start).days / 30.4375) / 12
        months = 12 if (self.period.month, self.period.day) == (12, 31) else self.period.month
        return 360.0 * months / 12


UNCLASSIFIED = "unclassified balance sheet (a bank's or insurer's format): no current/non-current split"


def compute_period(history: StatementHistory, period: date) -> dict[str, Ratio]:
    """Every ratio of one period; those a bank's unclassified balance sheet cannot give say so."""
    inputs = _Inputs(history, period)
    ratios = {name: ratio.formula(inputs) for name, ratio in CATALOGUE.items()}
    if history.unclassified(period):
        for name, ratio in ratios.items():
            if ratio.value is None and "total_current_" in (ratio.reason or ""):
                ratios[name] = Ratio(value=None, reason=UNCLASSIFIED)
    return ratios


def compute(history: StatementHistory) -> dict[date, dict[str, Ratio]]:
    """Every ratio of every period that has statements."""
    return {period: compute_period(history, period) for period in history.periods}
