"""All extracted statements of a case merged into one history keyed by period end date."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from credit_dd.documents.statement_headings import abridged
from credit_dd.documents.statements import ExtractedStatement, SourcedValue

_SCOPE_RANK = {"consolidated": 0, "single": 1, "parent": 2}


class StatementHistory(BaseModel):
    """Canonical line items per period, each value with its source.

    Attributes:
        values: period end → item → value in whole currency units.
        kinds: period end → statement kinds seen for that period.
        currency: the statements' currency.
        conflicts: human-readable notes where two documents disagree on a value.
        abridged: the (period, item) figures taken from a statement printed in summary.
    """

    values: dict[date, dict[str, SourcedValue]] = {}
    kinds: dict[date, list[str]] = {}
    starts: dict[date, date] = {}
    currency: str = "CNY"
    conflicts: list[str] = []
    # (period, item) of the figures taken from a statement printed in summary (主要数据): a line it leaves
    # out is unknown there, not a line of nothing
    abridged: set[tuple[date, str]] = set()

    @property
    def periods(self) -> list[date]:
        """Period end dates, oldest first."""
        return sorted(self.values)

    def unclassified(self, period: date) -> bool:
        """A balance sheet with totals but no current/non-current split: a bank's or an insurer's."""
        values = self.values.get(period, {})
        split = ("total_current_assets", "total_current_liabilities", "total_non_current_assets")
        return "total_assets" in values and "total_liabilities" in values and not any(i in values for i in split)

    def opening_of(self, period: date) -> date:
        """The balance-sheet date a period opens from: the day before its start (31 August for an
        August year), else the previous 31 December (a year, or a year-to-date interim)."""
        start = self.starts.get(period)
        return date.fromordinal(start.toordinal() - 1) if start else date(period.year - 1, 12, 31)

    def average(self, period: date, item: str) -> float | None:
        """(opening + closing) / 2 of a balance-sheet item, the closing value when the opening one
        is not printed, ``None`` when the closing one is not."""
        closing, opening = self.get(period, item), self.get(self.opening_of(period), item)
        if closing is None:
            return None
        return closing if opening is None else (opening + closing) / 2

    def get(self, period: date, item: str) -> float | None:
        """One value, or ``None`` when the statements do not print it."""
        found = self.values.get(period, {}).get(item)
        return None if found is None else found.value


def merge_statements(statements: list[ExtractedStatement], default_currency: str) -> StatementHistory:
    """Merge statements from every document; the newer report wins a disagreement.

    A value printed in a later report's comparative column is the restated one, so the
    statement with the latest statement date is preferred; disagreements are kept as notes
    for the cross-document checks.
    """
    history = StatementHistory(currency=next((s.currency for s in statements if s.currency), default_currency))
    ordered = sorted(statements, key=lambda s: (_SCOPE_RANK[s.scope], -(s.statement_date or date.min).toordinal()))
    scopes: dict[tuple[date, str], int] = {}  # (period, kind) → the best scope that printed it
    for statement in ordered:
        for end, start in statement.starts.items():
            history.starts.setdefault(end, start)
        for period, items in statement.values.items():
            rank = scopes.setdefault((period, statement.kind), _SCOPE_RANK[statement.scope])
            if rank < _SCOPE_RANK[statement.scope]:
                continue  # the group's statement of that period is in: no line of the entity's own fills it
            target = history.values.setdefault(period, {})
            kinds = history.kinds.setdefault(period, [])
            if statement.kind not in kinds:
                kinds.append(statement.kind)
            summary = abridged(statement.heading)
            for item, value in items.items():
                if item not in target:
                    target[item] = value
                    if summary:
                        history.abridged.add((period, item))
                elif abs(target[item].value - value.value) > 1.0:
                    history.conflicts.append(
                        f"{period} {item}: {target[item].value:,.2f} ({target[item].file} p.{target[item].page}) "
                        f"vs {value.value:,.2f} ({value.file} p.{value.page})"
                    )
    return history
