"""The spreading workbook: a case's figures in xlsx for a person who works outside the dashboard.

One sheet per statement; a row per figure; per period four columns: the value read, its status,
its source page, and ``correct``, the only column a person writes in: a number keys the figure,
``ok`` confirms the reading. Everything else is the case's and is checked on the way back: a
workbook with text in a number cell, an unknown figure, a period not in the case, or an edited
value or status is refused whole, each problem named, and nothing is recorded.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
from credit_dd.errors import SpreadingError
from credit_dd.package.spreading import Answer, sheet_from_summary
from credit_dd.policy.findings import term
from credit_dd.validation.figures import FLAGGED, Figure, FigureSheet

WORKBOOK = "spreading.xlsx"
HEADER_ROW, FIRST_ROW, FIRST_COLUMN = 4, 5, 3  # column A the item, B its Chinese name
PARTS = ("value", "status", "page", "correct")
CONFIRM = {"ok", "✓", "confirm", "确认"}
_COLUMN = re.compile(r"^(\d{4}-\d{2}-\d{2}) (value|status|page|correct)$")
_FLAGGED = PatternFill("solid", fgColor="FFF2CC")
HOW_TO = (
    "In a 'correct' column: a number keys the figure (in yuan), 'ok' confirms the reading. "
    "Change nothing else; then: credit-dd spread <case folder> --apply <this file> --by <employee id>"
)


def read_summary(case_folder: Path) -> dict[str, Any]:
    """Raises:
    SpreadingError: the folder holds no readable case summary."""
    try:
        return dict(json.loads((case_folder / "summary.json").read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise SpreadingError(f"{case_folder}: not a case folder (no readable summary.json: {exc})") from None


def _kinds() -> dict[str, list[str]]:
    synonyms = default_synonyms()
    return {kind: synonyms.items(kind) for kind in STATEMENT_KINDS}


def write_workbook(case_folder: Path, target: Path | None = None) -> Path:
    """The case's spreading workbook (default ``<case folder>/spreading.xlsx``)."""
    summary = read_summary(case_folder)
    sheet = sheet_from_summary(summary.get("figures", {}))
    book = Workbook()
    book.remove(book.active)
    for kind, items in _kinds().items():
        rows = [i for i in items if any(i in figures for figures in sheet.figures.values())]
        if rows:
            _write_sheet(book.create_sheet(kind), summary["case_id"], sheet, rows)
    target = target or case_folder / WORKBOOK
    book.save(target)
    return target


def _write_sheet(ws: Worksheet, case_id: str, sheet: FigureSheet, items: list[str]) -> None:
    periods = sorted(sheet.figures)
    ws.append(["case", case_id])
    ws.append([HOW_TO])
    ws.append([])
    ws.append(["item", "name"] + [f"{p.isoformat()} {part}" for p in periods for part in PARTS])
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    for item in items:
        row: list[Any] = [item, term(item, "zh")]
        for period in periods:
            figure = sheet.get(period, item)
            source = figure.source if figure else None
            row += [
                figure.value if figure else None,
                figure.status if figure else None,
                source.page if source else None,
            ]
            row.append(None)
        ws.append(row)
        for offset, period in enumerate(periods):
            figure = sheet.get(period, item)
            if figure is not None and figure.status in FLAGGED:
                ws.cell(ws.max_row, FIRST_COLUMN + offset * len(PARTS) + 3).fill = _FLAGGED
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 22
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COLUMN)


def read_answers(path: Path, case_folder: Path) -> list[Answer]:
    """Every answer a person wrote in the workbook.

    Raises:
        SpreadingError: the file is not this case's workbook, or any cell is wrong (each one named).
    """
    summary = read_summary(case_folder)
    sheet = sheet_from_summary(summary.get("figures", {}))
    try:
        book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as exc:
        raise SpreadingError(f"{path}: not a spreading workbook ({exc})") from None
    problems: list[str] = []
    answers: list[Answer] = []
    kinds = _kinds()
    for ws in book.worksheets:
        if ws.title not in kinds:
            problems.append(f"sheet {ws.title!r}: not a statement of the workbook ({', '.join(kinds)})")
            continue
        if ws.cell(1, 2).value != summary["case_id"]:
            problems.append(f"sheet {ws.title}: the workbook of case {ws.cell(1, 2).value}, not {summary['case_id']}")
            continue
        answers += _read_sheet(ws, sheet, set(kinds[ws.title]), problems)
    if problems:
        shown = problems[:12] + ([f"… and {len(problems) - 12} more"] if len(problems) > 12 else [])
        raise SpreadingError(f"{path.name}: " + "; ".join(shown) + "; nothing was recorded")
    return answers


def _columns(ws: Worksheet, sheet: FigureSheet, problems: list[str]) -> dict[int, tuple[date, str]]:
    found = {}
    for cell in ws[HEADER_ROW][FIRST_COLUMN - 1 :]:
        match = _COLUMN.match(str(cell.value or ""))
        if match is None:
            problems.append(
                f"sheet {ws.title} column {cell.column_letter}: {cell.value!r} is not a column of the workbook"
            )
            continue
        period = date.fromisoformat(match.group(1))
        if period not in sheet.figures:
            periods = ", ".join(p.isoformat() for p in sorted(sheet.figures))
            problems.append(
                f"sheet {ws.title} column {cell.column_letter}: {period} is not a period of this case ({periods})"
            )
            continue
        found[cell.column] = (period, match.group(2))
    return found


def _read_sheet(ws: Worksheet, sheet: FigureSheet, known: set[str], problems: list[str]) -> list[Answer]:
    columns = _columns(ws, sheet, problems)
    answers = []
    for row in ws.iter_rows(min_row=FIRST_ROW):
        item = row[0].value
        if item is None and all(c.value is None for c in row):
            continue
        where = f"sheet {ws.title} row {row[0].row}"
        if not isinstance(item, str) or item not in known:
            problems.append(f"{where}: {item!r} is not a figure of the {ws.title} (unknown field)")
            continue
        for cell in row[FIRST_COLUMN - 1 :]:
            if cell.column in columns:
                period, part = columns[cell.column]
                answer = _cell(cell.value, part, sheet.get(period, item), f"{where} ({item} {period} {part})", problems)
                if answer is not None:
                    answers.append(Answer(period=period, item=item, **answer))
    return answers


def _cell(value: Any, part: str, figure: Figure | None, where: str, problems: list[str]) -> dict[str, Any] | None:
    """The answer a ``correct`` cell gives; any other column must still say what the case says."""
    if part != "correct":
        case = _cased(figure, part)
        if not _same(value, case):
            problems.append(
                f"{where}: edited ({case!r} → {value!r}); the {part} column is the case's, write in 'correct'"
            )
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().lower() in CONFIRM:
        return {"action": "confirm"}
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where}: {value!r} is text, not a number (a number keys the figure, 'ok' confirms it)")
        return None
    if figure is None:
        problems.append(f"{where}: no such figure in this case for that period")
        return None
    return {"action": "key", "value": float(value)}


def _cased(figure: Figure | None, part: str) -> Any:
    """What the case says in a column other than ``correct``."""
    if figure is None:
        return None
    if part == "value":
        return figure.value
    if part == "status":
        return figure.status
    return figure.source.page if figure.source else None


def _same(value: Any, case: Any) -> bool:
    if isinstance(case, float) and isinstance(value, int | float) and not isinstance(value, bool):
        return abs(value - case) < 0.005
    return value == case
