"""The spread in the case folder: the ledger of people's figures, and a crop of the page around each
figure that waits for a person (what the dashboard form and the workbook link to).

``spreading.json`` (the ledger) is written into the case folder and its approval package, so it
is signed with everything else; a re-run reads it back from the case folder (``read_ledger``), and
the case's freshness includes it, so a new entry is never "unchanged". Each entry also goes into
the package's audit trail as who, when, old → new and the source page.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import pdfplumber
from pydantic import BaseModel, ConfigDict

from credit_dd.case import CaseResult
from credit_dd.documents.labels import default_synonyms, normalise_label
from credit_dd.errors import ReviewError, SpreadingError
from credit_dd.masking import mask_text
from credit_dd.package.staff import Roster
from credit_dd.policy.findings import term
from credit_dd.validation.figures import Figure, FigureSheet, FigureSource
from credit_dd.validation.spreading import (
    LEDGER,
    LedgerEntry,
    Pending,
    SpreadLedger,
    Via,
    entry_documents,
    read_ledger,
)

CROPS = "spreading"  # the case folder's sub-folder of page crops
CROP_ABOVE, CROP_BELOW = 70.0, 50.0  # points of the page shown above and below the figure's line
CROP_RESOLUTION = 110  # dots per inch: the digits legible, a crop a few tens of kilobytes


def crop_name(period: date, item: str) -> str:
    """The crop's file name (also its artifact key's tail: lower case, digits and dashes)."""
    return f"{period.isoformat()}-{item.replace('_', '-')}.png"


def _label_y(page: Any, labels: list[str]) -> float | None:
    """Where a row label is printed on the page (a figure never read has no position of its own)."""
    wanted = set(labels)  # normalised already
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=True):
        if normalise_label(word["text"]) in wanted:
            return float(word["top"])
    return None


def item_labels(item: str) -> tuple[str, ...]:
    """Every printed label of a canonical item (line_items.yaml), normalised."""
    return tuple(text for (_kind, text), s in default_synonyms().exact.items() if s.item == item)


def write_crop(document: Path, page: int, y: float | None, target: Path, labels: tuple[str, ...] = ()) -> bool:
    """A PNG of the page band around ``y`` (points from the top), else around the first of ``labels``
    found on the page, else the whole page. ``False`` when the page cannot be drawn (not a PDF)."""
    try:
        with pdfplumber.open(document) as pdf:
            drawn = pdf.pages[page - 1]
            y = y if y is not None else _label_y(drawn, list(labels))
            if y is not None:
                top = max(y - CROP_ABOVE, 0.0)
                drawn = drawn.crop((0, top, drawn.width, min(y + CROP_BELOW, drawn.height)))
            target.parent.mkdir(parents=True, exist_ok=True)
            drawn.to_image(resolution=CROP_RESOLUTION).save(target)
    except Exception:  # a third-party renderer at the boundary: no crop, the page number still stands
        return False
    return True


def write_crops(application_dir: Path, case: CaseResult, folder: Path) -> dict[tuple[date, str], Path]:
    """A crop for each figure that waits for a person and has a source page."""
    written = {}
    for pending in case.spreading.pending if case.spreading else []:
        source = pending.figure.source
        if source is None:
            continue
        target = folder / CROPS / crop_name(pending.period, pending.item)
        if write_crop(application_dir / source.file, source.page, source.y, target, item_labels(pending.item)):
            written[(pending.period, pending.item)] = target
    return written


def crop_of(folder: Path, pending: Pending) -> Path | None:
    """The case folder's crop of a pending figure, when one was drawn."""
    path = folder / CROPS / crop_name(pending.period, pending.item)
    return path if path.is_file() else None


def write_ledger(case: CaseResult, folder: Path) -> None:
    """The ledger, when anyone entered a figure (``folder`` is the case folder or its package)."""
    ledger = case.spreading.ledger if case.spreading else SpreadLedger()
    if ledger.entries:
        (folder / LEDGER).write_text(ledger.text(), encoding="utf-8")


def ledger_text(case: CaseResult) -> str:
    """What the case's freshness takes from its ledger ("" when nobody entered a figure)."""
    ledger = case.spreading.ledger if case.spreading else SpreadLedger()
    return ledger.text() if ledger.entries else ""


def audit_entry(entry: LedgerEntry, applied: bool) -> dict[str, Any]:
    """One entry as the audit trail shows it: who, when, old → new, the source page."""
    return {
        "who": entry.by,
        "when": entry.at.isoformat(),
        "figure": f"{entry.period.isoformat()} {entry.item}",
        "action": entry.action,
        "old": entry.old_value,
        "old_status": entry.old_status,
        "new": entry.value,
        "source": None if entry.file is None else {"file": entry.file, "page": entry.page},
        "via": entry.via,
        "in_force": applied,
    }


def audit_trail(case: CaseResult) -> list[dict[str, Any]]:
    """Every entry of the ledger, each saying whether it is in force (a changed document sets one aside)."""
    if case.spreading is None:
        return []
    applied = case.spreading.applied
    return [audit_entry(e, e in applied) for e in case.spreading.ledger.entries]


class Answer(BaseModel):
    """A person's answer on one figure: confirm the reading, or key their own value."""

    model_config = ConfigDict(extra="forbid")

    period: date
    item: str
    action: Literal["confirm", "key"]
    value: float | None = None


def sheet_from_summary(figures: dict[str, dict[str, dict[str, Any]]]) -> FigureSheet:
    """The figure sheet as ``summary.json`` gives it (status, value, source page, who)."""
    return FigureSheet(
        figures={
            date.fromisoformat(period): {item: _figure(entry) for item, entry in items.items()}
            for period, items in figures.items()
        }
    )


def _figure(entry: dict[str, Any]) -> Figure:
    source = entry.get("source")
    return Figure(
        value=entry.get("value"),
        status=entry["status"],
        checks=entry.get("checks", []),
        by=entry.get("by"),
        source=None if not source else FigureSource(file=source["file"], page=source["page"], y=source.get("y")),
    )


def new_entries(
    answers: list[Answer], sheet: FigureSheet, by: str, roster: Roster, digests: dict[str, str], via: Via
) -> list[LedgerEntry]:
    """The ledger entries of a person's answers, all or none.

    Raises:
        SpreadingError: an id not on the roster, a period or figure not in the case, a key without a
            value, a confirmation of a figure that was never read; the message names each one.
    """
    try:
        person = roster.person(by).employee_id
    except ReviewError:
        raise SpreadingError(f"{by!r} is not an employee id on the staff roster (version {roster.version})") from None
    at = datetime.now(UTC)
    problems, entries = [], []
    for answer in answers:
        figure, problem = _answered(answer, sheet)
        if problem:
            problems.append(problem)
            continue
        assert figure is not None
        value = figure.value if answer.action == "confirm" else answer.value
        entries.append(
            LedgerEntry(
                period=answer.period,
                item=answer.item,
                action="confirmed" if answer.action == "confirm" else "keyed",
                value=float(value or 0.0),
                by=person,
                at=at,
                via=via,
                old_value=figure.value,
                old_status=figure.status,
                file=figure.source.file if figure.source else None,
                page=figure.source.page if figure.source else None,
                documents=entry_documents(sheet, answer.period, answer.item, digests),
            )
        )
    if problems:
        raise SpreadingError("; ".join(problems) + "; nothing was recorded")
    return entries


def _answered(answer: Answer, sheet: FigureSheet) -> tuple[Figure | None, str | None]:
    where = f"{answer.period} {answer.item}"
    if answer.period not in sheet.figures:
        periods = ", ".join(p.isoformat() for p in sorted(sheet.figures)) or "none"
        return None, f"{answer.period}: not a period of this case (its periods: {periods})"
    figure = sheet.get(answer.period, answer.item)
    if figure is None:
        return None, f"{where}: no such figure in this case's statements for that period"
    if answer.action == "key" and answer.value is None:
        return None, f"{where}: keyed without a value"
    if answer.action == "confirm" and figure.value is None:
        return None, f"{where}: nothing was read to confirm ({figure.status}); key the value instead"
    return figure, None


def record_entries(case_folder: Path, entries: list[LedgerEntry]) -> SpreadLedger:
    """Append entries to the case folder's ledger (the next run applies them).

    Raises:
        SpreadingError: the ledger there is not one (edited by hand).
    """
    ledger = read_ledger(case_folder).with_entries(entries)
    path = case_folder / LEDGER
    staging = path.with_suffix(".json.tmp")
    staging.write_text(ledger.text(), encoding="utf-8")
    staging.replace(path)  # whole or not at all
    return ledger


def _item_name(item: str) -> str:
    zh = term(item, "zh")
    return f"{zh} {item}" if zh != item else item


def form_markdown(case: CaseResult, folder: Path, refusal: str | None = None) -> str:
    """The dashboard form's description: each figure that waits, its candidates, file, page and crop."""
    pending = case.spreading.pending if case.spreading else []
    lines = [
        f"## Spreading of {case.case_id}: {len(pending)} figure(s) the decision needs",
        "",
        "Confirm the reading (`confirm`) or key the figure from the page (`key`, with its value in yuan), "
        "then give your employee id. Each answer is recorded with your id and the time, old → new, and "
        "signed into the package.",
        "",
        "| period | figure | status | read | candidates | file, page | crop |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in pending:
        figure, source = p.figure, p.figure.source
        crop = crop_of(folder, p)
        candidates = "; ".join(f"{c.value:,.2f} ({mask_text(c.file)} p.{c.page})" for c in figure.candidates) or "—"
        lines.append(
            f"| {p.period} | {_item_name(p.item)} | **{figure.status}** "
            f"| {'—' if figure.value is None else f'{figure.value:,.2f}'} | {candidates} "
            f"| {mask_text(source.file) + f' p.{source.page}' if source else '—'} "
            f"| {f'[{crop.name}]({crop.resolve().as_uri()})' if crop else '—'} |"
        )
    if refusal:
        lines += ["", f"**The previous answer was not recorded:** {refusal}"]
    return "\n".join(lines)


def keyed_line(folder: Path) -> str | None:
    """How many figures people keyed or confirmed in the case (its summary), for the checker to see first."""
    try:
        spread = json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("spreading") or {}
    except (OSError, ValueError):
        return None
    keyed, confirmed = spread.get("keyed", 0), spread.get("confirmed", 0)
    if not keyed and not confirmed:
        return None
    return (
        f"{keyed} figure(s) keyed and {confirmed} confirmed by a person (人工录入): see spreading.json in the package"
    )
