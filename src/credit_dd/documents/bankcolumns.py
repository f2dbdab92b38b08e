"""The header row of a bank statement's table: which column is which, as far as its words say.

A header names the columns (交易日期/摘要/对方户名/借方发生额/贷方发生额/余额, Date/Description/
Money out/Money in/Balance); it may be set on two lines (``Money`` over ``out``). Words no
vocabulary knows (``Spent``, ``Out``) leave a column's role open: the running balance decides it
later (``bankroles``). The words only place figures in columns; what a column means is proved by
the arithmetic wherever the statement prints a balance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from credit_dd.documents.bankfigures import money
from credit_dd.documents.pdftext import TextLine, Word

Role = Literal["date", "description", "counterparty", "debit", "credit", "amount", "balance", "other"]
NUMERIC: frozenset[Role] = frozenset({"debit", "credit", "amount", "balance"})
ROLE_PATTERNS: list[tuple[Role, re.Pattern[str]]] = [
    ("counterparty", re.compile(r"对方户名|对方名称|对方账户名称|对方单位|交易对手|counterparty|payee|payer", re.I)),
    ("other", re.compile(r"对方账号|对方账户$|账号|凭证|流水号|币种|check number|reference|ref\.?$|渠道|网点", re.I)),
    ("date", re.compile(r"日期|\bdate\b", re.I)),
    ("debit", re.compile(r"借方|支出|付出|debits?\b|withdrawals?|money out|paid out|payments?\b|^dr\.?$", re.I)),
    ("credit", re.compile(r"贷方|收入|存入|credits?\b|deposits?\b|money in|paid in|receipts?|^cr\.?$", re.I)),
    ("balance", re.compile(r"余额|balance", re.I)),
    ("amount", re.compile(r"交易金额|发生额|金额|amount", re.I)),
    (
        "description",
        re.compile(r"摘要|用途|附言|说明|description|details|particulars|memo|narrative|transaction", re.I),
    ),
]
STACK_GAP = 14.0  # points: a header's second line sits this close under its first


@dataclass(frozen=True)
class Column:
    """One header cell: where it is and what its words say (``None``: figures whose words no one knows)."""

    x0: float
    x1: float
    role: Role | None


@dataclass(frozen=True)
class Columns:
    """The columns of one table, left to right."""

    cells: tuple[Column, ...]

    def nearest(self, word: Word, numeric: bool) -> int | None:
        """The index of the column a word falls under: figures go to figure columns, words to text columns."""
        middle = (word.x0 + word.x1) / 2
        fits = [i for i, c in enumerate(self.cells) if (c.role is None or c.role in NUMERIC) == numeric]
        if not fits:
            return None
        return min(fits, key=lambda i: _distance(middle, self.cells[i].x0, self.cells[i].x1))

    def has(self, role: Role) -> bool:
        return any(c.role == role for c in self.cells)


def _distance(x: float, left: float, right: float) -> float:
    return 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))


def _cells(words: tuple[Word, ...]) -> list[list[Word]]:
    cells: list[list[Word]] = []
    for word in words:
        if cells and word.x0 - cells[-1][-1].x1 < 6:
            cells[-1].append(word)
        else:
            cells.append([word])
    return cells


def _roles(words: tuple[Word, ...]) -> list[Column]:
    out: list[Column] = []
    for cell in _cells(words):
        text = " ".join(w.text for w in cell)
        role = next((r for r, pattern in ROLE_PATTERNS if pattern.search(text)), None)
        if role is None and len(cell) > 1:  # words set close together can still be separate headings
            out += _roles(tuple(cell[:1])) + _roles(tuple(cell[1:]))
            continue
        out.append(Column(cell[0].x0, cell[-1].x1, role))
    return out


def header_columns(line: TextLine) -> Columns | None:
    """The line's columns when it reads as a transactions header (a date or description column and a
    figure column), else ``None``."""
    if any(money(w.text) is not None and "." in w.text for w in line.words) or len(line.words) > 16:
        return None  # a row with figures, whatever its words say ("BILL PAYMENT … MANDATE")
    columns = _roles(line.words)
    roles = [c.role for c in columns]
    if roles.count("date") > 1:
        return None  # STATEMENT DATE … PAYMENT DUE DATE: a summary box, not the rows' header
    if {"date", "description"} & set(roles) and NUMERIC & set(roles) - {"balance"}:
        return Columns(tuple(columns))
    return None


def stacked(upper: TextLine, lower: TextLine) -> TextLine | None:
    """A header set on two lines, as one line: each lower word joins the upper word above it."""
    if lower.page != upper.page or not 0 < lower.top - upper.top <= STACK_GAP:
        return None
    if any(money(w.text) is not None for w in (*upper.words, *lower.words)):
        return None
    words = list(upper.words)
    for word in lower.words:
        above = [i for i, w in enumerate(words) if min(w.x1, word.x1) - max(w.x0, word.x0) > -2]
        if above:
            i = above[0]
            words[i] = Word(
                f"{words[i].text} {word.text}", min(words[i].x0, word.x0), max(words[i].x1, word.x1), upper.top
            )
        else:
            words.append(Word(word.text, word.x0, word.x1, upper.top, word.fontname))
    return TextLine(upper.page, upper.top, tuple(sorted(words, key=lambda w: w.x0)))
