"""Bank-flow analytics: monthly flows, balances, counterparties, related parties, round trips."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel
from rapidfuzz import fuzz

from credit_dd.bankstatements import BankStatement, Transaction
from credit_dd.findings import Finding
from credit_dd.watchlist import normalise_name


class MonthlyFlow(BaseModel):
    month: str
    inflows: float
    outflows: float
    closing_balance: float | None


class CounterpartyShare(BaseModel):
    name: str
    inflows: float
    outflows: float
    share_of_inflows: float


class BankAnalytics(BaseModel):
    """What the statements show about the business's cash."""

    months: list[MonthlyFlow]
    average_balance: float | None
    minimum_balance: float | None
    minimum_balance_date: str | None
    top_counterparties: list[CounterpartyShare]
    balances: list[tuple[str, float]]


def _transactions(statements: list[BankStatement]) -> list[Transaction]:
    return sorted((t for s in statements for t in s.transactions if t.date is not None), key=lambda t: t.date)  # type: ignore[arg-type,return-value]


def analyse_flows(statements: list[BankStatement]) -> BankAnalytics | None:
    """Monthly inflows and outflows, balance statistics and the largest counterparties."""
    rows = _transactions(statements)
    if not rows:
        return None
    months: dict[str, list[Transaction]] = defaultdict(list)
    for t in rows:
        months[f"{t.date:%Y-%m}"].append(t)
    monthly = [
        MonthlyFlow(
            month=m,
            inflows=round(sum(t.credit for t in ts), 2),
            outflows=round(sum(t.debit for t in ts), 2),
            closing_balance=next((t.balance for t in reversed(ts) if t.balance is not None), None),
        )
        for m, ts in sorted(months.items())
    ]
    balanced = [t for t in rows if t.balance is not None]
    lowest = min(balanced, key=lambda t: t.balance or 0.0, default=None)
    return BankAnalytics(
        months=monthly,
        average_balance=round(sum(t.balance or 0.0 for t in balanced) / len(balanced), 2) if balanced else None,
        minimum_balance=lowest.balance if lowest else None,
        minimum_balance_date=str(lowest.date) if lowest else None,
        top_counterparties=_counterparties(rows),
        balances=[(str(t.date), t.balance or 0.0) for t in balanced],
    )


def _counterparties(rows: list[Transaction]) -> list[CounterpartyShare]:
    inflows: dict[str, float] = defaultdict(float)
    outflows: dict[str, float] = defaultdict(float)
    for t in rows:
        name = t.counterparty or t.description or "?"
        inflows[name] += t.credit
        outflows[name] += t.debit
    total_in = sum(inflows.values()) or 1.0
    names = sorted(set(inflows) | set(outflows), key=lambda n: -(inflows[n] + outflows[n]))[:5]
    return [
        CounterpartyShare(
            name=n,
            inflows=round(inflows[n], 2),
            outflows=round(outflows[n], 2),
            share_of_inflows=round(inflows[n] / total_in, 4),
        )
        for n in names
    ]


def _matches(name: str, party: str, threshold: float) -> bool:
    a, b = normalise_name(name), normalise_name(party)
    return bool(a and b) and (a == b or fuzz.token_sort_ratio(a, b) >= threshold)


def related_party_findings(
    statements: list[BankStatement], related: list[str], threshold: float = 90.0
) -> list[Finding]:
    """RELATED_PARTY_FLOWS: money to or from a related party named in the form."""
    rows = _transactions(statements)
    findings = []
    for party in related:
        flows = [t for t in rows if _matches(t.counterparty or t.description, party, threshold)]
        if flows:
            inflow, outflow = sum(t.credit for t in flows), sum(t.debit for t in flows)
            findings.append(
                Finding(
                    code="RELATED_PARTY_FLOWS",
                    severity="warning",
                    message=f"{len(flows)} transaction(s) with related party {party}: in {inflow:,.2f}, out {outflow:,.2f}",
                    evidence=[
                        f"{t.date} {t.counterparty or t.description} {'+' if t.credit else '-'}{t.credit or t.debit:,.2f} (page {t.page})"
                        for t in flows[:8]
                    ],
                )
            )
    return findings


def round_trip_findings(statements: list[BankStatement], days: int = 30, tolerance: float = 0.10) -> list[Finding]:
    """ROUND_TRIPPING: money out to a party and back from the same party within days, for about the same amount."""
    rows = [t for t in _transactions(statements) if t.counterparty]
    trips = []
    for out in (t for t in rows if t.debit > 0):
        back = next(
            (
                t
                for t in rows
                if t.credit > 0
                and t.counterparty == out.counterparty
                and out.date
                and t.date
                and 0 <= (t.date - out.date).days <= days
                and abs(t.credit - out.debit) <= tolerance * out.debit
            ),
            None,
        )
        if back is not None:
            trips.append(
                f"{out.counterparty}: out {out.debit:,.2f} on {out.date}, back {back.credit:,.2f} on {back.date}"
            )
    if not trips:
        return []
    return [
        Finding(
            code="ROUND_TRIPPING",
            severity="warning",
            message=f"{len(trips)} payment(s) came back from the same party within {days} days",
            evidence=trips[:8],
        )
    ]
