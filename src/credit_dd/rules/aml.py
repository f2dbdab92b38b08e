"""Anti-money-laundering checks on bank transactions: large-value cash and transfers, structuring.

Thresholds are effective-dated configuration (``data/aml_thresholds.yaml``): the one in force
on a transaction's date applies. Large-value means single or same-day cumulative, per direction.
A statement in yuan is held to the yuan thresholds; one in any other currency to the rule's US
dollar thresholds, through the effective-dated rate to the dollar in the same file. A
statement whose currency has no rate gets ``AML_RATE_UNAVAILABLE``: it is never skipped silently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from credit_dd.documents.bankstatements import BankStatement, Transaction
from credit_dd.policy.aml import AmlPolicy
from credit_dd.policy.findings import EvidenceLine, Finding, finding, line


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


Group = tuple[date, str, str, str]  # (day, direction, channel, currency)


def _groups(statements: list[BankStatement], policy: AmlPolicy) -> dict[Group, list[Transaction]]:
    """Transactions grouped by (day, direction, channel, currency), channel cash / domestic / cross_border."""
    cash, cross = _pattern(policy.cash_words), _pattern(policy.cross_border_words)
    groups: dict[Group, list[Transaction]] = defaultdict(list)
    for statement in statements:
        for t in statement.transactions:
            if t.date is None:
                continue
            text = f"{t.description} {t.counterparty or ''}"
            channel = "cash" if cash.search(text) else "cross_border" if cross.search(text) else "domestic"
            groups[(t.date, "in" if t.credit else "out", channel, statement.currency)].append(t)
    return groups


def _amount(t: Transaction) -> float:
    return t.credit or t.debit


def _rule(channel: str, individual: bool) -> str:
    if channel == "cash":
        return "cash"
    if not individual:
        return "corporate_transfer"
    return "individual_cross_border_transfer" if channel == "cross_border" else "individual_domestic_transfer"


def rate_findings(statements: list[BankStatement], policy: AmlPolicy) -> list[Finding]:
    """AML_RATE_UNAVAILABLE: a statement whose currency cannot be compared with any threshold."""
    findings = []
    for statement in statements:
        days = sorted(t.date for t in statement.transactions if t.date is not None)
        missing = next(
            (d for d in days if policy.in_force(d) and policy.limit(d, statement.currency, "cash") is None), None
        )
        if missing is not None:
            findings.append(
                finding("AML_RATE_UNAVAILABLE", file=statement.file, currency=statement.currency, day=missing)
            )
    return findings


def large_value_findings(statements: list[BankStatement], individual: bool, policy: AmlPolicy) -> list[Finding]:
    """AML_LARGE_CASH and AML_LARGE_TRANSFER: days whose single or cumulative flow per direction reaches the threshold."""
    hits: dict[str, list[EvidenceLine]] = defaultdict(list)
    for (day, direction, channel, currency), rows in sorted(_groups(statements, policy).items()):
        limit = policy.limit(day, currency, _rule(channel, individual))
        total = sum(_amount(t) for t in rows)
        if limit is not None and total >= limit:
            code = "AML_LARGE_CASH" if channel == "cash" else "AML_LARGE_TRANSFER"
            hits[code].append(
                line(
                    "large_value_day",
                    day=day,
                    direction=direction,
                    total=total,
                    count=len(rows),
                    page=rows[0].page,
                    limit=limit,
                    currency=currency,
                )
            )
    return [
        finding(code, days=len(evidence), source=policy.thresholds[-1].source, evidence=evidence[:10])
        for code, evidence in hits.items()
    ] + rate_findings(statements, policy)


def structuring_findings(statements: list[BankStatement], policy: AmlPolicy) -> list[Finding]:
    """AML_STRUCTURING: several cash transactions just under the threshold within a few days."""
    rule = policy.structuring
    near = [
        (day, direction, currency, limit, t)
        for (day, direction, channel, currency), rows in _groups(statements, policy).items()
        if channel == "cash" and (limit := policy.limit(day, currency, "cash"))
        for t in rows
        if rule.lower_fraction * limit <= _amount(t) < limit
    ]
    near.sort(key=lambda item: item[0])
    for start, direction, currency, limit, _ in near:
        window = [
            t
            for day, d, c, _, t in near
            if d == direction and c == currency and 0 <= (day - start).days < rule.window_days
        ]
        if len(window) >= rule.min_count:
            evidence = [
                line(
                    "cash_transaction",
                    day=t.date,
                    raw_date=t.raw_date,
                    amount=_amount(t),
                    page=t.page,
                    description=t.description,
                    currency=currency,
                )
                for t in window
            ]
            return [
                finding(
                    "AML_STRUCTURING",
                    count=len(window),
                    direction=direction,
                    threshold=limit,
                    currency=currency,
                    window=rule.window_days,
                    start=start,
                    evidence=evidence,
                )
            ]
    return []
