"""What each figure column of a bank statement means, proved by its running balance.

A statement is a list of dated rows whose balance the amounts explain: each printed balance is
the one before it plus money in less money out. So the balance column is the one whose steps
the other figures of the row account for, and a column is money in when the balance rises by
its figures and money out when it falls (a signed column does both, as its signs say). Header
words only suggest roles; where the balance proves otherwise, the balance wins, and where no
balance is printed, the printed opening and closing balances decide between two columns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from typing import Literal

Meaning = Literal["credit", "debit", "amount", "unsigned", "balance"]
Figures = dict[str, Decimal]  # column key -> the figure as printed (signed when printed so)
CENT = Decimal("0.005")
MAJORITY = 0.5  # share of balance steps a column must explain to be the running balance


@dataclass
class Reading:
    """The meaning of each column, and how many of the balance's steps the amounts explain."""

    meanings: dict[str, Meaning] = field(default_factory=dict)
    explained: int = 0
    steps: int = 0


def _steps(rows: list[Figures], balance: str, opening: Decimal | None) -> list[tuple[int, Decimal]]:
    """(row index, change of the balance at that row) wherever the balance before it is known."""
    out, previous = [], opening
    for index, row in enumerate(rows):
        if balance not in row:
            continue
        if previous is not None:
            out.append((index, row[balance] - previous))
        previous = row[balance]
    return out


def _explaining(row: Figures, balance: str, change: Decimal) -> list[str]:
    return [k for k, v in row.items() if k != balance and change != 0 and abs(abs(v) - abs(change)) < CENT]


def _score(rows: list[Figures], balance: str, opening: Decimal | None) -> tuple[int, int]:
    steps = _steps(rows, balance, opening)
    return sum(bool(_explaining(rows[i], balance, change)) for i, change in steps), len(steps)


def balance_column(rows: list[Figures], opening: Decimal | None) -> tuple[str | None, int, int]:
    """The column whose steps the other figures explain best (most of them), with (explained, steps)."""
    counts = Counter(k for row in rows for k in row)
    best: tuple[str | None, int, int] = (None, 0, 0)
    for key, present in counts.items():
        if present < max(2, len(rows) // 2):
            continue
        explained, steps = _score(rows, key, opening)
        if steps and explained / steps >= MAJORITY and explained > best[1]:
            best = (key, explained, steps)
    return best


def _meaning(votes: Counter[str], signed: bool) -> Meaning | None:
    """A column's meaning from how the balance moved with its figures (``up``/``down``, whether the printed
    sign agreed). A column printing signs (or Dr/Cr marks) says each row's direction itself."""
    up, down = votes["up"], votes["down"]
    if up + down == 0:
        return None
    if signed:
        return "amount" if votes["signed_agree"] >= 0.9 * (up + down) else None
    if down <= 0.05 * (up + down):
        return "credit"
    if up <= 0.05 * (up + down):
        return "debit"
    return "unsigned"


def by_balance(rows: list[Figures], opening: Decimal | None) -> Reading:
    """The meanings the running balance proves, when one column is a running balance."""
    balance, explained, steps = balance_column(rows, opening)
    if balance is None:
        return Reading()
    votes: dict[str, Counter[str]] = {}
    for index, change in _steps(rows, balance, opening):
        for key in _explaining(rows[index], balance, change):
            value = rows[index][key]
            tally = votes.setdefault(key, Counter())
            tally["up" if change > 0 else "down"] += 1
            tally["signed_agree"] += (value < 0) == (change < 0)
    signed = {k for row in rows for k, v in row.items() if v < 0}
    meanings: dict[str, Meaning] = {balance: "balance"}
    for key, tally in votes.items():
        if (meaning := _meaning(tally, key in signed)) is not None:
            meanings[key] = meaning
    return Reading(meanings, explained, steps)


def by_summary(
    rows: list[Figures], unnamed: list[str], named: dict[str, Meaning], opening: Decimal | None, closing: Decimal | None
) -> Reading:
    """Columns without a running balance or a known word: money in and money out are what takes the printed
    opening balance to the printed closing one. Without those, a single unknown column beside a money-out
    (or money-in) column is the other direction."""
    if not unnamed or len(unnamed) > 2:
        return Reading()
    if opening is None or closing is None:
        present = {m for m in named.values() if m in ("credit", "debit")}
        if len(unnamed) == 1 and len(present) == 1:
            return Reading({unnamed[0]: "debit" if present == {"credit"} else "credit"})
        return Reading()
    ways: tuple[Meaning, Meaning] = ("credit", "debit")
    gaps = sorted(
        (abs(opening + _net(rows, named | dict(zip(unnamed, option, strict=True))) - closing), option)
        for option in product(ways, repeat=len(unnamed))
    )
    if gaps[0][0] * 2 >= gaps[1][0]:
        return Reading()  # no way round is clearly the statement's own arithmetic
    return Reading(dict(zip(unnamed, gaps[0][1], strict=True)))


def _net(rows: list[Figures], meanings: dict[str, Meaning]) -> Decimal:
    """Money in less money out over the rows, by the columns' meanings."""
    total = Decimal(0)
    for row in rows:
        for key, value in row.items():
            meaning = meanings.get(key)
            total += {"credit": abs(value), "debit": -abs(value), "amount": value}.get(meaning or "", Decimal(0))
    return total


def direction(meaning: Meaning, value: Decimal, change: Decimal | None) -> Literal["credit", "debit"] | None:
    """Which way one figure moved money: by its column, its sign, or (an unsigned column) the balance."""
    if meaning in ("credit", "debit"):
        return meaning
    if meaning == "amount":
        return "credit" if value > 0 else "debit"
    if meaning == "unsigned" and change is not None and change != 0:
        return "credit" if change > 0 else "debit"
    return None
