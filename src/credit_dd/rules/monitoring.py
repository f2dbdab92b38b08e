"""Post-loan early warnings (风险预警): a follow-up compared with the approval baseline.

The baseline is what the loan was approved on (the latest period's ratios, the average bank
balance, the parties screened); every warning names the figure, the baseline and the threshold."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from credit_dd.analysis.watchlist import Watchlist, screen
from credit_dd.policy.findings import Severity
from credit_dd.policy.monitoring import Deterioration, MonitoringPolicy


class Baseline(BaseModel):
    """What the loan was approved on."""

    period: str | None
    currency: str = "CNY"
    ratios: dict[str, float | None]
    average_balance: float | None
    parties: list[tuple[str, str, str | None]]


class FollowUp(BaseModel):
    """What the new documents show."""

    period: str | None
    ratios: dict[str, float | None]
    average_balance: float | None
    files: list[str]


class EarlyWarning(BaseModel):
    code: Literal["EW_RATIO_DETERIORATION", "EW_COVENANT_BREACH", "EW_BALANCE_DROP", "EW_WATCHLIST_HIT"]
    severity: Severity
    message: str


def latest_ratios(ratios: dict[str, dict[str, float | None]]) -> tuple[str | None, dict[str, float | None]]:
    if not ratios:
        return None, {}
    period = max(ratios)
    return period, ratios[period]


def _worse(name: str, rule: Deterioration, before: float, after: float) -> str | None:
    change = after - before
    against = -change if rule.direction == "down" else change
    if against <= 0:
        return None
    if rule.absolute is not None and against > rule.absolute:
        return f"{name} moved from {before:.4f} to {after:.4f} (limit {rule.absolute:+.2f} {rule.direction})"
    if rule.relative is not None and before and against / abs(before) > rule.relative:
        return f"{name} moved from {before:.4f} to {after:.4f} ({against / abs(before):.0%} worse, limit {rule.relative:.0%})"
    return None


def compare(baseline: Baseline, follow_up: FollowUp, policy: MonitoringPolicy) -> list[EarlyWarning]:
    """Deteriorated ratios, covenant breaches and a large balance drop, each explained."""
    warnings: list[EarlyWarning] = []
    where = f"{follow_up.period or 'follow-up'} vs approval baseline {baseline.period or '-'}"
    for name, rule in policy.deterioration.items():
        before, after = baseline.ratios.get(name), follow_up.ratios.get(name)
        if before is not None and after is not None and (text := _worse(name, rule, before, after)):
            warnings.append(EarlyWarning(code="EW_RATIO_DETERIORATION", severity="warning", message=f"{text}; {where}"))
    for name, covenant in policy.covenants.items():
        value = follow_up.ratios.get(name)
        if value is None:
            continue
        if covenant.min is not None and value < covenant.min:
            warnings.append(
                EarlyWarning(
                    code="EW_COVENANT_BREACH",
                    severity="critical",
                    message=f"{name} {value:.4f} below the covenant minimum {covenant.min} ({follow_up.period})",
                )
            )
        if covenant.max is not None and value > covenant.max:
            warnings.append(
                EarlyWarning(
                    code="EW_COVENANT_BREACH",
                    severity="critical",
                    message=f"{name} {value:.4f} above the covenant maximum {covenant.max} ({follow_up.period})",
                )
            )
    before_balance, after_balance = baseline.average_balance, follow_up.average_balance
    if before_balance and after_balance is not None and after_balance < before_balance * policy.balance_drop:
        warnings.append(
            EarlyWarning(
                code="EW_BALANCE_DROP",
                severity="warning",
                message=(
                    f"average bank balance fell from {before_balance:,.2f} to {after_balance:,.2f} "
                    f"(below {policy.balance_drop:.0%} of the baseline)"
                ),
            )
        )
    return warnings


def rescreen(baseline: Baseline, lists: list[Watchlist], threshold: float) -> list[EarlyWarning]:
    """Screen every approved party again (after a list changed)."""
    return [
        EarlyWarning(
            code="EW_WATCHLIST_HIT",
            severity="critical",
            message=f"{hit.role} {hit.party} matches {hit.entry.list_name} entry {hit.entry.entry_id} "
            f"({hit.matched_name}, score {hit.score:.0f}, on {hit.on})",
        )
        for hit in screen(baseline.parties, lists, threshold)
    ]
