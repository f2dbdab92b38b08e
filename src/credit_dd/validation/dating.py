"""The period of every column, checked by the ties between statements before any figure is used.

A column's period is read from its heading and the title block; when the heading only says 本期 /
上期 the year comes from elsewhere, and it can be wrong. The cash-flow statement's closing cash is
the balance sheet's cash on the same day (net of restricted cash): when a cash-flow column's
closing cash matches no balance-sheet cash on its own date but matches the cash on another, the
column is dated wrongly. Then:

- when every such column points to the same shift of whole years, and the statement's columns do
  not print their own years, the statement is re-dated, with its income statement when that was
  dated the same way (the same column ends, no years of its own), and the case says so
  (``PERIOD_REASSIGNED``);
- otherwise the columns stay as read and their figures are put in conflict (``PERIOD_CONFLICT``):
  never used silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from credit_dd.documents.files import ParsedDocument, originals
from credit_dd.documents.periods import shift_years
from credit_dd.documents.statements import ExtractedStatement, SourcedValue, ValueColumn


@dataclass(frozen=True)
class Redating:
    """A statement moved to the period its ties give."""

    file: str
    page: int
    kind: str
    old: tuple[date, ...]
    new: tuple[date, ...]


@dataclass(frozen=True)
class PeriodDoubt:
    """A column whose ties hold for another period than the one it was given."""

    file: str
    page: int
    kind: str
    period: date
    tied: tuple[date, ...]  # the balance-sheet dates its closing cash ties to instead


@dataclass
class Dating:
    """The case's statements by document, with their periods checked."""

    statements: dict[str, list[ExtractedStatement]] = field(default_factory=dict)
    redated: list[Redating] = field(default_factory=list)
    doubts: list[PeriodDoubt] = field(default_factory=list)

    def all_statements(self) -> list[ExtractedStatement]:
        return [s for statements in self.statements.values() for s in statements]


def _ties(a: SourcedValue, b: SourcedValue) -> bool:
    return bool(a.value) and abs(a.value - b.value) <= max(a.step, b.step) + 1e-6


def _same(a: SourcedValue, b: SourcedValue) -> bool:
    """One printed figure on two pages: a column that is really of another date prints that date's cash
    to the digit, where a near miss of one in the last digit is chance on a short figure (117 against 116)."""
    return bool(a.value) and abs(a.value - b.value) <= 1e-6


def _cash_by_date(statements: list[ExtractedStatement]) -> dict[date, list[SourcedValue]]:
    cash: dict[date, list[SourcedValue]] = {}
    for statement in statements:
        if statement.kind == "balance_sheet":
            for period, items in statement.values.items():
                if "cash" in items:
                    cash.setdefault(period, []).append(items["cash"])
    return cash


def _elsewhere(statement: ExtractedStatement, cash: dict[date, list[SourcedValue]]) -> dict[date, list[date]] | None:
    """Per column, the other balance-sheet dates whose cash it prints as its closing cash; ``None`` when a
    column ties on its own date (its period is confirmed) or no column has a closing cash to tie."""
    found: dict[date, list[date]] = {}
    for period, items in statement.values.items():
        closing = items.get("cash_equivalents_end")
        if closing is None:
            continue
        if any(_ties(closing, c) for c in cash.get(period, [])):
            return None
        found[period] = [
            day for day, values in cash.items() if day != period and any(_same(closing, c) for c in values)
        ]
    return found or None


def _shift(statement: ExtractedStatement, years: int) -> ExtractedStatement:
    return statement.model_copy(
        update={
            "values": {shift_years(p, years): items for p, items in statement.values.items()},
            "starts": {shift_years(e, years): shift_years(s, years) for e, s in statement.starts.items()},
            "columns": [
                ValueColumn(end=shift_years(c.end, years), start=c.start and shift_years(c.start, years))
                for c in statement.columns
            ],
            "statement_date": statement.statement_date and shift_years(statement.statement_date, years),
        }
    )


def _one_shift(elsewhere: dict[date, list[date]]) -> int | None:
    """The whole number of years every tied column is off by, when exactly one such shift fits them all."""
    tied = {period: days for period, days in elsewhere.items() if days}
    candidates = {d.year - p.year for p, days in tied.items() for d in days if (d.month, d.day) == (p.month, p.day)}
    fitting = [y for y in candidates if y and all(shift_years(p, y) in days for p, days in tied.items())]
    return fitting[0] if len(fitting) == 1 else None


def _redate(statements: list[ExtractedStatement], cash: dict[date, list[SourcedValue]], dating: Dating) -> None:
    for index, statement in enumerate(statements):
        if statement.kind != "cash_flow" or (elsewhere := _elsewhere(statement, cash)) is None:
            continue
        if not any(elsewhere.values()):
            continue  # restricted cash, or another scope: no period is contradicted
        years = None if statement.dated_by_columns else _one_shift(elsewhere)
        if years is None:
            dating.doubts += [_doubt(statement, period, days) for period, days in elsewhere.items() if days]
            continue
        ends = set(statement.values)
        statements[index] = _shift(statement, years)
        dating.redated.append(_redating(statement, statements[index]))
        for other, companion in enumerate(statements):
            if companion.kind == "income_statement" and set(companion.values) == ends:
                if companion.dated_by_columns:
                    dating.doubts += [_doubt(companion, p, [shift_years(p, years)]) for p in sorted(ends)]
                else:
                    statements[other] = _shift(companion, years)
                    dating.redated.append(_redating(companion, statements[other]))


def _doubt(statement: ExtractedStatement, period: date, days: list[date]) -> PeriodDoubt:
    return PeriodDoubt(statement.file, statement.pages[0], statement.kind, period, tuple(days))


def _redating(before: ExtractedStatement, after: ExtractedStatement) -> Redating:
    return Redating(
        before.file, before.pages[0], before.kind, tuple(sorted(before.values)), tuple(sorted(after.values))
    )


def verify_periods(documents: list[ParsedDocument]) -> Dating:
    """Every document's statements, re-dated or doubted where the cash ties say their periods are wrong."""
    dating = Dating()
    kept = originals(documents)
    cash = _cash_by_date([s for d in kept for s in d.statements])
    for doc in kept:
        statements = list(doc.statements)
        _redate(statements, cash, dating)
        dating.statements[doc.file] = statements
    return dating
