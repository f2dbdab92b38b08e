"""What reading a statement yields: its figures with their sources, its columns and its rows as printed."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from credit_dd.documents.labels import StatementKind

StatementScope = Literal["consolidated", "parent", "single"]


class SourcedValue(BaseModel):
    """One extracted figure, in whole currency units, and where it was printed."""

    value: float
    file: str
    page: int
    x: float
    y: float
    label: str
    ocr: bool = False
    step: float = 0.01  # the printed precision in currency units: rounding tolerance for identities
    printed: str = ""  # the token as printed, for citing it back
    derived: bool = False  # not printed: computed from printed subtotals (say so wherever it is shown)
    derived_from: str = ""  # the identity it was computed by: that identity cannot also prove it


class ValueColumn(BaseModel):
    """A value column of a statement: the period it covers (a flow's start, ``None`` for a balance)."""

    end: date
    start: date | None = None


class PrintedRow(BaseModel):
    """One printed row of a statement's table, as read: what the statement's own totals are checked on.

    ``values`` are keyed by the index of the statement's ``columns``, in whole currency units; a
    heading (a line of words only) has none. ``x`` is where the label starts (its indentation) and
    ``side`` how many value columns stand left of it (the right half of a two-sided balance sheet; -1
    for a line of figures without a label, on the side of the row above).
    """

    label: str
    item: str | None = None
    page: int
    y: float
    x: float
    side: int = 0
    values: dict[int, float] = {}
    step: float = 0.01


class ExtractedStatement(BaseModel):
    """One statement (or one continuous part of it) read from one document."""

    kind: StatementKind
    scope: StatementScope
    file: str
    heading: str
    pages: list[int]
    unit: str
    currency: str | None
    statement_date: date | None
    company: str | None = None
    unit_assumed: bool = False  # no unit printed anywhere: read as whole currency units (UNIT_ASSUMED)
    # No unit printed with it: read in the one unit the document's statements before it declare (a
    # statement run on to a page without its unit line); proven only by a tie with one of them.
    unit_inherited: bool = False
    values: dict[date, dict[str, SourcedValue]] = {}
    starts: dict[date, date] = {}  # flow statements: period end → the first day the column covers
    columns: list[ValueColumn] = []  # every value column, left to right (a quarter and its year-to-date both)
    dated_by_columns: bool = False  # each column prints its own date or year (not 本期/上期 under a title date)
    rows: list[PrintedRow] = []  # every row as printed, top to bottom (the statement's own footings)
