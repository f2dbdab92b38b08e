"""The evidence on every figure of every document: which named checks hold for it, which fail.

Gathered per document (its statements merged on their own): the statements' footings
(``footings``), the relations and ties (``relations``), the liability rows of a balance sheet
without a total-liabilities line; then across documents (a prior-period column against another
report's current one), the period doubts (``dating``) and the statements read under an assumed
unit. ``figures.build_sheet`` turns the evidence into statuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from credit_dd.documents.derived_totals import derivation_parts
from credit_dd.documents.history import StatementHistory, merge_statements
from credit_dd.documents.labels import simplified
from credit_dd.documents.statements import ExtractedStatement, SourcedValue
from credit_dd.validation.dating import Dating
from credit_dd.validation.footings import Footing, liabilities_block, of_which_footings, statement_footings
from credit_dd.validation.relations import (
    RELATION_ITEMS,
    RELATIONS,
    UNIT_TIES,
    Outcome,
    left_out_of_summary,
    relation_outcomes,
    unit_mismatch,
)

# A total can be a part of a footing without that proving which total it is (total equity or the
# owners' share of it): only as the total of a footing, or in an identity, does it count.
_TOTALS = frozenset(
    {
        "total_assets",
        "total_liabilities",
        "total_equity",
        "total_liabilities_and_equity",
        "total_current_assets",
        "total_current_liabilities",
        "total_non_current_assets",
        "total_non_current_liabilities",
        "net_profit",
        "total_profit",
        "operating_profit",
    }
)
Key = tuple[str, date, str]  # (file, period, item)


@dataclass
class Evidence:
    holds: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    candidates: list[SourcedValue] = field(default_factory=list)  # the competing readings, in conflict
    unverifiable: bool = False  # read under an assumed unit: no arithmetic can prove the scale


@dataclass
class _Ledger:
    """What every check said about every figure of every document."""

    evidence: dict[Key, Evidence] = field(default_factory=dict)
    histories: dict[str, StatementHistory] = field(default_factory=dict)
    footed: dict[Key, set[str]] = field(default_factory=dict)  # a total that foots → the items it adds up

    def note(self, key: Key, name: str, holds: bool) -> None:
        found = self.evidence.setdefault(key, Evidence())
        (found.holds if holds else found.failed).add(name)


def _relations(ledger: _Ledger, file: str, history: StatementHistory, statements: list[ExtractedStatement]) -> None:
    for outcome in relation_outcomes(history):
        # A summary that leaves out the exchange-rate line (主要数据) cannot accuse its cash flows: the
        # line left out is unknown, not nothing. One that prints it accuses as a full statement does.
        left_out = left_out_of_summary(history, outcome.period, RELATION_ITEMS[outcome.name])
        if outcome.holds:
            for period, item in outcome.members:
                # a derived member stands for the figures it sums: they hold the identity too
                for proved in [item, *derivation_parts(item, history.values.get(period, {}))]:
                    ledger.note((file, period, proved), outcome.name, True)
        elif outcome.definitive and not left_out and not _footed_instead(ledger, file, outcome):
            for period, item in outcome.members:
                ledger.note((file, period, item), outcome.name, False)
        if unit_mismatch(history, outcome):  # one of the two statements was read in the wrong unit
            _wrong_unit(ledger, file, [s for s in statements if s.kind in UNIT_TIES[outcome.name]])


def _wrong_unit(ledger: _Ledger, file: str, statements: list[ExtractedStatement]) -> None:
    for statement in statements:
        for period, items in statement.values.items():
            for item in items:
                ledger.note((file, period, item), "unit", False)


# Only the cash-flow chain: a balance-sheet identity that fails points at a misread total (the owners'
# share taken for total equity), which a footing of that very total would not show.
_CHAINS = frozenset({"net_increase", "cash_roll", "operating_subtotals", "investing_subtotals", "financing_subtotals"})
_RESULTS = {r.name: {item.rstrip("?") for _, item, _ in r.forms[0][1]} for r in RELATIONS if r.name in _CHAINS}


def _footed_instead(ledger: _Ledger, file: str, outcome: Outcome) -> bool:
    """A failed identity whose result foots on its printed rows, its other figures among them: the
    statement prints a line the identity does not know (cash classified as held for sale), no misread."""
    for period, item in outcome.members:
        if item in _RESULTS.get(outcome.name, set()):
            parts = ledger.footed.get((file, period, item), set())
            others = {i for p, i in outcome.members if i != item}
            if others and others <= parts:
                return True
    return False


def _footings(
    ledger: _Ledger, file: str, history: StatementHistory, statement: ExtractedStatement, footings: list[Footing]
) -> None:
    composed = _composed(history, statement)
    for footing in footings + of_which_footings(statement):
        name = f"footing:{statement.rows[footing.total].label.strip()[:40] or 'total'}"
        parts = [key for index in footing.parts for key in _read_from(history, statement, index)]
        parts += [key for key, rows in composed.items() if rows <= set(footing.parts)]
        for period, item in _read_from(history, statement, footing.total):
            ledger.note((file, period, item), name, True)
            ledger.footed.setdefault((file, period, item), set()).update(i for p, i in parts if p == period)
        for period, item in parts:
            if item not in _TOTALS:
                ledger.note((file, period, item), name, True)


def _composed(history: StatementHistory, statement: ExtractedStatement) -> dict[tuple[date, str], set[int]]:
    """Figures read as the sum of several printed rows (预收款项 and 合同负债 are both advances from
    customers), each with the rows it adds: a footing that adds all of them proves the figure."""
    found: dict[tuple[date, str], set[int]] = {}
    for column, spec in enumerate(statement.columns):
        rows: dict[str, list[int]] = {}
        for index, row in enumerate(statement.rows):
            if row.item and column in row.values:
                rows.setdefault(row.item, []).append(index)
        for item, indices in rows.items():
            chosen = history.values.get(spec.end, {}).get(item)
            total = sum(statement.rows[i].values[column] for i in indices)
            if len(indices) > 1 and chosen is not None and not chosen.derived and abs(chosen.value - total) <= 1e-6:
                found[(spec.end, item)] = set(indices)
    return found


def _liabilities(
    ledger: _Ledger, file: str, history: StatementHistory, statement: ExtractedStatement, footings: list[Footing]
) -> None:
    """A total liabilities derived from the totals (no line prints it) is proved by the liability rows:
    the rows printed between total assets and the equity heading, or the side's own footing when the
    equity it adds is the one taken off it (a side printed equity first, or a utility's capitalization
    of equity and long-term debt, then the liabilities)."""
    block = liabilities_block(statement)
    for column, value in (block.values if block else {}).items():
        period = statement.columns[column].end
        derived = history.values.get(period, {}).get("total_liabilities")
        if block and derived is not None and derived.derived and abs(derived.value - value) <= block.tolerance:
            ledger.note((file, period, "total_liabilities"), "footing:liabilities", True)
    for period in _side_less_equity(history, statement, footings):
        ledger.note((file, period, "total_liabilities"), "footing:liabilities", True)


# A part of the side that is equity, not a liability (the non-controlling interests printed beside
# the owners' total, preference shares, perpetual securities, a reserve): the side less the owners' equity
# would count it as a liability. A liability worded so (loss reserves) only leaves the total unproven.
_EQUITY_PART = re.compile(
    r"equity|non-?controlling|minority|preferred|preference|perpetual|outside\s+shareholders|interests?\s+of\s+others"
    r"|\bstock\b|\bshares?\b|reserves?\b|权益|少数股东|非控制|非控股|优先股|永续|股本|储备|公积",
    re.I,
)


def _side_less_equity(history: StatementHistory, statement: ExtractedStatement, footings: list[Footing]) -> set[date]:
    """The periods whose derived total liabilities (liabilities and equity less equity and mezzanine) is
    the rest of a liabilities-and-equity total that foots: the equity read is among what it adds,
    nothing else it adds reads as equity, and what else it adds comes to the derived total."""
    parts = {f.total: f.parts for f in footings}
    proved: set[date] = set()
    for footing in footings:
        for period, item in _read_from(history, statement, footing.total):
            derived = history.values.get(period, {}).get("total_liabilities")
            if item != "total_liabilities_and_equity" or derived is None or not derived.derived:
                continue
            equity = {
                i
                for i, row in enumerate(statement.rows)
                if (period, "total_equity") in _read_from(history, statement, i)
            }
            found = _liability_parts(statement, parts, footing.parts, equity, period, history) if equity else None
            column = next(c for c, spec in enumerate(statement.columns) if spec.end == period)
            rows = [statement.rows[i] for i in found or ()]
            tolerance = max((r.step for r in rows), default=0.0) * (len(rows) + 1) / 2 + 1e-6
            if found is not None and abs(sum(r.values.get(column, 0.0) for r in rows) - derived.value) <= tolerance:
                proved.add(period)
    return proved


def _liability_parts(
    statement: ExtractedStatement,
    parts: dict[int, tuple[int, ...]],
    rows: tuple[int, ...],
    equity: set[int],
    period: date,
    history: StatementHistory,
) -> list[int] | None:
    """The rows added (opened down to the equity row) besides the equity row and the mezzanine equity the
    derivation takes off: ``None`` unless the equity row is among them once and none of them reads as equity."""
    found, liabilities = 0, list[int]()
    for index in rows:
        if index in equity:
            found += 1
        elif _under(parts, index) & equity:
            inner = _liability_parts(statement, parts, parts[index], equity, period, history)
            if inner is None:
                return None
            found, liabilities = found + 1, liabilities + inner
        elif (period, "mezzanine_equity") in _read_from(history, statement, index):
            continue
        elif _EQUITY_PART.search(simplified(statement.rows[index].label)):
            return None
        else:
            liabilities.append(index)
    return liabilities if found == 1 else None


def _under(parts: dict[int, tuple[int, ...]], index: int) -> set[int]:
    """Every row a footed total adds, through the subtotals it adds."""
    found: set[int] = set()
    for part in parts.get(index, ()):
        found |= {part} | _under(parts, part)
    return found


def _read_from(history: StatementHistory, statement: ExtractedStatement, index: int) -> list[tuple[date, str]]:
    """The (period, item) figures of the history that were read from one printed row (a row can stand
    for two items: "Net income attributable to common shareholders" is the net profit when nothing
    is attributed to others)."""
    row = statement.rows[index]
    found = []
    for column, value in row.values.items():
        period = statement.columns[column].end
        for item, chosen in history.values.get(period, {}).items():
            # A cost turned positive from its printed negative is still the row's (derived_totals.COSTS).
            if (chosen.page, chosen.y, abs(chosen.value)) == (row.page, row.y, abs(value)) and not chosen.derived:
                found.append((period, item))
    return found


def _across_documents(ledger: _Ledger) -> None:
    """One document's figure against another's for the same period and item. A prior-period column
    equal to another report's current one proves both (the two were dated independently); any
    difference puts them in conflict, each reading kept as a candidate."""
    seen: dict[tuple[date, str], list[tuple[str, SourcedValue, bool]]] = {}
    for file, history in ledger.histories.items():
        latest = max(history.periods, default=None)
        for period, items in history.values.items():
            for item, value in items.items():
                if not value.derived:
                    seen.setdefault((period, item), []).append((file, value, period == latest))
    for (period, item), readings in seen.items():
        if len({file for file, _, _ in readings}) < 2:
            continue
        first = readings[0][1]
        agree = all(abs(v.value - first.value) <= max(v.step, first.step) + 1e-6 for _, v, _ in readings)
        if agree and len({current for _, _, current in readings}) < 2:
            continue  # two current columns (or two prior ones) agreeing may share one misreading
        candidates = [] if agree else [v for _, v, _ in readings]
        for file, _value, _current in readings:
            ledger.note((file, period, item), "cross_document_tie", agree)
            ledger.evidence[(file, period, item)].candidates = candidates


def _doubted(ledger: _Ledger, dating: Dating) -> None:
    for doubt in dating.doubts:
        for statement in dating.statements.get(doubt.file, []):
            if statement.kind == doubt.kind and statement.pages[0] == doubt.page:
                for item in statement.values.get(doubt.period, {}):
                    ledger.note((doubt.file, doubt.period, item), "period", False)


def _assumed_units(ledger: _Ledger, dating: Dating) -> None:
    """Figures read under an assumed unit prove nothing; under a unit taken from the document's other
    statements, only once a tie with one of them holds (its own footings cannot tell the scale)."""
    for file, statements in dating.statements.items():
        for statement in statements:
            if not (statement.unit_assumed or statement.unit_inherited):
                continue
            for period, items in statement.values.items():
                keys = [(file, period, item) for item in items]
                tied = statement.unit_inherited and any(
                    set(UNIT_TIES) & ledger.evidence.get(key, Evidence()).holds for key in keys
                )
                for key in keys if not tied else ():
                    ledger.evidence.setdefault(key, Evidence()).unverifiable = True


def gather_evidence(dating: Dating, currency: str) -> dict[Key, Evidence]:
    """Every check's word on every figure of every document, keyed by (file, period, item)."""
    ledger = _Ledger()
    for file, statements in dating.statements.items():
        history = ledger.histories[file] = merge_statements(statements, currency)
        for statement in statements:
            footings = statement_footings(statement)
            _footings(ledger, file, history, statement, footings)
            _liabilities(ledger, file, history, statement, footings)
        _relations(ledger, file, history, statements)
    _across_documents(ledger)
    _doubted(ledger, dating)
    _assumed_units(ledger, dating)
    return ledger.evidence
