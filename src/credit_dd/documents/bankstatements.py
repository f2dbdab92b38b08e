"""Bank statements (银行流水) read into a transactions table, whatever bank printed them.

The rows are read as printed (``bankrows``); what each figure column means is proved by the
statement's own arithmetic (``bankroles``): the running balance is the column the amounts
explain, money in is what raises it. A header's words are tried first; where they leave the
table unread or the balance unexplained, the figures' alignment alone makes the columns. The
summary (opening and closing balance, totals in and out) is read wherever it is printed
(``bankfigures``). How a statement was recognised is kept: by its running balance, by its
opening and closing balances, or only by its header's words.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from credit_dd.documents import bankfigures as figures
from credit_dd.documents.bankdates import full_date_tokens, within_year
from credit_dd.documents.bankroles import Figures, Meaning, Reading, by_balance, by_summary, direction
from credit_dd.documents.bankrows import Figure, Row, read_rows
from credit_dd.documents.pdftext import PdfText, TextLine
from credit_dd.documents.periods import detect_currency, find_dates

Recognition = Literal["running_balance", "opening_closing", "header"]
_CARD = re.compile(r"credit\s*card|card\s*statement|card\s*account|信用卡", re.I)
_CARRIED = re.compile(r"carried forward|balance c/f|过次页", re.I)
COLUMN_GAP = 12.0  # points between the right edges of two figure columns with no header over them


class Transaction(BaseModel):
    """One statement row. ``date`` is ``None`` when the printed date does not exist."""

    date: dt.date | None
    raw_date: str
    description: str
    counterparty: str | None
    debit: float
    credit: float
    balance: float | None
    currency: str
    page: int
    y: float
    ocr: bool = False


class BankStatement(BaseModel):
    """A bank statement as read: its rows, balances and period."""

    file: str
    currency: str
    period_start: date | None
    period_end: date | None
    opening_balance: float | None
    closing_balance: float | None
    opening_printed: bool
    transactions: list[Transaction]
    printed_total_in: float | None = None  # the statement's own total of money in, where it prints one
    printed_total_out: float | None = None
    ocr: bool = False  # some of it was read by OCR: its figures are lower-confidence evidence
    recognised_by: Recognition = "header"


@dataclass
class _Summary:
    opening: float | None
    closing: float | None
    total_in: float | None
    total_out: float | None


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def join_words(words: list[str]) -> str:
    """Join words with spaces, except between Chinese characters (a wrapped 摘要 is one word)."""
    text = ""
    for word in words:
        glue = "" if text and _CJK.match(text[-1]) and _CJK.match(word[0]) else " "
        text = f"{text}{glue}{word}" if text else word
    return text


def _column_keys(rows: list[Row]) -> list[Figures]:
    """Each row's figures by column: a header's role where it names one, else the column their right
    edges line up in (``@0``, ``@1`` … left to right). Two figures of a row in one column: the one
    whose right edge lines up with the column's figures on the other rows is kept (a rate printed in
    the description is not the amount); ``_dropped`` counts the rows that lost one."""
    edges = sorted(f.x for row in rows for f in row.figures if f.hint is None)
    clusters: list[float] = []  # the right edge of each unnamed column
    for x in edges:
        if not clusters or x - clusters[-1] > COLUMN_GAP:
            clusters.append(x)
        else:
            clusters[-1] = x

    def key(f: Figure) -> str:
        return f.hint or f"@{next(i for i, edge in enumerate(clusters) if f.x <= edge + 0.01)}"

    alone: dict[str, list[float]] = {}  # each column's right edges on the rows with one figure in it
    for row in rows:
        keys = [key(f) for f in row.figures]
        for f, k in zip(row.figures, keys, strict=True):
            if keys.count(k) == 1:
                alone.setdefault(k, []).append(f.x)
    usual = {k: statistics.median(xs) for k, xs in alone.items()}
    out = []
    for row in rows:
        keyed: Figures = {}
        at: dict[str, float] = {}
        for f in row.figures:
            k = key(f)
            if k not in keyed or (k in usual and abs(f.x - usual[k]) < abs(at[k] - usual[k])):
                keyed[k], at[k] = f.value, f.x
        out.append(keyed)
    return out


def _dropped(rows: list[Row], keyed: list[Figures]) -> int:
    """Rows with a printed figure that no column kept: two of the row's figures taken for one column."""
    return sum(len(row.figures) > len(figures) for row, figures in zip(rows, keyed, strict=True))


def _meanings(keyed: list[Figures], summary: _Summary) -> tuple[dict[str, Meaning], Reading]:
    """What each column means: proved by the running balance where there is one, else the header's word,
    else (two unnamed columns) the printed opening and closing balances."""
    opening = Decimal(str(summary.opening)) if summary.opening is not None else None
    reading = by_balance(keyed, opening)
    keys = list(dict.fromkeys(k for row in keyed for k in row))
    proved_balance = "balance" in reading.meanings.values()
    named: tuple[Meaning, ...] = (
        ("credit", "debit", "amount") if proved_balance else ("credit", "debit", "amount", "balance")
    )
    meanings: dict[str, Meaning] = {m: m for m in named if m in keys}
    meanings |= reading.meanings
    unnamed = [k for k in keys if k not in meanings]
    if unnamed and not proved_balance:
        signed = {k for row in keyed for k, v in row.items() if k in unnamed and v < 0}
        meanings |= {k: "amount" for k in signed}  # a column printing signs (or Dr/Cr) says each row's way
        closing = Decimal(str(summary.closing)) if summary.closing is not None else None
        unnamed = [k for k in unnamed if k not in meanings]
        meanings |= by_summary(keyed, unnamed, meanings, opening, closing).meanings
    return meanings, reading


def _transactions(
    rows: list[Row], keyed: list[Figures], meanings: dict[str, Meaning], currency: str, card: bool
) -> list[Transaction]:
    out, previous = [], None
    for row, figs in zip(rows, keyed, strict=True):
        balance = next((v for k, v in figs.items() if meanings.get(k) == "balance"), None)
        change: Decimal | None = balance - previous if balance is not None and previous is not None else None
        previous = balance if balance is not None else previous
        moved = {"credit": Decimal(0), "debit": Decimal(0)}
        resolved = balance is not None
        for key, value in figs.items():
            meaning = meanings.get(key)
            if meaning is None or meaning == "balance":
                continue
            signed = -value if card and meaning == "amount" else value  # a card prints charges positive
            way = direction(meaning, signed, change)
            if way is not None:
                moved[way] += abs(signed)
                resolved = True
        if resolved:
            out.append(_transaction(row, moved, balance, currency))
    return out


def _transaction(row: Row, moved: dict[str, Decimal], balance: Decimal | None, currency: str) -> Transaction:
    return Transaction(
        date=row.day,
        raw_date=row.raw_date,
        description=join_words(row.description),
        counterparty=join_words(row.counterparty) or None,
        debit=float(moved["debit"]),
        credit=float(moved["credit"]),
        balance=float(balance) if balance is not None else None,
        currency=currency,
        page=row.page,
        y=round(row.y, 1),
        ocr=row.ocr,
    )


def _summary(lines: list[TextLine], rows: list[Row]) -> _Summary:
    """The balances and totals the statement prints about itself (its summary box, its bottom lines)."""
    opening = figures.printed_figure(lines, figures.OPENING)
    carried = any(_CARRIED.search(line.text) for line in lines)  # once a page: the last one closes the statement
    closing = figures.printed_figure(lines, figures.CLOSING, last=carried)
    dated = figures.dated_balances(lines)
    days = [r.day for r in rows if r.day is not None]
    if dated and opening is None and (len(dated) > 1 or (days and dated[0][0] <= min(days))):
        opening = dated[0][1]
    if dated and closing is None and (len(dated) > 1 or (days and dated[-1][0] >= max(days))):
        closing = dated[-1][1]
    total_in = figures.printed_figure(lines, figures.TOTAL_IN)
    total_out = figures.printed_figure(lines, figures.TOTAL_OUT)
    return _Summary(opening, closing, total_in, total_out)


def _totals(
    summary: _Summary, totals: list[Figures], meanings: dict[str, Meaning]
) -> tuple[float | None, float | None]:
    """Totals printed as words, else as a totals row under the money-in and money-out columns."""
    found = {"credit": summary.total_in, "debit": summary.total_out}
    for key, value in (totals[0] if len(totals) == 1 else {}).items():  # page totals (本页合计) are not the total
        meaning = meanings.get(key)
        if meaning in found and found[meaning] is None:
            found[meaning] = float(abs(value))
    return found["credit"], found["debit"]


def _reading(pdf: PdfText, year_hint: int | None, headerless: bool) -> _Table | None:
    rows, totals = read_rows(pdf, year_hint, headerless)
    if not rows:
        return None
    lines = [line for page in pdf.pages for line in page.lines]
    summary = _summary(lines, rows)
    keyed = _column_keys(rows + totals)
    meanings, reading = _meanings(keyed[: len(rows)], summary)
    table = _Table(rows, keyed[: len(rows)], keyed[len(rows) :], summary, meanings, reading)
    table.dropped = _dropped(rows, table.keyed)
    return table


@dataclass
class _Table:
    rows: list[Row]
    keyed: list[Figures]
    totals: list[Figures]
    summary: _Summary
    meanings: dict[str, Meaning]
    reading: Reading
    dropped: int = 0  # rows with a figure no column kept

    @property
    def trusted(self) -> bool:
        """Money columns are known, no column was lost (a header that lost one, say a balance under a
        header set on two lines, leaves a figure of most rows without a column; a stray figure in one
        row's description does not), and a running balance, if there is one, is explained by them."""
        meanings = set(self.meanings.values())
        lost = self.dropped >= max(2, len(self.rows) // 2)
        return bool(meanings - {"balance"}) and not lost and (self.explained or "balance" not in meanings)

    @property
    def explained(self) -> bool:
        """The running balance is proved: the amounts explain most of its steps."""
        return self.reading.steps > 0 and self.reading.explained >= max(1, self.reading.steps // 2)


def _best_table(pdf: PdfText, year_hint: int | None) -> _Table | None:
    """The header's reading, unless the figures' alignment alone explains the running balance better."""
    by_header = _reading(pdf, year_hint, headerless=False)
    if by_header is not None and by_header.trusted:
        return by_header
    by_alignment = _reading(pdf, year_hint, headerless=True)
    candidates = [t for t in (by_header, by_alignment) if t is not None]
    return max(candidates, key=lambda t: (t.explained, t.reading.explained), default=None)


def _recognition(table: _Table) -> Recognition:
    if table.explained and table.reading.explained >= 2:
        return "running_balance"
    if table.summary.opening is not None and table.summary.closing is not None:
        return "opening_closing"
    return "header"


def extract_bank_statement(pdf: PdfText, file: str, default_currency: str = "CNY") -> BankStatement | None:
    """The statement's transactions, balances and period, or ``None`` when it has no table of dated rows."""
    head_text = pdf.pages[0].text if pdf.pages else ""
    dates = find_dates(head_text) + full_date_tokens(pdf.pages[0].lines if pdf.pages else ())
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", head_text)]
    # No full date at the top (or none OCR could read): a year printed there still dates "Jun 11".
    table = _best_table(pdf, max(dates).year if dates else max(years, default=None))
    if table is None:
        return None
    statement_date = max(dates) if dates else None
    for row in table.rows:
        row.day = within_year(row.day, row.raw_date, statement_date)
    currency = detect_currency(pdf.text[:5000]) or default_currency
    card = bool(_CARD.search(head_text)) and not {"credit", "debit"} & set(table.meanings.values())
    transactions = _transactions(table.rows, table.keyed, table.meanings, currency, card)
    if not transactions:
        return None
    return _statement(file, currency, table, transactions, dates, any(p.ocr for p in pdf.pages))


def _statement(
    file: str, currency: str, table: _Table, transactions: list[Transaction], dates: list[date], ocr: bool
) -> BankStatement:
    summary, first = table.summary, transactions[0]
    derived_opening = None if first.balance is None else round(first.balance - first.credit + first.debit, 2)
    closing = summary.closing
    if closing is None:
        closing = next((t.balance for t in reversed(transactions) if t.balance is not None), None)
    known = [t.date for t in transactions if t.date is not None] or dates  # rows date the period; prose does not
    total_in, total_out = _totals(summary, table.totals, table.meanings)
    return BankStatement(
        file=file,
        currency=currency,
        period_start=min(known) if known else None,
        period_end=max(known) if known else None,
        opening_balance=summary.opening if summary.opening is not None else derived_opening,
        closing_balance=closing,
        opening_printed=summary.opening is not None,
        transactions=transactions,
        printed_total_in=total_in,
        printed_total_out=total_out,
        ocr=ocr,
        recognised_by=_recognition(table),
    )
