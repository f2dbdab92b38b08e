"""The spreading workbook (issue 25, point 3): written, completed by a person, applied; bad input refused whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from credit_dd.errors import SpreadingError
from credit_dd.package.spreading import new_entries, record_entries, sheet_from_summary
from credit_dd.package.staff import read_roster
from credit_dd.package.workbook import read_answers, write_workbook
from credit_dd.settings import DEFAULT_ROSTER
from credit_dd.validation.figures import Figure, FigureSheet, FigureSource
from credit_dd.validation.spreading import LEDGER, read_ledger

FILE = "documents/fs.pdf"
SHA = "a" * 64


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    """A case folder whose 2025 total current assets is missing and whose revenue was read unproven."""
    source = FigureSource(file=FILE, page=1, y=300.0)
    sheet = FigureSheet(
        figures={
            date(2024, 12, 31): {"total_current_assets": Figure(value=500.0, status="verified", source=source)},
            date(2025, 12, 31): {
                "total_current_assets": Figure(value=None, status="missing", source=source),
                "cash": Figure(value=50.0, status="verified", source=source),
                "revenue": Figure(value=900.0, status="read", source=source.model_copy(update={"page": 2})),
            },
        }
    )
    folder = tmp_path / "APP-1"
    folder.mkdir()
    summary = {"case_id": "APP-1", "figures": sheet.summary(), "documents": [{"file": FILE, "sha256": SHA}]}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def _row(ws: Worksheet, item: str) -> int:
    return next(r[0].row for r in ws.iter_rows(min_row=5) if r[0].value == item)


def _column(ws: Worksheet, header: str) -> int:
    return next(c.column for c in ws[4] if c.value == header)


def _completed(case: Path, edit: Callable[[Worksheet], None]) -> Path:
    path = write_workbook(case)
    book = load_workbook(path)
    edit(book["balance_sheet"] if "balance_sheet" in book.sheetnames else book.active)
    target = case / "completed.xlsx"
    book.save(target)
    return target


def _key_and_confirm(book: Worksheet) -> None:
    book.cell(_row(book, "total_current_assets"), _column(book, "2025-12-31 correct")).value = 610.5


def test_the_workbook_round_trip_records_who_when_old_new_and_the_page(case: Path) -> None:
    """One sheet per statement, figures by period with status, page and a column to correct; a number keys,
    'ok' confirms; the ledger gets each with who, when, old → new and the source page."""
    path = write_workbook(case)
    book = load_workbook(path)
    assert book.sheetnames == ["balance_sheet", "income_statement"]
    ws = book["balance_sheet"]
    row = _row(ws, "total_current_assets")
    assert ws.cell(row, _column(ws, "2025-12-31 status")).value == "missing"
    assert ws.cell(row, _column(ws, "2025-12-31 page")).value == 1
    ws.cell(row, _column(ws, "2025-12-31 correct")).value = 610.5
    income = book["income_statement"]
    income.cell(_row(income, "revenue"), _column(income, "2025-12-31 correct")).value = "ok"
    book.save(path)
    summary = json.loads((case / "summary.json").read_text(encoding="utf-8"))
    answers = read_answers(path, case)
    sheet = sheet_from_summary(summary["figures"])
    entries = new_entries(answers, sheet, "rm0451", read_roster(DEFAULT_ROSTER), {FILE: SHA}, "workbook")
    record_entries(case, entries)
    got = [(e.item, e.action, e.old_value, e.old_status, e.value, e.by, e.page) for e in read_ledger(case).entries]
    assert got == [
        ("total_current_assets", "keyed", None, "missing", 610.5, "RM0451", 1),
        ("revenue", "confirmed", 900.0, "read", 900.0, "RM0451", 2),
    ]
    assert all(e.at.tzinfo is not None and e.documents == {FILE: SHA} for e in read_ledger(case).entries)


def _text_in_a_number_cell(ws: Worksheet) -> None:
    ws.cell(_row(ws, "total_current_assets"), _column(ws, "2025-12-31 correct")).value = "about 610"


def _unknown_field(ws: Worksheet) -> None:
    _key_and_confirm(ws)
    ws.cell(_row(ws, "cash"), 1).value = "cash_at_hand"


def _period_not_in_the_case(ws: Worksheet) -> None:
    _key_and_confirm(ws)
    ws.cell(4, _column(ws, "2024-12-31 correct")).value = "2019-12-31 correct"


def _edited_status(ws: Worksheet) -> None:
    _key_and_confirm(ws)
    ws.cell(_row(ws, "cash"), _column(ws, "2025-12-31 status")).value = "confirmed"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_text_in_a_number_cell, "'about 610' is text, not a number"),
        (_unknown_field, "'cash_at_hand' is not a figure of the balance_sheet (unknown field)"),
        (_period_not_in_the_case, "2019-12-31 is not a period of this case"),
        (_edited_status, "edited ('verified' → 'confirmed'); the status column is the case's"),
    ],
)
def test_a_bad_workbook_is_refused_by_name_and_changes_nothing(
    case: Path, edit: Callable[[Worksheet], None], message: str
) -> None:
    """Text in a number cell, an unknown field, a period not in the case, an edited status: refused, named."""
    with pytest.raises(SpreadingError, match="nothing was recorded") as refused:
        read_answers(_completed(case, edit), case)
    assert message in str(refused.value)
    assert not (case / LEDGER).exists()


def test_an_id_not_on_the_roster_is_refused_and_changes_nothing(case: Path) -> None:
    """--by must be an employee id on the staff roster."""
    answers = read_answers(_completed(case, _key_and_confirm), case)
    summary = json.loads((case / "summary.json").read_text(encoding="utf-8"))
    with pytest.raises(SpreadingError, match="'XX9999' is not an employee id on the staff roster"):
        new_entries(
            answers, sheet_from_summary(summary["figures"]), "XX9999", read_roster(DEFAULT_ROSTER), {}, "workbook"
        )
    assert not (case / LEDGER).exists()


def test_the_checker_sees_how_many_figures_people_entered_before_signing(tmp_path: Path) -> None:
    """The review form and `credit-dd review` print the count of keyed and confirmed figures first."""
    from credit_dd.package.spreading import keyed_line

    (tmp_path / "summary.json").write_text(json.dumps({"spreading": {"keyed": 1, "confirmed": 2}}), encoding="utf-8")
    assert keyed_line(tmp_path) == (
        "1 figure(s) keyed and 2 confirmed by a person (人工录入): see spreading.json in the package"
    )
    (tmp_path / "summary.json").write_text(json.dumps({"spreading": {"keyed": 0, "confirmed": 0}}), encoding="utf-8")
    assert keyed_line(tmp_path) is None
