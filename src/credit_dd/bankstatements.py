"""Bank statements (银行流水) read into a transactions table.

The header row names the columns (交易日期/摘要/对方户名/借方发生额/贷方发生额/余额, or
Date/Description/Debits/Credits/Balance); every word below it is placed in the column whose
header is nearest. A row starts at a date; lines without one continue the description.
Statements that list deposits and withdrawals in separate sections with one AMOUNT column
(as US banks do) take the direction from the section title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from credit_dd.amounts import parse_amount
from credit_dd.pdftext import PdfText, TextLine, Word
from credit_dd.periods import detect_currency, find_dates

Role = Literal["date", "description", "counterparty", "debit", "credit", "amount", "balance", "other"]
ROLE_PATTERNS: list[tuple[Role, re.Pattern[str]]] = [
    ("counterparty", re.compile(r"对方户名|对方名称|对方账户名称|对方单位|交易对手|counterparty|payee|payer", re.I)),
    ("other", re.compile(r"对方账号|对方账户$|账号|凭证|流水号|币种|check number|reference|ref\.?$|渠道|网点", re.I)),
    ("date", re.compile(r"日期|date", re.I)),
    ("debit", re.compile(r"借方|支出|付出|debits?\b|withdrawals?|money out|paid out|payments?\b", re.I)),
    ("credit", re.compile(r"贷方|收入|存入|credits?\b|deposits?\b|money in|paid in|receipts?", re.I)),
    ("balance", re.compile(r"余额|balance", re.I)),
    ("amount", re.compile(r"交易金额|发生额|金额|amount", re.I)),
    ("description", re.compile(r"摘要|用途|附言|说明|description|details|particulars|memo|narrative", re.I)),
]
_CREDIT_SECTION = re.compile(r"deposits?|additions|credits|收入|存入", re.I)
_DEBIT_SECTION = re.compile(r"withdrawals|checks paid|debits|fees|charges|payments|支出", re.I)
_SKIP_SECTION = re.compile(
    r"daily (?:\w+ )?balance|balance summary|balancing your|service (?:fee|charge)|余额汇总", re.I
)
_TOTAL_LINE = re.compile(r"^(?:total|合计|本页合计|本期合计|subtotal|小计)", re.I)
_OPENING = re.compile(
    r"期初余额|上期余额|承前|opening balance|beginning balance|balance forward|previous balance", re.I
)
_CLOSING = re.compile(r"期末余额|本期余额|closing balance|ending balance|new balance", re.I)
_SHORT_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[-/](\d{1,2})(?:[-/]\d{2,4})?(?![\d/.-])")
_DATE_TOKEN = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$|^(\d{4})(\d{2})(\d{2})$|^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2,4}))?$"
)


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


@dataclass
class _Columns:
    roles: list[tuple[float, float, Role]]  # (x0, x1, role) of each header cell

    def role_at(self, word: Word, numeric: bool) -> Role:
        middle = (word.x0 + word.x1) / 2
        candidates = [c for c in self.roles if (c[2] in ("debit", "credit", "amount", "balance")) == numeric]
        if not candidates:
            return "other"
        return min(candidates, key=lambda c: _distance(middle, c[0], c[1]))[2]


def _distance(x: float, left: float, right: float) -> float:
    return 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))


def _header_cells(line: TextLine) -> list[tuple[float, float, Role]]:
    cells: list[list[Word]] = []
    for word in line.words:
        if cells and word.x0 - cells[-1][-1].x1 < 6:
            cells[-1].append(word)
        else:
            cells.append([word])
    roles: list[tuple[float, float, Role]] = []
    for cell in cells:
        text = " ".join(w.text for w in cell)
        role = next((r for r, pattern in ROLE_PATTERNS if pattern.search(text)), None)
        if role is None and len(cell) > 1:  # words set close together can still be separate headings
            roles.extend(_header_cells(TextLine(line.page, line.top, tuple(cell[:1]))))
            roles.extend(_header_cells(TextLine(line.page, line.top, tuple(cell[1:]))))
            continue
        roles.append((cell[0].x0, cell[-1].x1, role or "other"))
    return roles


def _is_header(line: TextLine) -> _Columns | None:
    roles = _header_cells(line)
    names = {r for _, _, r in roles}
    if names & {"date", "description"} and names & {"debit", "credit", "amount"} and len(line.words) <= 16:
        return _Columns(roles)
    return None


def day_first_order(text: str) -> bool:
    """Whether slash or dash dates in this text are day/month (03/11/2025 = 3 November).

    Decided by the dates that cannot be read the other way (a first part over 12 means
    day first); month first when nothing decides, as US statements print.
    """
    day_first = month_first = False
    for m in _SHORT_DATE.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        day_first |= first > 12 >= second
        month_first |= second > 12 >= first
    return day_first and not month_first


def parse_date_token(text: str, year_hint: int | None, day_first: bool = False) -> tuple[date | None, bool]:
    """(date, looks_like_a_date). ``02-29`` in a non-leap year is a date-shaped non-date."""
    m = _DATE_TOKEN.match(text.strip())
    if not m:
        return None, False
    if m.group(1) or m.group(4):
        y, mo, d = (
            (int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m.group(1)
            else (int(m.group(4)), int(m.group(5)), int(m.group(6)))
        )
    else:
        mo, d = (int(m.group(8)), int(m.group(7))) if day_first else (int(m.group(7)), int(m.group(8)))
        y = int(m.group(9)) if m.group(9) else (year_hint or 1900)
        y = y + 2000 if y < 100 else y
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None, False
    try:
        return date(y, mo, d), True
    except ValueError:
        return None, True


@dataclass
class _Row:
    raw_date: str
    day: date | None
    page: int
    y: float
    ocr: bool = False
    description: list[str] = field(default_factory=list)
    counterparty: list[str] = field(default_factory=list)
    amounts: dict[str, Decimal] = field(default_factory=dict)


def _section_title(line: TextLine) -> str | None:
    if len(line.words) > 8 or any(parse_amount(w.text) is not None for w in line.words):
        return None
    return line.text


@dataclass
class _Reader:
    """State while walking a statement's lines top to bottom."""

    year_hint: int | None
    day_first: bool = False
    columns: _Columns | None = None
    direction: Literal["debit", "credit"] | None = None
    skipping: bool = False
    open_row: _Row | None = None
    rows: list[_Row] = field(default_factory=list)

    def on_title(self, title: str) -> None:
        self.skipping = bool(_SKIP_SECTION.search(title))
        if _CREDIT_SECTION.search(title) and not _DEBIT_SECTION.search(title):
            self.direction, self.columns = "credit", None
        elif _DEBIT_SECTION.search(title):
            self.direction, self.columns = "debit", None

    def on_line(self, line: TextLine) -> None:
        title = _section_title(line)
        header = None if self.skipping and title is None else _is_header(line)
        if header is not None:
            self.columns, self.open_row = header, None
            return
        if title is not None and (
            _SKIP_SECTION.search(title) or _CREDIT_SECTION.search(title) or _DEBIT_SECTION.search(title)
        ):
            self.on_title(title)
            return
        if self.columns is None or self.skipping:
            return
        if _TOTAL_LINE.match(line.text):
            self.open_row = None
            return
        self._row_or_continuation(line)

    def _row_or_continuation(self, line: TextLine) -> None:
        assert self.columns is not None
        has_amount = any(parse_amount(w.text) is not None and not _DATE_TOKEN.match(w.text) for w in line.words)
        for index, word in enumerate(line.words[:3]):
            day, is_date = parse_date_token(word.text, self.year_hint, self.day_first)
            if is_date and (index == 0 or has_amount):
                started = _Row(word.text, day, line.page, line.top, ocr=word.fontname == "ocr")
                self._fill(started, line.words[:index] + line.words[index + 1 :])
                self.rows.append(started)
                self.open_row = started
                return
        open_row = self.open_row
        if open_row is not None and not has_amount and open_row.page == line.page and 0 < line.top - open_row.y < 40:
            self._fill(open_row, line.words)
            open_row.y = line.top

    def _fill(self, row: _Row, words: tuple[Word, ...] | list[Word]) -> None:
        assert self.columns is not None
        for word in words:
            amount = parse_amount(word.text)
            numeric = (
                amount is not None and any(ch.isdigit() for ch in word.text) and ("." in word.text or "," in word.text)
            )
            role = self.columns.role_at(word, numeric=numeric)
            if numeric and amount is not None:
                if role == "amount" and self.direction is not None:
                    role = self.direction
                row.amounts.setdefault(role, amount)
            elif role == "counterparty":
                row.counterparty.append(word.text)
            elif role != "other" or not numeric:
                row.description.append(word.text)


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def join_words(words: list[str]) -> str:
    """Join words with spaces, except between Chinese characters (a wrapped 摘要 is one word)."""
    text = ""
    for word in words:
        glue = "" if text and _CJK.match(text[-1]) and _CJK.match(word[0]) else " "
        text = f"{text}{glue}{word}" if text else word
    return text


def _transaction(row: _Row, currency: str) -> Transaction:
    debit = abs(row.amounts.get("debit", Decimal(0)))
    credit = abs(row.amounts.get("credit", Decimal(0)))
    signed = row.amounts.get("amount")
    if signed is not None:
        debit, credit = (abs(signed), Decimal(0)) if signed < 0 else (Decimal(0), signed)
    balance = row.amounts.get("balance")
    return Transaction(
        date=row.day,
        raw_date=row.raw_date,
        description=join_words(row.description),
        counterparty=join_words(row.counterparty) or None,
        debit=float(debit),
        credit=float(credit),
        balance=float(balance) if balance is not None else None,
        currency=currency,
        page=row.page,
        y=round(row.y, 1),
        ocr=row.ocr,
    )


def _printed_balance(lines: list[TextLine], pattern: re.Pattern[str]) -> float | None:
    for line in lines:
        if pattern.search(line.text):
            amounts = [parse_amount(w.text) for w in line.words if "." in w.text]
            values = [a for a in amounts if a is not None]
            if values:
                return float(values[-1])
    return None


def extract_bank_statement(pdf: PdfText, file: str, default_currency: str = "CNY") -> BankStatement | None:
    """The statement's transactions, balances and period, or ``None`` when it has no table."""
    head_text = pdf.pages[0].text if pdf.pages else ""
    dates = find_dates(head_text)
    year_hint = max(dates).year if dates else None
    reader = _Reader(year_hint, day_first_order(pdf.text))
    for page in pdf.pages:
        reader.open_row = None
        for line in page.lines:
            reader.on_line(line)
    if not reader.rows:
        return None
    currency = detect_currency(pdf.text[:5000]) or default_currency
    transactions = [_transaction(row, currency) for row in reader.rows]
    all_lines = [line for page in pdf.pages for line in page.lines]
    printed_opening = _printed_balance(all_lines, _OPENING)
    first = transactions[0]
    derived_opening = None if first.balance is None else round(first.balance - first.credit + first.debit, 2)
    closing = _printed_balance(all_lines, _CLOSING)
    if closing is None:
        closing = next((t.balance for t in reversed(transactions) if t.balance is not None), None)
    known = [t.date for t in transactions if t.date is not None]
    return BankStatement(
        file=file,
        currency=currency,
        period_start=min(dates + known) if dates or known else None,
        period_end=max(dates + known) if dates or known else None,
        opening_balance=printed_opening if printed_opening is not None else derived_opening,
        closing_balance=closing,
        opening_printed=printed_opening is not None,
        transactions=transactions,
    )
