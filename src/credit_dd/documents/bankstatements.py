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

from credit_dd.documents.amounts import parse_amount, signed_by_dr_cr
from credit_dd.documents.pdftext import PdfText, TextLine, Word
from credit_dd.documents.periods import detect_currency, find_dates

Role = Literal["date", "description", "counterparty", "debit", "credit", "amount", "balance", "other"]
ROLE_PATTERNS: list[tuple[Role, re.Pattern[str]]] = [
    ("counterparty", re.compile(r"对方户名|对方名称|对方账户名称|对方单位|交易对手|counterparty|payee|payer", re.I)),
    ("other", re.compile(r"对方账号|对方账户$|账号|凭证|流水号|币种|check number|reference|ref\.?$|渠道|网点", re.I)),
    ("date", re.compile(r"日期|\bdate\b", re.I)),
    ("debit", re.compile(r"借方|支出|付出|debits?\b|withdrawals?|money out|paid out|payments?\b|^dr\.?$", re.I)),
    ("credit", re.compile(r"贷方|收入|存入|credits?\b|deposits?\b|money in|paid in|receipts?|^cr\.?$", re.I)),
    ("balance", re.compile(r"余额|balance", re.I)),
    ("amount", re.compile(r"交易金额|发生额|金额|amount", re.I)),
    ("description", re.compile(r"摘要|用途|附言|说明|description|details|particulars|memo|narrative", re.I)),
]
_CREDIT_SECTION = re.compile(r"deposits?|additions|credits|收入|存入", re.I)
_DEBIT_SECTION = re.compile(r"withdrawals|checks paid|debits|fees|charges|payments|支出", re.I)
_SKIP_SECTION = re.compile(
    r"daily (?:\w+ )?balance|balance summary|balancing your|service (?:fee|charge)|余额汇总"
    r"|average (?:\w+ )?balance|why we are paying you|interest and refunds",
    re.I,
)
_TOTAL_LINE = re.compile(r"^(?:total|合计|本页合计|本期合计|subtotal|小计)", re.I)
_OPENING = re.compile(
    r"期初余额|上期余额|承前|opening balance|beginning balance|balance (?:brought )?forward|previous balance"
    r"|last month'?s balance|previous statement balance",
    re.I,
)
_TOTAL_IN = re.compile(
    r"total (?:money in|deposits|credits|paid in|receipts)|deposits and (?:other )?(?:additions|credits)"
    r"|贷方发生额合计|贷方合计|收入合计|本期收入合计|存入合计",
    re.I,
)
_TOTAL_OUT = re.compile(
    r"total (?:money out|withdrawals|debits|paid out|payments)|withdrawals and (?:other )?(?:subtractions|debits)"
    r"|借方发生额合计|借方合计|支出合计|本期支出合计|支取合计",
    re.I,
)
_CLOSING = re.compile(
    r"期末余额|本期余额|closing balance|ending balance|new balance|balance carried forward|balance at close", re.I
)
_SHORT_DATE = re.compile(r"(?<![\d/.#-])(\d{1,2})[-/](\d{1,2})(?:[-/]\d{2,4})?(?![\d/.-])")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_WORD_DATE = re.compile(
    rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+({_MONTHS})[a-z]*\.?(?:[\s,-]+(\d{{2,4}}))?$"
    rf"|^({_MONTHS})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$",
    re.I,
)
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
    printed_total_in: float | None = None  # the statement's own total of money in, where it prints one
    printed_total_out: float | None = None


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
    if any("." in w.text and parse_amount(w.text) is not None for w in line.words):
        return None  # a row with figures, whatever its words say ("BILL PAYMENT … MANDATE")
    roles = _header_cells(line)
    names = {r for _, _, r in roles}
    if [r for _, _, r in roles].count("date") > 1:
        return None  # STATEMENT DATE … PAYMENT DUE DATE: a summary box, not the rows' header
    if names & {"date", "description"} and names & {"debit", "credit", "amount"} and len(line.words) <= 16:
        return _Columns(roles)
    return None


def day_first_order(text: str) -> bool:
    """Whether slash or dash dates in this text are day/month (03/11/2025 = 3 November).

    Decided by the dates that cannot be read the other way (a first part over 12 means
    day first); month first when nothing decides, as US statements print.
    """
    day_first = month_first = 0
    for m in _SHORT_DATE.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        day_first += first > 12 >= second
        month_first += second > 12 >= first
    return day_first > month_first


def _word_date(text: str, year_hint: int | None) -> tuple[date | None, bool]:
    """``12th Feb``, ``12 Feb 2022``, ``Feb 12, 2022``: a date with the month in words."""
    m = _WORD_DATE.match(text.strip())
    if not m:
        return None, False
    day, month_name, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
    month = _MONTHS.split("|").index(month_name[:3].lower()) + 1
    y = int(year) if year else (year_hint or 1900)
    y = y + 2000 if y < 100 else y
    try:
        return date(y, month, int(day)), True
    except ValueError:
        return None, True


def parse_date_token(text: str, year_hint: int | None, day_first: bool = False) -> tuple[date | None, bool]:
    """(date, looks_like_a_date). ``02-29`` in a non-leap year is a date-shaped non-date."""
    m = _DATE_TOKEN.match(text.strip())
    if not m:
        return _word_date(text, year_hint)
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
    word = line.words[0].text if len(line.words) == 1 else ""
    if word and not word.isupper() and not word.lower().endswith("s"):
        return None  # "Deposit" alone is a row's description, not a section ("DEPOSITS", "Withdrawals")
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
            self.skipping = bool(_SKIP_SECTION.search(line.text))  # a table of averages or interest, not rows
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
        words = _join_split_amounts(line.words)
        has_amount = any(
            parse_amount(w.text) is not None and not _DATE_TOKEN.match(w.text) and ("." in w.text or "," in w.text)
            for w in words
        )
        for index, span, text in _date_candidates(words):
            day, is_date = parse_date_token(text, self.year_hint, self.day_first)
            if is_date and (index == 0 or has_amount):
                started = _Row(text, day, line.page, line.top, ocr=words[index].fontname == "ocr")
                self._fill(started, words[:index] + words[index + span :])
                self.rows.append(started)
                self.open_row = started
                return
        open_row = self.open_row
        if open_row is None or open_row.page != line.page or not 0 < line.top - open_row.y < 40:
            return
        if has_amount and self._moves_money(words) and not (_OPENING.search(line.text) or _CLOSING.search(line.text)):
            # Statements that print each day's date once: a row of figures under it is that day's.
            started = _Row(open_row.raw_date, open_row.day, line.page, line.top, ocr=open_row.ocr)
            self._fill(started, words)
            self.rows.append(started)
            self.open_row = started
        elif not has_amount:
            self._fill(open_row, line.words)
            open_row.y = line.top

    def _moves_money(self, words: list[Word]) -> bool:
        assert self.columns is not None
        return any(
            "." in w.text
            and parse_amount(w.text) is not None
            and self.columns.role_at(w, numeric=True) in ("debit", "credit", "amount")
            for w in words
        )

    def _fill(self, row: _Row, words: tuple[Word, ...] | list[Word]) -> None:
        assert self.columns is not None
        for word in words:
            marked = signed_by_dr_cr(word.text)
            amount = marked if marked is not None else parse_amount(word.text)
            numeric = (
                amount is not None and any(ch.isdigit() for ch in word.text) and ("." in word.text or "," in word.text)
            )
            role = self.columns.role_at(word, numeric=numeric)
            if numeric and amount is not None:
                if role == "amount" and marked is not None:
                    role = "credit" if marked > 0 else "debit"  # 1,234.00 Dr / 56.00 Cr in one column
                elif role == "amount" and self.direction is not None:
                    role = self.direction
                row.amounts.setdefault(role, amount)
            elif role == "counterparty":
                row.counterparty.append(word.text)
            elif role != "other" or not numeric:
                row.description.append(word.text)


def _date_candidates(words: list[Word]) -> list[tuple[int, int, str]]:
    """(index, words used, text) of what may be a row's date among its first words.

    Dates come as one token (``2025-11-03``, ``02/07``), or spread over two or three
    (``12th Feb``, ``07 / 07``, ``Feb 12, 2022``).
    """
    out = []
    for index in range(min(3, len(words))):
        for span in (3, 2, 1):
            chunk = words[index : index + span]
            if len(chunk) < span or (span > 1 and any(b.x0 - a.x1 > 8 for a, b in zip(chunk, chunk[1:], strict=False))):
                continue
            glue = "" if span > 1 and any(w.text == "/" for w in chunk) else " "
            out.append((index, span, glue.join(w.text for w in chunk)))
    return out


def _join_split_amounts(words: tuple[Word, ...]) -> list[Word]:
    """Rejoin figures a PDF split in two: ``120 00`` → ``120.00``, ``2,291.2 9`` → ``2,291.29``, ``50.00 Dr``."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and word.text.lower() in ("dr", "cr") and parse_amount(last.text) is not None:
            out[-1] = Word(last.text + word.text, last.x0, word.x1, last.top, last.fontname)
            continue
        if last is not None and word.x0 - last.x1 < 4 and word.text.isdigit():
            if re.fullmatch(r"\d{1,3}(?:,\d{3})*", last.text) and len(word.text) == 2:
                out[-1] = Word(f"{last.text}.{word.text}", last.x0, word.x1, last.top, last.fontname)
                continue
            if re.fullmatch(r"\d{1,3}(?:,\d{3})*\.\d", last.text) and len(word.text) == 1:
                out[-1] = Word(last.text + word.text, last.x0, word.x1, last.top, last.fontname)
                continue
        out.append(word)
    return out


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def join_words(words: list[str]) -> str:
    """Join words with spaces, except between Chinese characters (a wrapped 摘要 is one word)."""
    text = ""
    for word in words:
        glue = "" if text and _CJK.match(text[-1]) and _CJK.match(word[0]) else " "
        text = f"{text}{glue}{word}" if text else word
    return text


_CARD = re.compile(r"credit\s*card|card\s*statement|card\s*account|信用卡", re.I)


def _transaction(row: _Row, currency: str, card: bool = False) -> Transaction:
    debit = abs(row.amounts.get("debit", Decimal(0)))
    credit = abs(row.amounts.get("credit", Decimal(0)))
    signed = row.amounts.get("amount")
    if signed is not None and card:
        signed = -signed  # a card statement prints charges as positive and payments in brackets
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
    """The figure printed on the line that names the balance, or just below it (set a point lower)."""
    for index, line in enumerate(lines):
        if pattern.search(line.text):
            below = lines[index + 1 : index + 2]
            nearby = [line, *(b for b in below if b.page == line.page and b.top - line.top < 8)]
            for candidate in nearby:
                values = [a for w in candidate.words if "." in w.text and (a := parse_amount(w.text)) is not None]
                if values:
                    return float(values[-1])
    return None


def _full_date_tokens(lines: tuple[TextLine, ...] | list[TextLine]) -> list[date]:
    """Dates printed as one token with their year (01-07-2023, 24/07/2023) near the statement's top."""
    found = []
    for line in lines:
        for word in line.words:
            if re.fullmatch(r"\d{1,2}[-/]\d{1,2}[-/]\d{4}", word.text):
                day, ok = parse_date_token(word.text, None, day_first=True)
                if day is not None and ok:
                    found.append(day)
    return found


def _within_year(row: _Row, statement_date: date | None) -> _Row:
    """A row printed without its year (02/07, 12th Feb) falls before the statement date, not after it."""
    if row.day is None or statement_date is None or re.search(r"\d{4}", row.raw_date):
        return row
    if row.day.year != statement_date.year:
        row.day = _safe_replace_year(row.day, statement_date.year)
    if row.day is not None and (row.day - statement_date).days > 31:
        row.day = _safe_replace_year(row.day, statement_date.year - 1)
    return row


def _safe_replace_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def extract_bank_statement(pdf: PdfText, file: str, default_currency: str = "CNY") -> BankStatement | None:
    """The statement's transactions, balances and period, or ``None`` when it has no table."""
    head_text = pdf.pages[0].text if pdf.pages else ""
    dates = find_dates(head_text) + _full_date_tokens(pdf.pages[0].lines if pdf.pages else ())
    year_hint = max(dates).year if dates else None
    first_words = "\n".join(line.words[0].text for page in pdf.pages for line in page.lines if line.words)
    reader = _Reader(year_hint, day_first_order(first_words))
    for page in pdf.pages:
        reader.open_row = None
        for line in page.lines:
            reader.on_line(line)
    rows = [row for row in reader.rows if row.amounts]  # a dated line with no figure is not a transaction
    if not rows:
        return None
    currency = detect_currency(pdf.text[:5000]) or default_currency
    card = bool(_CARD.search(head_text)) and not any("credit" in row.amounts or "debit" in row.amounts for row in rows)
    statement_date = max(dates) if dates else None
    transactions = [_transaction(_within_year(row, statement_date), currency, card) for row in rows]
    all_lines = [line for page in pdf.pages for line in page.lines]
    printed_opening = _printed_balance(all_lines, _OPENING)
    first = transactions[0]
    derived_opening = None if first.balance is None else round(first.balance - first.credit + first.debit, 2)
    closing = _printed_balance(all_lines, _CLOSING)
    if closing is None:
        closing = next((t.balance for t in reversed(transactions) if t.balance is not None), None)
    known = [t.date for t in transactions if t.date is not None] or dates  # rows date the period; prose does not
    return BankStatement(
        file=file,
        currency=currency,
        period_start=min(known) if known else None,
        period_end=max(known) if known else None,
        opening_balance=printed_opening if printed_opening is not None else derived_opening,
        closing_balance=closing,
        opening_printed=printed_opening is not None,
        transactions=transactions,
        printed_total_in=_printed_balance(all_lines, _TOTAL_IN),
        printed_total_out=_printed_balance(all_lines, _TOTAL_OUT),
    )
