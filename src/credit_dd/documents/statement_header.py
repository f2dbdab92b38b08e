"""A statement's header: its value columns (on every page it runs over), unit, currency and date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from credit_dd.documents.amounts import is_bare_small_integer
from credit_dd.documents.pdftext import TextLine, Word
from credit_dd.documents.periods import (
    Unit,
    declares_whole_units,
    detect_currency,
    detect_unit,
    find_dates,
    preamble_unit,
)
from credit_dd.documents.statement_columns import Column, date_columns, find_columns, is_body_line, label_columns
from credit_dd.documents.statement_sections import Document, Section


@dataclass
class Header:
    unit: Unit
    unit_assumed: bool
    currency: str | None
    statement_date: date | None
    columns: list[Column]
    body_start: int
    text: str
    pages: dict[int, list[Column]] = field(default_factory=dict)  # a later page's own columns, in order
    unit_inherited: bool = False  # no unit printed: the one the document's statements before it declare

    def column_of(self, word: Word, page: int) -> Column | None:
        """The header's column an amount is printed in: on a page whose columns stand elsewhere (a
        statement run on over pages laid out anew), by its place among that page's columns."""
        own = self.pages.get(page)
        if own is None:
            return column_of_word(word, self.columns) if self.columns else None
        found = column_of_word(word, own)
        return None if found is None else self.columns[own.index(found)]


def read_header(section: Section, doc: Document, fallback_date: date | None) -> Header:
    """Columns, unit, currency and date from the lines before the first amounts."""
    body_start = next((i for i, line in enumerate(section.lines) if is_body_line(line)), len(section.lines))
    header_lines = section.lines[:body_start]
    columns, pages = _columns_by_page(section.lines[body_start:])
    context = label_columns(columns, header_lines) if columns else "\n".join(line.text for line in header_lines)
    context = section.heading.text + "\n" + context
    header_text = "\n".join([section.heading.text, *(line.text for line in header_lines)])
    dates = find_dates(context)
    statement_date = max(dates) if dates else fallback_date
    date_columns(columns, context, statement_date, section.kind == "balance_sheet", doc.interim, doc.year_ends)
    unit, assumed = _unit(section, doc, header_text, columns)
    currency = detect_currency(header_text) or detect_currency(doc.pages.get(section.heading.page, ""))
    return Header(unit, assumed, currency, statement_date, columns, body_start, header_text, pages)


FIRST_PAGE_LINES = 8  # body lines on the first page that are enough to find its columns


def _columns_by_page(body: list[TextLine]) -> tuple[list[Column], dict[int, list[Column]]]:
    """The statement's columns; and when its later pages lay the same columns out elsewhere (a
    statement run on over pages set anew: the whole body then shows more columns than its first page),
    the first page's columns, each later page's own matched to them in order."""
    everywhere = find_columns(body)
    body = [line for line in body if not (len(line.words) == 1 and is_bare_small_integer(line.words[0].text))]
    first = [line for line in body if line.page == body[0].page] if body else []
    columns = find_columns(first) if len(first) >= FIRST_PAGE_LINES else everywhere
    if len(columns) >= len(everywhere):
        return everywhere, {}
    pages: dict[int, list[Column]] = {}
    for page in sorted({line.page for line in body} - {body[0].page}):
        own = find_columns([line for line in body if line.page == page])
        if len(own) != len(columns):
            return everywhere, {}  # a page laid out otherwise: the columns of the whole body, as before
        pages[page] = own
    return columns, pages


def _unit(section: Section, doc: Document, header_text: str, columns: list[Column]) -> tuple[Unit, bool]:
    """The declared unit: header, the statement's own lines, its page, the report's preamble; else units."""
    page = section.heading.page
    preamble = "\n".join(text for number, text in sorted(doc.pages.items()) if number <= page)
    for text in (header_text, "\n".join(line.text for line in section.lines), doc.pages.get(page, "")):
        if unit := detect_unit(text):
            return unit, False
    if declares_whole_units([c.label for c in columns]):
        return Unit("units", Decimal(1)), False
    if unit := preamble_unit(preamble):
        return unit, False
    return Unit("units", Decimal(1)), True


def column_of_word(word: Word, columns: list[Column]) -> Column | None:
    """The column an amount is printed in: the one its extent overlaps most, else the nearest close one.

    A bare small number beside a column (a percentage of total, 26 or (74)) is not put in it."""
    best = max(columns, key=lambda c: c.overlap(word.x0, word.x1, pad=2.0))
    if best.overlap(word.x0, word.x1, pad=2.0) > 0:
        return best
    if is_bare_small_integer(word.text.strip("()")):
        return None
    nearest = min(columns, key=lambda c: min(abs(c.x1 - word.x1), abs(c.center - (word.x0 + word.x1) / 2)))
    return nearest if min(abs(nearest.x1 - word.x1), abs(nearest.center - (word.x0 + word.x1) / 2)) <= 30 else None


@dataclass(frozen=True)
class LabelArea:
    """Left of every value column, where small numbers belong to the label, except in a notes column."""

    edge: float = 0.0
    notes: tuple[tuple[float, float], ...] = ()

    def holds(self, word: Word) -> bool:
        return word.x1 < self.edge and not self.in_notes(word)

    def in_notes(self, word: Word) -> bool:
        return any(x0 - 2 <= word.x0 and word.x1 <= x1 + 2 for x0, x1 in self.notes)
