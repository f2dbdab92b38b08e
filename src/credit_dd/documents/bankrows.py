"""The rows of a bank statement as printed: dates, words and figures, before anyone says what a column means.

A row starts at a date; lines without one continue its description. Each figure keeps where it
stands and what the header above it says, if a header names it (``bankcolumns``); with
``headerless`` the walk needs no header at all and the figures' alignment alone makes the
columns. Statements that list deposits and withdrawals in separate sections with one AMOUNT
column (as US banks do) take the direction from the section title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from credit_dd.documents import bankfigures as figures
from credit_dd.documents.bankcolumns import Columns, header_columns, stacked
from credit_dd.documents.bankdates import DATE_TOKEN, date_candidates, day_first_order, parse_date_token
from credit_dd.documents.pdftext import PdfText, TextLine, Word

_CREDIT_SECTION = re.compile(r"deposits?|additions|credits|收入|存入", re.I)
_DEBIT_SECTION = re.compile(r"withdrawals|checks paid|debits|fees|charges|payments|支出", re.I)
_SKIP_SECTION = re.compile(
    r"daily (?:\w+ )?balance|balance summary|balancing your|service (?:fee|charge)|余额汇总"
    r"|average (?:\w+ )?balance|why we are paying you|interest and refunds",
    re.I,
)
_TOTAL_LINE = re.compile(r"^(?:total|合计|本页合计|本期合计|subtotal|小计)", re.I)


@dataclass
class Figure:
    """A figure of a row: where it stands, its value as printed, and what its column's header says."""

    x: float
    value: Decimal
    hint: str | None  # "credit", "debit", "amount", "balance", or None: no header word for it


@dataclass
class Row:
    """A row (or a totals line) as read, before its columns' meanings are decided."""

    raw_date: str
    day: date | None
    page: int
    y: float
    ocr: bool = False
    description: list[str] = field(default_factory=list)
    counterparty: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def _section_title(line: TextLine) -> str | None:
    if len(line.words) > 8 or any(figures.money(w.text) is not None for w in line.words):
        return None
    word = line.words[0].text if len(line.words) == 1 else ""
    if word and not word.isupper() and not word.lower().endswith("s"):
        return None  # "Deposit" alone is a row's description, not a section ("DEPOSITS", "Withdrawals")
    return line.text


@dataclass
class _Reader:
    """State while walking a statement's lines top to bottom. ``headerless``: columns from alignment."""

    year_hint: int | None
    day_first: bool = False
    headerless: bool = False
    columns: Columns | None = None
    direction: Literal["debit", "credit"] | None = None
    skipping: bool = False
    open_row: Row | None = None
    previous: TextLine | None = None
    rows: list[Row] = field(default_factory=list)
    totals: list[Row] = field(default_factory=list)

    def on_title(self, title: str) -> None:
        self.skipping = bool(_SKIP_SECTION.search(title))
        if _CREDIT_SECTION.search(title) and not _DEBIT_SECTION.search(title):
            self.direction, self.columns = "credit", None
        elif _DEBIT_SECTION.search(title):
            self.direction, self.columns = "debit", None

    def on_line(self, line: TextLine) -> None:
        previous, self.previous = self.previous, line
        if self.headerless:
            self._headerless_line(line)
            return
        title = _section_title(line)
        header = None if self.skipping and title is None else _header(previous, line)
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
            self._totals_line(line)
            return
        self._row_or_continuation(line)

    def _headerless_line(self, line: TextLine) -> None:
        if _TOTAL_LINE.match(line.text):
            self.open_row = None
            self._totals_line(line)
        else:
            self._row_or_continuation(line)

    def _totals_line(self, line: TextLine) -> None:
        if self.direction is not None:
            return  # a section's subtotal (Total Checks Paid), not the statement's total
        total = Row("", None, line.page, line.top)
        self._fill(total, _join_split_amounts(line.words))
        if total.figures:
            self.totals.append(total)

    def _row_or_continuation(self, line: TextLine) -> None:
        if figures.is_summary_line(line.text):
            self.open_row = self._dated(line)  # its date, if any, still dates the undated rows below it
            return
        words = _join_split_amounts(line.words)
        has_amount = any(figures.money(w.text) is not None and not DATE_TOKEN.match(w.text) for w in words)
        for index, span, text in date_candidates(words):
            if self.headerless and index > 0:
                break
            day, is_date = parse_date_token(text, self.year_hint, self.day_first)
            if is_date and (index == 0 or has_amount):
                started = Row(text, day, line.page, line.top, ocr=words[index].fontname == "ocr")
                self._fill(started, words[:index] + words[index + span :])
                self.rows.append(started)
                self.open_row = started
                return
        self._continuation(line, words, has_amount)

    def _dated(self, line: TextLine) -> Row | None:
        """A summary line dated at its start ("12th Feb  Balance brought forward"): a day, not a transaction."""
        for index, _, text in date_candidates(list(line.words)):
            day, is_date = parse_date_token(text, self.year_hint, self.day_first)
            if index == 0 and is_date:
                return Row(text, day, line.page, line.top, ocr=line.words[0].fontname == "ocr")
        return None

    def _continuation(self, line: TextLine, words: list[Word], has_amount: bool) -> None:
        open_row = self.open_row
        if open_row is None or open_row.page != line.page or not 0 < line.top - open_row.y < 40:
            return
        if has_amount and self._moves_money(words):
            # Statements that print each day's date once: a row of figures under it is that day's.
            started = Row(open_row.raw_date, open_row.day, line.page, line.top, ocr=open_row.ocr)
            self._fill(started, words)
            self.rows.append(started)
            self.open_row = started
        elif not has_amount:
            self._fill(open_row, line.words)
            open_row.y = line.top

    def _hint(self, word: Word, numeric: bool) -> str | None:
        if self.columns is None:
            return None
        index = self.columns.nearest(word, numeric)
        role = self.columns.cells[index].role if index is not None else None
        if role == "amount" and self.direction is not None and not figures.marked_direction(word.text):
            return self.direction
        return role

    def _moves_money(self, words: list[Word]) -> bool:
        return any(figures.money(w.text) is not None and self._hint(w, True) != "balance" for w in words)

    def _fill(self, row: Row, words: tuple[Word, ...] | list[Word]) -> None:
        for word in words:
            value = figures.money(word.text)
            if value is not None:
                row.figures.append(Figure(word.x1, value, self._hint(word, True)))
            elif self._hint(word, False) == "counterparty":
                row.counterparty.append(word.text)
            elif self._hint(word, False) != "other" or not any(ch.isdigit() for ch in word.text):
                row.description.append(word.text)


def _header(previous: TextLine | None, line: TextLine) -> Columns | None:
    """The line as a header, or the previous line and this one as a header set on two lines."""
    own = header_columns(line)
    if own is not None or previous is None:
        return own
    if header_columns(previous) is not None:
        return None
    joined = stacked(previous, line)
    return header_columns(joined) if joined is not None else None


def _join_split_amounts(words: tuple[Word, ...]) -> list[Word]:
    """Rejoin figures a PDF split in two: ``120 00`` → ``120.00``, ``2,291.2 9`` → ``2,291.29``, ``50.00 Dr``."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and word.text.lower() in ("dr", "cr") and figures.money(last.text) is not None:
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


def read_rows(pdf: PdfText, year_hint: int | None, headerless: bool) -> tuple[list[Row], list[Row]]:
    """The statement's dated rows with figures, and its totals lines."""
    first_words = "\n".join(line.words[0].text for page in pdf.pages for line in page.lines if line.words)
    reader = _Reader(year_hint, day_first_order(first_words), headerless=headerless)
    for page in pdf.pages:
        reader.open_row, reader.previous = None, None
        for line in page.lines:
            reader.on_line(line)
    return [row for row in reader.rows if row.figures], reader.totals
