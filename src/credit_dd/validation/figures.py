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
from credit_dd.documents.statements import SourcedValue
from credit_dd.validation.dating import Dating
from credit_dd.validation.evidence import Evidence, gather_evidence

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


# --- computing the sheet -------------------------------------------------------------------------

# The figures a decision needs: a statement of that kind that does not print one leaves it missing.
CORE_ITEMS: dict[str, tuple[str, ...]] = {
    "balance_sheet": ("total_assets", "total_liabilities", "total_equity", "total_liabilities_and_equity"),
    "income_statement": ("revenue", "net_profit"),
    "cash_flow": ("net_cash_from_operating",),
}
CLASSIFIED_ITEMS = ("total_current_assets", "total_current_liabilities")  # not on a bank's balance sheet


def _figure(value: SourcedValue, evidence: Evidence | None) -> Figure:
    evidence = evidence or Evidence()
    if evidence.failed:
        status: FigureStatus = "conflict"
    elif evidence.holds and not evidence.unverifiable:
        status = "verified"
    else:
        status = "read"
    return Figure(
        value=value.value,
        status=status,
        checks=sorted(evidence.holds) if status == "verified" else [],
        failed=sorted(evidence.failed),
        source=FigureSource(
            file=value.file, page=value.page, x=value.x, y=value.y, label=value.label, printed=value.printed
        ),
        candidates=[Candidate(value=v.value, file=v.file, page=v.page, label=v.label) for v in evidence.candidates],
        derived=value.derived,
        ocr=value.ocr,
    )


def _missing(history: StatementHistory, period: date) -> dict[str, Figure]:
    wanted = [item for kind in history.kinds.get(period, []) for item in CORE_ITEMS.get(kind, ())]
    if "balance_sheet" in history.kinds.get(period, []) and not history.unclassified(period):
        wanted += CLASSIFIED_ITEMS
    return {item: Figure(value=None, status="missing") for item in wanted if item not in history.values[period]}


def build_sheet(dating: Dating, history: StatementHistory) -> FigureSheet:
    """Every figure of the case's history with its status: the checks of each document (relations and
    footings), the ties across documents, the period doubts; and the core figures not printed."""
    evidence = gather_evidence(dating, history.currency)
    figures = {
        period: {item: _figure(value, evidence.get((value.file, period, item))) for item, value in items.items()}
        | _missing(history, period)
        for period, items in history.values.items()
    }
    return FigureSheet(figures=figures)
