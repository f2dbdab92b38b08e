"""The product checklist: missing, too few periods, stale."""

from __future__ import annotations

from datetime import date

from credit_dd.documents.bankstatements import BankStatement
from credit_dd.documents.files import ParsedDocument
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.statements import SourcedValue
from credit_dd.policy.data import read_checklists
from credit_dd.validation.completeness import blocks_analysis, check_checklist

ENTRIES = read_checklists().products["working_capital_loan"]
RECEIVED = date(2026, 11, 20)


def _history(*years: int) -> StatementHistory:
    value = SourcedValue(value=1.0, file="f", page=1, x=0, y=0, label="x")
    periods = [date(y, 12, 31) for y in years]
    return StatementHistory(
        values={p: {"total_assets": value} for p in periods},
        kinds={p: ["balance_sheet", "income_statement"] for p in periods},
    )


def _bank(start: date, end: date) -> ParsedDocument:
    statement = BankStatement(
        file="b.pdf",
        currency="CNY",
        period_start=start,
        period_end=end,
        opening_balance=0,
        closing_balance=0,
        opening_printed=False,
        transactions=[],
    )
    return ParsedDocument(
        file="b.pdf", sha256="x", size=1, true_type="pdf", kind="bank_statement", bank_statement=statement
    )


def _licence() -> ParsedDocument:
    return ParsedDocument(file="l.pdf", sha256="y", size=1, true_type="pdf", kind="business_licence")


def _contract() -> ParsedDocument:
    return ParsedDocument(file="c.pdf", sha256="z", size=1, true_type="pdf", kind="contract")


def test_a_complete_application_has_no_checklist_deficiency() -> None:
    """Two fiscal years, a licence, 12 recent months of bank statements and the purpose contract satisfy it."""
    documents = [_licence(), _contract(), _bank(date(2025, 11, 3), date(2026, 10, 28))]
    found = check_checklist(ENTRIES, documents, _history(2024, 2025), RECEIVED)
    assert found == [] and not blocks_analysis(found)


def test_everything_missing_is_listed_at_once() -> None:
    """No licence, one fiscal year, no bank statement and no contract: five entries, all in one list."""
    found = check_checklist(ENTRIES, [], _history(2025), RECEIVED)
    assert [d.code for d in found] == ["DOC_MISSING"] * 5 and blocks_analysis(found)


def test_old_statements_and_short_or_old_bank_statements_are_flagged() -> None:
    """Statements older than 18 months are stale; six months of bank statements ending in spring are short and stale."""
    documents = [_licence(), _contract(), _bank(date(2025, 12, 1), date(2026, 5, 31))]
    found = check_checklist(ENTRIES, documents, _history(2023, 2024), RECEIVED)
    codes = sorted(d.code for d in found)
    assert codes == ["DOC_MISSING", "DOC_STALE", "DOC_STALE", "DOC_STALE"]
