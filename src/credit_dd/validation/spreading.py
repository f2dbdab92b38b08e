"""Spreading: a person's figures applied on top of what was read, and what still waits for one.

A person confirms or keys a figure (the dashboard form or the spreading workbook); each decision is
an entry of the case's ledger (``spreading.json`` in the case folder, signed into the package): who,
when, old → new, the source page, and the digests of the documents it rests on. Entries are only
ever appended. On every run they are applied, oldest first, on top of the computed figure sheet: a
keyed or confirmed figure is a new record that replaces the one read (``Figure.replaces``). An
entry no longer applies when a document it rests on changed (or, for a confirmation, when the
reading itself changed); it stays in the ledger and the rules say so.

The figures the decision needs (``policy.spreading``) that are still missing, in conflict or
unverified are *pending*: the case is ``needs_spreading`` until a person settles them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from credit_dd.documents.history import StatementHistory
from credit_dd.documents.statements import SourcedValue
from credit_dd.errors import SpreadingError
from credit_dd.policy.spreading import SpreadingPolicy
from credit_dd.validation.figures import Figure, FigureSheet, FigureSource

Action = Literal["keyed", "confirmed"]
Via = Literal["workbook", "dashboard"]
LEDGER = "spreading.json"  # in the case folder, and in its approval package


class LedgerEntry(BaseModel):
    """One person's decision on one figure: an append-only record (old → new)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    period: date
    item: str
    action: Action
    value: float  # the figure as the person keyed or confirmed it
    by: str  # employee id on the roster
    at: datetime
    via: Via
    old_value: float | None  # the figure it replaced, as it was then
    old_status: str
    file: str | None = None  # the source page the person was shown
    page: int | None = None
    documents: dict[str, str] = {}  # the documents it rests on: file → SHA-256 when it was entered


class SpreadLedger(BaseModel):
    """Every entry of a case, oldest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entries: list[LedgerEntry] = []

    def with_entries(self, entries: list[LedgerEntry]) -> SpreadLedger:
        """This ledger with ``entries`` appended (never edited in place)."""
        return SpreadLedger(entries=[*self.entries, *entries])

    def text(self) -> str:
        """The file's text (stable: the case's freshness includes it)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


class Invalidated(BaseModel):
    """An entry that no longer applies, and why."""

    entry: LedgerEntry
    reason: Literal["document_changed", "reading_changed"]
    file: str | None = None
    now: float | None = None


class Pending(BaseModel):
    """A figure the decision needs that waits for a person."""

    period: date
    item: str
    figure: Figure


class Spread(BaseModel):
    """The figure sheet with people's entries applied, what they changed, and what still waits."""

    sheet: FigureSheet
    ledger: SpreadLedger = SpreadLedger()
    applied: list[LedgerEntry] = []
    invalidated: list[Invalidated] = []
    pending: list[Pending] = []

    def count(self, action: Action) -> int:
        """How many figures in force were keyed (or confirmed) by a person."""
        return self.sheet.count(action)


def read_ledger(case_folder: Path) -> SpreadLedger:
    """The case folder's ledger; an empty one when the case has none yet.

    Raises:
        SpreadingError: the file is there but is not a ledger (it was edited by hand).
    """
    path = case_folder / LEDGER
    if not path.is_file():
        return SpreadLedger()
    try:
        return SpreadLedger.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise SpreadingError(f"{path}: not a spreading ledger ({str(exc).splitlines()[0]})") from None


def spread_figures(
    sheet: FigureSheet,
    history: StatementHistory,
    ledger: SpreadLedger,
    digests: dict[str, str],
    policy: SpreadingPolicy,
) -> Spread:
    """Apply the ledger on top of ``sheet`` (with the needed figures that are missing added) and list
    the needed figures still pending. ``digests``: each document's SHA-256 now."""
    figures = {period: dict(items) for period, items in with_missing(sheet, history, policy).figures.items()}
    applied, invalidated = [], []
    for entry in ledger.entries:
        current = figures.get(entry.period, {}).get(entry.item)
        problem = _invalid(entry, current, digests)
        if problem is not None:
            invalidated.append(problem)
            continue
        base = current or Figure(value=None, status="missing")
        replaced = (
            base.keyed(entry.value, entry.by, entry.at)
            if entry.action == "keyed"
            else base.confirmed(entry.by, entry.at)
        )
        figures.setdefault(entry.period, {})[entry.item] = replaced
        applied.append(entry)
    result = FigureSheet(figures=figures)
    pending = [Pending(period=p, item=i, figure=f) for p, i in needed(history, policy) if (f := result.get(p, i))]
    return Spread(
        sheet=result,
        ledger=ledger,
        applied=applied,
        invalidated=invalidated,
        pending=[p for p in pending if p.figure.flagged],
    )


def _invalid(entry: LedgerEntry, current: Figure | None, digests: dict[str, str]) -> Invalidated | None:
    changed = next((f for f, digest in sorted(entry.documents.items()) if digests.get(f) != digest), None)
    if changed is not None:
        return Invalidated(entry=entry, reason="document_changed", file=changed)
    if entry.action == "confirmed" and (
        current is None or current.value is None or abs(current.value - entry.value) > 0.005
    ):
        return Invalidated(entry=entry, reason="reading_changed", now=None if current is None else current.value)
    return None


def needed(history: StatementHistory, policy: SpreadingPolicy) -> list[tuple[date, str]]:
    """The (period, item) pairs the decision needs: every listed item of each statement's latest
    period, and the ``opening`` ones of the period it opens from when printed there."""
    found: list[tuple[date, str]] = []
    for kind, items in policy.statements.items():
        periods = [p for p in history.periods if kind in history.kinds.get(p, [])]
        if not periods:
            continue  # the statement is not in hand: the deficiency notice asks for it
        latest = periods[-1]
        opening = history.opening_of(latest)
        for item, need in items.items():
            if need.required or history.get(latest, item) is not None:
                found.append((latest, item))
            if need.opening and history.get(opening, item) is not None:
                found.append((opening, item))
    return found


def with_missing(sheet: FigureSheet, history: StatementHistory, policy: SpreadingPolicy) -> FigureSheet:
    """The sheet with a ``missing`` figure for each needed item its statement does not print (cited
    to the page where that statement's other figures of the period are)."""
    figures = {period: dict(items) for period, items in sheet.figures.items()}
    for period, item in needed(history, policy):
        found = sheet.get(period, item)
        if found is None or (found.status == "missing" and found.source is None):
            figures.setdefault(period, {})[item] = Figure(
                value=None, status="missing", source=_statement_page(sheet, period, item, policy)
            )
    return FigureSheet(figures=figures)


def _statement_page(sheet: FigureSheet, period: date, item: str, policy: SpreadingPolicy) -> FigureSource | None:
    kind = policy.kind_of(item)
    figures = sheet.figures.get(period, {})
    sourced = [f.source for i, f in figures.items() if f.source and policy.kind_of(i) == kind]
    sourced = sourced or [f.source for f in figures.values() if f.source]
    return FigureSource(file=sourced[0].file, page=sourced[0].page) if sourced else None


def corrected_history(history: StatementHistory, spread: Spread) -> StatementHistory:
    """The statement history with every figure a person keyed in place of the one read, for the
    analysis to run on (a confirmed figure is the value read: nothing to change)."""
    values = {period: dict(items) for period, items in history.values.items()}
    for period, items in spread.sheet.figures.items():
        for item, figure in items.items():
            if figure.status != "keyed" or figure.value is None:
                continue
            read = values.get(period, {}).get(item)
            source = figure.source
            values.setdefault(period, {})[item] = SourcedValue(
                value=figure.value,
                file=source.file if source else (read.file if read else ""),
                page=source.page if source else (read.page if read else 0),
                x=read.x if read else 0.0,
                y=read.y if read else 0.0,
                label=f"keyed by {figure.by}",
                step=read.step if read else 0.01,
            )
    return history.model_copy(update={"values": values})


def entry_documents(sheet: FigureSheet, period: date, item: str, digests: dict[str, str]) -> dict[str, str]:
    """The documents a person's entry rests on: the figure's source file, or (a figure never read)
    every file the period's other figures came from."""
    figure = sheet.get(period, item)
    if figure is not None and figure.source is not None and figure.status != "missing":
        files = {figure.source.file}
    else:
        files = {f.source.file for f in sheet.figures.get(period, {}).values() if f.source}
    return {f: digests[f] for f in sorted(files) if f in digests}
