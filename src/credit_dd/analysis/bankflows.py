"""Bank-flow analytics: monthly flows, balances, counterparties, related parties, round trips."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from pydantic import BaseModel

from credit_dd.documents.bankstatements import BankStatement, Transaction
from credit_dd.names import normalise_name


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


class Overdraft(BaseModel):
    """Days an account ended overdrawn, and its lowest end-of-day balance."""

    file: str
    days: int
    lowest: float
    lowest_on: str


class BankAnalytics(BaseModel):
    """What the statements show about the business's cash, as a bank reads it.

    ``daily_average_balance`` (日均余额) weights every calendar day the statements cover by the
    balance at its end (the accounts' balances summed); ``average_balance`` is the plain mean of
    the printed balances. Inflow stability is over the months the statements cover in full.
    """

    months: list[MonthlyFlow]
    average_balance: float | None
    minimum_balance: float | None
    minimum_balance_date: str | None
    top_counterparties: list[CounterpartyShare]
    balances: list[tuple[str, float]]
    daily_average_balance: float | None = None
    overdrafts: list[Overdraft] = []
    top_inflow_share: float | None = None  # the largest counterparties' share of inflows (policy's top N)
    top_inflow_names: list[str] = []
    largest_inflow_share: float | None = None
    inflow_cv: float | None = None  # coefficient of variation of full months' inflows
    low_inflow_months: list[str] = []  # full months with inflows below half the monthly mean


def all_transactions(statements: list[BankStatement]) -> list[Transaction]:
    return sorted((t for s in statements for t in s.transactions if t.date is not None), key=lambda t: t.date)  # type: ignore[arg-type,return-value]


def end_of_day_balances(statement: BankStatement) -> dict[date, float]:
    """Each calendar day the statement covers → the balance at its end (carried over quiet days)."""
    rows = [t for t in statement.transactions if t.date is not None and t.balance is not None]
    start = statement.period_start or (rows[0].date if rows else None)
    end = statement.period_end or (rows[-1].date if rows else None)
    if start is None or end is None or end < start:
        return {}
    by_day: dict[date, float] = {}
    for t in rows:
        by_day[t.date] = t.balance  # type: ignore[index,assignment]  # the day's last printed balance
    balance = statement.opening_balance
    if balance is None and rows:
        first = rows[0]
        balance = (first.balance or 0.0) - first.credit + first.debit
    out: dict[date, float] = {}
    day = start
    while day <= end:
        balance = by_day.get(day, balance)
        if balance is not None:
            out[day] = balance
        day += timedelta(days=1)
    return out


def daily_average(statements: list[BankStatement]) -> float | None:
    """The day-weighted average balance (日均余额) of all accounts together."""
    total: dict[date, float] = defaultdict(float)
    for statement in statements:
        for day, balance in end_of_day_balances(statement).items():
            total[day] += balance
    return round(sum(total.values()) / len(total), 2) if total else None


def average_balance(statements: list[BankStatement]) -> float | None:
    """The mean of the balances the rows print."""
    balances = [t.balance for t in all_transactions(statements) if t.balance is not None]
    return round(sum(balances) / len(balances), 2) if balances else None


def overdrafts(statements: list[BankStatement]) -> list[Overdraft]:
    """Per account, the days it ended overdrawn (a negative end-of-day balance)."""
    out = []
    for statement in statements:
        negative = {d: b for d, b in end_of_day_balances(statement).items() if b < 0}
        if negative:
            day = min(negative, key=lambda d: negative[d])
            out.append(Overdraft(file=statement.file, days=len(negative), lowest=negative[day], lowest_on=str(day)))
    return out


def _full_months(statements: list[BankStatement]) -> set[str]:
    months: set[str] = set()
    for s in statements:
        if not s.period_start or not s.period_end:
            continue
        day = s.period_start
        while day <= s.period_end:
            last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            if day.day == 1 and last <= s.period_end:
                months.add(f"{day:%Y-%m}")
            day = last + timedelta(days=1)
    return months


def inflow_stability(monthly: list[MonthlyFlow], full: set[str]) -> tuple[float | None, list[str]]:
    """Coefficient of variation of the full months' inflows, and the months below half their mean."""
    flows = [(m.month, m.inflows) for m in monthly if m.month in full]
    if len(flows) < 3:
        return None, []
    values = [v for _, v in flows]
    mean = sum(values) / len(values)
    if mean <= 0:
        return None, []
    cv = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 / mean
    return round(cv, 4), [m for m, v in flows if v < mean / 2]


def analyse_flows(statements: list[BankStatement], top: int) -> BankAnalytics | None:
    """Monthly inflows and outflows, balance statistics, concentration and stability."""
    rows = all_transactions(statements)
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
    inflows = _inflows_by_counterparty(rows)
    total_in = sum(inflows.values())
    largest = sorted(inflows, key=lambda n: -inflows[n])[:top]
    cv, low = inflow_stability(monthly, _full_months(statements))
    return BankAnalytics(
        daily_average_balance=daily_average(statements),
        overdrafts=overdrafts(statements),
        top_inflow_share=round(sum(inflows[n] for n in largest) / total_in, 4) if total_in > 0 else None,
        top_inflow_names=largest,
        largest_inflow_share=round(inflows[largest[0]] / total_in, 4) if largest and total_in > 0 else None,
        inflow_cv=cv,
        low_inflow_months=low,
        months=monthly,
        average_balance=average_balance(statements),
        minimum_balance=lowest.balance if lowest else None,
        minimum_balance_date=str(lowest.date) if lowest else None,
        top_counterparties=_counterparties(rows),
        balances=[(str(t.date), t.balance or 0.0) for t in balanced],
    )


def _inflows_by_counterparty(rows: list[Transaction]) -> dict[str, float]:
    """Inflows by counterparty, one payer however its name is spelt (normalised), under the name as
    first printed (what the report quotes)."""
    inflows: dict[str, float] = defaultdict(float)
    printed: dict[str, str] = {}
    for t in rows:
        if t.credit > 0:
            name = t.counterparty or t.description or "?"
            key = normalise_name(name) or "?"
            inflows[printed.setdefault(key, name)] += t.credit
    return inflows


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
