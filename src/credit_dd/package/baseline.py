"""The approval baseline written with a completed case, for post-loan monitoring to compare with."""

from __future__ import annotations

from credit_dd.analysis.watchlist import screening_parties
from credit_dd.case import CaseResult
from credit_dd.rules.monitoring import Baseline, latest_ratios


def baseline_of(case: CaseResult) -> Baseline:
    """The approval baseline of a completed case."""
    ratios = {p.isoformat(): {k: r.value for k, r in rs.items()} for p, rs in case.analysis.ratios.items()}
    period, latest = latest_ratios(ratios)
    bank = case.analysis.bank
    return Baseline(
        period=period,
        currency=case.application.currency,
        ratios=latest,
        average_balance=bank.average_balance if bank else None,
        parties=screening_parties(case.application, case.documents),
    )
