"""Anti-money-laundering checks on bank transactions: large-value cash and transfers, structuring.

Thresholds are effective-dated configuration (``data/aml_thresholds.yaml``): the one in force
on a transaction's date applies. Large-value means single or same-day cumulative, per direction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from functools import lru_cache

from pydantic import BaseModel

from credit_dd.bankstatements import BankStatement, Transaction
from credit_dd.findings import Finding
from credit_dd.policy import read_data_model


class Thresholds(BaseModel):
    effective_from: date
    source: str
    cash: float
    corporate_transfer: float
    individual_domestic_transfer: float
    individual_cross_border_transfer: float


class Structuring(BaseModel):
    window_days: int
    min_count: int
    lower_fraction: float


class AmlPolicy(BaseModel):
    """The effective-dated thresholds and the words that mark cash and cross-border rows."""

    version: int
    thresholds: list[Thresholds]
    structuring: Structuring
    cash_words: list[str]
    cross_border_words: list[str]

    def in_force(self, day: date) -> Thresholds | None:
        """The thresholds in force on ``day`` (the latest that had taken effect)."""
        active = [t for t in self.thresholds if t.effective_from <= day]
        return max(active, key=lambda t: t.effective_from) if active else None


@lru_cache(maxsize=1)
def default_aml_policy() -> AmlPolicy:
    """The packaged AML configuration."""
    return read_data_model(AmlPolicy, "aml_thresholds.yaml")


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _groups(statements: list[BankStatement], policy: AmlPolicy) -> dict[tuple[date, str, str], list[Transaction]]:
    """Transactions grouped by (day, direction, channel) with channel cash / domestic / cross_border."""
    cash, cross = _pattern(policy.cash_words), _pattern(policy.cross_border_words)
    groups: dict[tuple[date, str, str], list[Transaction]] = defaultdict(list)
    for statement in statements:
        if statement.currency != "CNY":
            continue  # thresholds are in yuan; foreign-currency statements need their own rules
        for t in statement.transactions:
            if t.date is None:
                continue
            text = f"{t.description} {t.counterparty or ''}"
            channel = "cash" if cash.search(text) else "cross_border" if cross.search(text) else "domestic"
            groups[(t.date, "in" if t.credit else "out", channel)].append(t)
    return groups


def _amount(t: Transaction) -> float:
    return t.credit or t.debit


def _limit(thresholds: Thresholds, channel: str, individual: bool) -> float:
    if channel == "cash":
        return thresholds.cash
    if not individual:
        return thresholds.corporate_transfer
    return (
        thresholds.individual_cross_border_transfer
        if channel == "cross_border"
        else thresholds.individual_domestic_transfer
    )


def large_value_findings(
    statements: list[BankStatement], individual: bool, policy: AmlPolicy | None = None
) -> list[Finding]:
    """AML_LARGE_CASH and AML_LARGE_TRANSFER: days whose single or cumulative flow per direction reaches the threshold."""
    policy = policy or default_aml_policy()
    hits: dict[str, list[str]] = defaultdict(list)
    for (day, direction, channel), rows in sorted(_groups(statements, policy).items()):
        thresholds = policy.in_force(day)
        total = sum(_amount(t) for t in rows)
        if thresholds and total >= _limit(thresholds, channel, individual):
            code = "AML_LARGE_CASH" if channel == "cash" else "AML_LARGE_TRANSFER"
            hits[code].append(
                f"{day} {direction} {channel}: {total:,.2f} in {len(rows)} transaction(s) (page {rows[0].page}) ≥ {_limit(thresholds, channel, individual):,.0f}"
            )
    findings = []
    for code, evidence in hits.items():
        severity = "warning" if code == "AML_LARGE_CASH" else "info"
        findings.append(
            Finding(
                code=code,
                severity=severity,
                message=f"{len(evidence)} day(s) reach the large-value reporting threshold ({policy.thresholds[-1].source})",
                evidence=evidence[:10],
            )
        )
    return findings


def structuring_findings(statements: list[BankStatement], policy: AmlPolicy | None = None) -> list[Finding]:
    """AML_STRUCTURING: several cash transactions just under the threshold within a few days."""
    policy = policy or default_aml_policy()
    rule = policy.structuring
    near = [
        (day, direction, t)
        for (day, direction, channel), rows in _groups(statements, policy).items()
        if channel == "cash"
        for t in rows
        if (th := policy.in_force(day)) and rule.lower_fraction * th.cash <= _amount(t) < th.cash
    ]
    near.sort(key=lambda item: item[0])
    for start, direction, _ in near:
        window = [t for day, d, t in near if d == direction and 0 <= (day - start).days < rule.window_days]
        if len(window) >= rule.min_count:
            evidence = [f"{t.date} {t.raw_date} {_amount(t):,.2f} (page {t.page}) {t.description}" for t in window]
            return [
                Finding(
                    code="AML_STRUCTURING",
                    severity="critical",
                    message=f"{len(window)} cash transactions ({direction}) just under the {policy.in_force(start).cash:,.0f} threshold within {rule.window_days} days from {start}",  # type: ignore[union-attr]
                    evidence=evidence,
                )
            ]
    return []
