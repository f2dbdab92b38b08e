"""Spreading (issue 25, point 3): which figures the decision needs, and people's figures on top of the reading."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from credit_dd.analysis.analyse import sizing_inputs
from credit_dd.analysis.ratios import compute
from credit_dd.analysis.repayment import repayment_capacity
from credit_dd.case import case_status
from credit_dd.documents.history import StatementHistory
from credit_dd.intake.application import accept
from credit_dd.policy.data import read_policy
from credit_dd.policy.ratios import CATALOGUE
from credit_dd.policy.spreading import read_spreading_policy
from credit_dd.rules.spreading import spreading_findings
from credit_dd.validation.figures import Figure, FigureSheet, FigureSource
from credit_dd.validation.spreading import LedgerEntry, SpreadLedger, corrected_history, spread_figures
from tests.conftest import SAMPLES, history_of

END = date(2025, 12, 31)
AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
NEEDED = {  # a one-period case printing every figure the policy requires
    "cash": 50.0,
    "total_current_assets": 600.0,
    "total_current_liabilities": 400.0,
    "total_assets": 1000.0,
    "total_liabilities": 500.0,
    "total_equity": 500.0,
    "revenue": 900.0,
    "cost_of_sales": 700.0,
    "total_profit": 70.0,
    "net_profit": 50.0,
    "net_cash_from_operating": 80.0,
}


class _Recording:
    """A period's figures for a ratio formula, noting every item it asks for."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def closing(self, item: str) -> float | None:
        self.asked.add(item)
        return 1.0

    average = previous_closing = closing

    @property
    def days(self) -> float:
        return 360.0


class _RecordingHistory(StatementHistory):
    asked: set[str] = set()

    def get(self, period: date, item: str) -> float | None:
        self.asked.add(item)
        return super().get(period, item)


def test_the_policy_lists_every_figure_the_analysis_reads() -> None:
    """The ratio catalogue's inputs, the sizing's and the repayment's are all in spreading.yaml."""
    policy = read_spreading_policy()
    probe = _Recording()
    for ratio in CATALOGUE.values():
        ratio.formula(probe)
    base = history_of(NEEDED | {"interest_expense": 5.0})
    history = _RecordingHistory(values=base.values, kinds=base.kinds, asked=set())
    application = accept(SAMPLES / "e_needs_spreading").application
    sizing_inputs(application, history, compute(base), read_policy())
    repayment_capacity(history)
    missing = (probe.asked | history.asked) - policy.items
    assert not missing, f"the analysis reads {sorted(missing)}, which spreading.yaml does not list"


def _sheet(status: str = "verified", **values: float) -> FigureSheet:
    source = FigureSource(file="documents/fs.pdf", page=1, y=300.0)
    figures = {k: Figure(value=v, status=status, source=source) for k, v in values.items()}  # type: ignore[arg-type]
    return FigureSheet(figures={END: figures})


def _entry(item: str, value: float, action: Any = "keyed", **changes: Any) -> LedgerEntry:
    fields = {
        "period": END,
        "item": item,
        "action": action,
        "value": value,
        "by": "RM0451",
        "at": AT,
        "via": "workbook",
        "old_value": None,
        "old_status": "missing",
        "documents": {"documents/fs.pdf": "a" * 64},
    }
    return LedgerEntry(**(fields | changes))


def test_a_needed_figure_not_printed_waits_for_a_person_until_keyed() -> None:
    """A required figure the statement does not print is missing and pending; keyed, it is a new record
    replacing the missing one, the analysis gets its value, and nothing waits."""
    values = {k: v for k, v in NEEDED.items() if k != "total_current_assets"}
    history = history_of(values, kinds=["balance_sheet", "income_statement", "cash_flow"])
    policy, digests = read_spreading_policy(), {"documents/fs.pdf": "a" * 64}
    waiting = spread_figures(_sheet(**values), history, SpreadLedger(), digests, policy)
    assert [(p.item, p.figure.status) for p in waiting.pending] == [("total_current_assets", "missing")]
    assert case_status(True, None, figures_settled=False) == "needs_spreading"
    ledger = SpreadLedger(entries=[_entry("total_current_assets", 610.0)])
    done = spread_figures(_sheet(**values), history, ledger, digests, policy)
    keyed = done.sheet.get(END, "total_current_assets")
    assert done.pending == [] and keyed is not None
    assert (keyed.status, keyed.value, keyed.by, keyed.replaces.status) == ("keyed", 610.0, "RM0451", "missing")  # type: ignore[union-attr]
    assert corrected_history(history, done).get(END, "total_current_assets") == 610.0
    codes = [f.code for f in spreading_findings(done)]
    assert codes == ["FIGURES_KEYED"] and spreading_findings(waiting)[0].code == "FIGURES_UNCONFIRMED"


def test_a_read_figure_no_check_proves_is_pending_and_a_confirmation_settles_it() -> None:
    """Unverified (read) is flagged like missing; confirmed keeps the value read and names the person."""
    history = history_of(NEEDED, kinds=["balance_sheet", "income_statement", "cash_flow"])
    sheet = _sheet(**NEEDED).figures[END] | {"revenue": Figure(value=900.0, status="read")}
    policy, digests = read_spreading_policy(), {"documents/fs.pdf": "a" * 64}
    waiting = spread_figures(FigureSheet(figures={END: sheet}), history, SpreadLedger(), digests, policy)
    assert [p.item for p in waiting.pending] == ["revenue"]
    ledger = SpreadLedger(entries=[_entry("revenue", 900.0, "confirmed", old_value=900.0, old_status="read")])
    done = spread_figures(FigureSheet(figures={END: sheet}), history, ledger, digests, policy)
    assert done.pending == [] and done.sheet.get(END, "revenue").status == "confirmed"  # type: ignore[union-attr]


def test_a_changed_document_sets_aside_the_figures_it_sourced() -> None:
    """A keyed figure resting on a document whose bytes changed no longer applies: a finding says so and
    the figure waits again; a confirmation lapses when the reading itself changed."""
    values = {k: v for k, v in NEEDED.items() if k != "total_current_assets"}
    history = history_of(values, kinds=["balance_sheet", "income_statement", "cash_flow"])
    policy = read_spreading_policy()
    keyed = _entry("total_current_assets", 610.0)
    confirmed = _entry("revenue", 880.0, "confirmed", old_value=880.0, old_status="read")
    ledger = SpreadLedger(entries=[keyed, confirmed])
    spread = spread_figures(_sheet(**values), history, ledger, {"documents/fs.pdf": "b" * 64}, policy)
    assert [(i.entry.item, i.reason) for i in spread.invalidated] == [
        ("total_current_assets", "document_changed"),
        ("revenue", "document_changed"),
    ]
    assert [p.item for p in spread.pending] == ["total_current_assets"]
    findings = [(f.code, f.variant) for f in spreading_findings(spread)]
    assert ("FIGURE_ENTRY_INVALIDATED", "document_changed") in findings
    same_file = spread_figures(_sheet(**values), history, ledger, {"documents/fs.pdf": "a" * 64}, policy)
    assert [(i.entry.item, i.reason, i.now) for i in same_file.invalidated] == [("revenue", "reading_changed", 900.0)]
