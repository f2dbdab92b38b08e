"""Every statement figure with its evidence: where it was printed, and whether anything proves it.

A figure is ``verified`` when named checks that hold confirm it (the statement's own totals, the
income-statement and cash-flow chains, the ties across statements and documents); ``read`` when
it was found but nothing could confirm it; ``conflict`` when two sources disagree or a check it
takes part in fails; ``missing`` when a statement that should print it does not. A person makes
it ``keyed`` (entered) or ``confirmed`` (read, and confirmed): never in place, a correction is a
new record that points at the one it replaces.

``summary.json`` carries them under ``figures`` (``../shared/DESIGN.md``), beside ``statements``,
under the same period and name.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from credit_dd.documents.history import StatementHistory
from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
from credit_dd.documents.statements import SourcedValue
from credit_dd.validation.checks import Check

FigureStatus = Literal["verified", "read", "conflict", "missing", "keyed", "confirmed"]
BY_A_PERSON: frozenset[FigureStatus] = frozenset({"keyed", "confirmed"})
FLAGGED: frozenset[FigureStatus] = frozenset({"read", "conflict", "missing"})  # neither proven nor confirmed


class FigureSource(BaseModel):
    """Where a figure was printed: file, page, and its position in PDF points (for a page crop)."""

    model_config = ConfigDict(frozen=True)

    file: str
    page: int
    x: float | None = None
    y: float | None = None
    label: str = ""  # the row label as printed
    printed: str = ""  # the token as printed


class Candidate(BaseModel):
    """One competing reading of a figure in conflict."""

    model_config = ConfigDict(frozen=True)

    value: float
    file: str
    page: int
    label: str = ""


class Figure(BaseModel):
    """One statement value and its evidence.

    Attributes:
        value: whole currency units; ``None`` when missing.
        status: see the module docstring.
        checks: the named checks that hold and confirm it.
        failed: the named checks it takes part in that fail (a ``conflict``).
        source: where it was printed (for a derived figure: the page of the lines it came from).
        by: the employee id of the person who keyed or confirmed it.
        at: when that person did.
        candidates: the competing readings, for a conflict.
        derived: computed from printed lines, not printed itself.
        ocr: read by OCR.
        replaces: the record this one corrects (a person's decision never overwrites the reading).
    """

    model_config = ConfigDict(frozen=True)

    value: float | None
    status: FigureStatus
    checks: list[str] = []
    failed: list[str] = []
    source: FigureSource | None = None
    by: str | None = None
    at: datetime | None = None
    candidates: list[Candidate] = []
    derived: bool = False
    ocr: bool = False
    replaces: Figure | None = None

    @property
    def flagged(self) -> bool:
        """Neither proven by the arithmetic nor confirmed by a person: the report marks it."""
        return self.status in FLAGGED

    def keyed(self, value: float, by: str, at: datetime) -> Figure:
        """A person's own figure, entered in place of this one."""
        return Figure(value=value, status="keyed", source=self.source, by=by, at=at, replaces=self)

    def confirmed(self, by: str, at: datetime) -> Figure:
        """This reading, confirmed by a person."""
        return self.model_copy(update={"status": "confirmed", "by": by, "at": at, "replaces": self})

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` form (DESIGN.md's keys first, then the value and the evidence)."""
        out: dict[str, Any] = {
            "status": self.status,
            "checks": list(self.checks),
            "source": None if self.source is None else {"file": self.source.file, "page": self.source.page},
            "by": self.by,
            "value": self.value,
        }
        if self.source is not None:
            out["source"] |= {"x": self.source.x, "y": self.source.y}
        if self.failed:
            out["failed"] = list(self.failed)
        if self.candidates:
            out["candidates"] = [c.model_dump() for c in self.candidates]
        if self.derived:
            out["derived"] = True
        if self.at is not None:
            out["at"] = self.at.isoformat()
        return out


class FigureSheet(BaseModel):
    """The figures of a case: period end → canonical item → figure."""

    model_config = ConfigDict(frozen=True)

    figures: dict[date, dict[str, Figure]] = {}

    def get(self, period: date, item: str) -> Figure | None:
        """One figure, or ``None`` when the case has nothing under that period and name."""
        return self.figures.get(period, {}).get(item)

    def summary(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``summary.json``'s ``figures``: period (ISO date) → item → figure."""
        return {
            period.isoformat(): {item: figure.summary() for item, figure in sorted(items.items())}
            for period, items in sorted(self.figures.items())
        }

    def count(self, status: FigureStatus) -> int:
        """How many figures have ``status``."""
        return sum(f.status == status for items in self.figures.values() for f in items.values())


# ---------------------------------------------------------------------------------------------
# PLACEHOLDER until the reader's computation lands (branch ``reader``, issue 25 point 1): it fills
# the sheet from the checks that exist today, statement by statement. The lead replaces
# ``provisional_figure_sheet`` with the real computation when merging; its callers only need a
# ``FigureSheet``.
# ---------------------------------------------------------------------------------------------

# The cross-statement checks and the items each confirms (validation/checks.py).
_CROSS_CHECKS: dict[str, tuple[str, ...]] = {
    "cash_flow_vs_cash": ("cash", "net_increase_in_cash"),
    "retained_earnings_rollforward": ("retained_earnings", "net_profit"),
}


def _identity_items() -> dict[str, tuple[str, set[str]]]:
    """Each identity check's name → (its statement kind, the items it adds up)."""
    from credit_dd.validation.suites import IDENTITIES

    return {
        name: (kind, {i.rstrip("?") for i in left + right})
        for kind, identities in IDENTITIES.items()
        for name, left, right in identities
    }


def provisional_figure_sheet(history: StatementHistory, checks: list[Check]) -> FigureSheet:
    """PLACEHOLDER: every value ``read``; ``verified`` when its statement's own totals hold for that
    period (every identity check of the statement there passed, none failed) or a cross-statement
    check confirms it; ``conflict`` when a check it takes part in fails or two documents disagree."""
    identities = _identity_items()
    kinds = {item: kind for kind in STATEMENT_KINDS for item in default_synonyms().items(kind)}
    by_period: dict[str, list[Check]] = {}
    for check in checks:
        by_period.setdefault(check.period or "", []).append(check)
    disputed = {tuple(note.split(":")[0].split(" ", 1)) for note in history.conflicts}
    figures: dict[date, dict[str, Figure]] = {}
    for period, values in history.values.items():
        held = by_period.get(period.isoformat(), [])
        figures[period] = {
            item: _provisional(value, item, kinds.get(item), held, identities, (period.isoformat(), item) in disputed)
            for item, value in values.items()
        }
    return FigureSheet(figures=figures)


def _provisional(
    value: SourcedValue,
    item: str,
    kind: str | None,
    checks: list[Check],
    identities: dict[str, tuple[str, set[str]]],
    disputed: bool,
) -> Figure:
    def involves(check: Check) -> bool:
        own = identities.get(check.name)
        return item in (own[1] if own else _CROSS_CHECKS.get(check.name, ()))

    statement = [c for c in checks if c.name in identities and identities[c.name][0] == kind]
    holds = bool(statement) and all(c.status == "passed" for c in statement if c.status != "not_checked")
    holds = holds and any(c.status == "passed" for c in statement)
    failed = sorted({c.name for c in checks if c.status == "failed" and involves(c)})
    confirming = sorted(
        {c.name for c in (statement if holds else []) if c.status == "passed"}
        | {c.name for c in checks if c.status == "passed" and c.name in _CROSS_CHECKS and involves(c)}
    )
    status: FigureStatus = "conflict" if failed or disputed else "verified" if confirming else "read"
    return Figure(
        value=value.value,
        status=status,
        checks=confirming if status == "verified" else [],
        failed=failed + (["documents_disagree"] if disputed else []),
        source=FigureSource(
            file=value.file, page=value.page, x=value.x, y=value.y, label=value.label, printed=value.printed
        ),
        derived=value.derived,
        ocr=value.ocr,
    )
