"""Post-loan monitoring (贷后检查与风险预警): compare a follow-up with the approval baseline.

The baseline is taken when a case completes (the latest period's ratios, the average bank
balance, the parties screened); follow-up statements and bank statements are read with the
same parsers and compared; every early warning names the figure, the baseline and the threshold.
"""

from __future__ import annotations

from credit_dd.analysis.bankflows import average_balance
from credit_dd.analysis.ratios import compute
from credit_dd.documents.files import ParsedDocument, bank_statements, originals
from credit_dd.documents.history import merge_statements
from credit_dd.rules.monitoring import FollowUp, latest_ratios


def follow_up_of(documents: list[ParsedDocument], currency: str) -> FollowUp:
    """Ratios of the newest period and the average balance in the follow-up documents."""
    readable = originals(documents)
    history = merge_statements([s for d in readable for s in d.statements], currency)
    ratios = {p.isoformat(): {k: r.value for k, r in rs.items()} for p, rs in compute(history).items()}
    period, latest = latest_ratios(ratios)
    return FollowUp(
        period=period,
        ratios=latest,
        average_balance=average_balance(bank_statements(documents)),
        files=[d.file for d in documents],
    )
