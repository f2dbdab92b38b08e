"""Post-loan monitoring (贷后检查与风险预警): compare a follow-up with the approval baseline.

The baseline is taken when a case completes (the latest period's ratios, the average bank
balance, the parties screened); follow-up statements and bank statements are read with the
same parsers and compared; every early warning names the figure, the baseline and the threshold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, model_validator

from credit_dd.analysis.analyse import screening_parties
from credit_dd.analysis.bankflows import average_balance
from credit_dd.analysis.ratios import CATALOGUE, compute
from credit_dd.analysis.watchlist import Watchlist, screen
from credit_dd.case import CaseResult
from credit_dd.documents.files import ParsedDocument, bank_statements, originals
from credit_dd.documents.history import merge_statements
from credit_dd.policy.data import PolicyModel, read_data_model
from credit_dd.policy.findings import Severity


class Deterioration(PolicyModel):
    """How far a ratio may move against the borrower; which way is against comes from the ratio
    catalogue (a ratio where higher is better deteriorates downwards)."""

    direction: Literal["up", "down"] | None = None
    relative: float | None = None
    absolute: float | None = None


class Covenant(PolicyModel):
    min: float | None = None
    max: float | None = None


def _against(name: str) -> Literal["up", "down"]:
    ratio = CATALOGUE.get(name)
    if ratio is None:
        raise ValueError(f"{name}: not a ratio (ratios.CATALOGUE)")
    if ratio.better == "neither":
        raise ValueError(f"{name}: neither direction is worse, so it cannot deteriorate")
    return "down" if ratio.better == "higher" else "up"


class MonitoringPolicy(PolicyModel):
    version: str
    deterioration: dict[str, Deterioration]
    covenants: dict[str, Covenant]
    balance_drop: float

    @model_validator(mode="after")
    def _ratios_of_the_catalogue(self) -> MonitoringPolicy:
        for name, rule in self.deterioration.items():
            against = _against(name)
            if rule.direction not in (None, against):
                raise ValueError(f"{name}: deteriorates {against}, not {rule.direction} (ratios.CATALOGUE)")
            rule.direction = against
        if unknown := sorted(set(self.covenants) - set(CATALOGUE)):
            raise ValueError(f"covenants on {unknown}: not ratios (ratios.CATALOGUE)")
        return self


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


def read_monitoring_policy(path: Path | None = None) -> MonitoringPolicy:
    return read_data_model(MonitoringPolicy, "monitoring.yaml", path)


def _latest(ratios: dict[str, dict[str, float | None]]) -> tuple[str | None, dict[str, float | None]]:
    if not ratios:
        return None, {}
    period = max(ratios)
    return period, ratios[period]


def baseline_of(case: CaseResult) -> Baseline:
    """The approval baseline of a completed case."""
    ratios = {p.isoformat(): {k: r.value for k, r in rs.items()} for p, rs in case.analysis.ratios.items()}
    period, latest = _latest(ratios)
    bank = case.analysis.bank
    return Baseline(
        period=period,
        currency=case.application.currency,
        ratios=latest,
        average_balance=bank.average_balance if bank else None,
        parties=screening_parties(case.application, case.documents),
    )


def follow_up_of(documents: list[ParsedDocument], currency: str) -> FollowUp:
    """Ratios of the newest period and the average balance in the follow-up documents."""
    readable = originals(documents)
    history = merge_statements([s for d in readable for s in d.statements], currency)
    ratios = {p.isoformat(): {k: r.value for k, r in rs.items()} for p, rs in compute(history).items()}
    period, latest = _latest(ratios)
    return FollowUp(
        period=period,
        ratios=latest,
        average_balance=average_balance(bank_statements(documents)),
        files=[d.file for d in documents],
    )


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
