"""The case folder and the approval package's files: written whole or not at all.

A case folder is written into a temporary sibling folder and renamed into place, so a crash never
leaves a half-written package; a single file that changes later (the decision log, the zip) is
written aside, fsynced and renamed over (``write_atomic``). What the package holds and who signed
what: ``manifest.py`` (the system's manifest), ``decisions.py`` (the checkers' log), ``verify.py``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from credit_dd.case import CaseResult
from credit_dd.documents.files import list_documents, originals
from credit_dd.masking import mask_text

PACKAGE = "approval_package"
MANIFEST = "manifest.json"
DECISIONS = "decisions.json"  # the checkers' log, beside the manifest and not listed in it


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)`` in a counterparty's name)
    gets a leading apostrophe, as OWASP advises for CSV injection; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def spreads_csv(case: CaseResult) -> str:
    """Every extracted value with its source and verification status (and the checks that prove it),
    one row each; a core figure no statement printed is a row with status ``missing``."""
    rows = []
    for p in sorted(set(case.history.values) | set(case.figures.figures)):
        read, figures = case.history.values.get(p, {}), case.figures.figures.get(p, {})
        for item in [*read, *(i for i in figures if i not in read)]:
            v, figure = read.get(item), figures.get(item)
            rows.append(
                {
                    "period": p.isoformat(),
                    "item": item,
                    "value": f"{v.value:.2f}" if v else "",
                    "currency": case.history.currency,
                    "file": v.file if v else "",
                    "page": v.page if v else "",
                    "label": v.label if v else "",
                    "status": figure.status if figure else "read",
                    "checks": " ".join(figure.checks or figure.failed) if figure else "",
                }
            )
    return _csv(rows, ["period", "item", "value", "currency", "file", "page", "label", "status", "checks"])


def ratios_csv(case: CaseResult) -> str:
    """Every ratio of every period, with the reason when it is null."""
    rows = [
        {
            "period": p.isoformat(),
            "ratio": name,
            "value": "" if r.value is None else f"{r.value:.6f}",
            "reason": r.reason or "",
        }
        for p, ratios in sorted(case.analysis.ratios.items())
        for name, r in ratios.items()
    ]
    return _csv(rows, ["period", "ratio", "value", "reason"])


def transactions_csv(case: CaseResult) -> str:
    """Every bank-statement row read, with personal numbers masked."""
    rows = [
        {
            "file": d.file,
            "date": t.date.isoformat() if t.date else "",
            "raw_date": t.raw_date,
            "description": mask_text(t.description),
            "counterparty": t.counterparty or "",
            "debit": f"{t.debit:.2f}",
            "credit": f"{t.credit:.2f}",
            "balance": "" if t.balance is None else f"{t.balance:.2f}",
            "currency": t.currency,
            "page": t.page,
        }
        for d in originals(case.documents)
        if d.bank_statement
        for t in d.bank_statement.transactions
    ]
    return _csv(
        rows,
        ["file", "date", "raw_date", "description", "counterparty", "debit", "credit", "balance", "currency", "page"],
    )


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def zip_folder(folder: Path, target: Path) -> None:
    """A deterministic zip of a folder (sorted names, fixed timestamps), written aside and renamed
    into place: a kill while it is written leaves the previous zip, never a truncated one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(
                    f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0)
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    write_atomic(target, buffer.getvalue())


def write_atomic(path: Path, data: bytes, aside: Path | None = None) -> None:
    """Write ``data`` to a temporary file (in ``aside``, default beside ``path``), fsync it, rename it
    over ``path`` and fsync the folder: killed at any moment, ``path`` holds the old bytes or the new.

    ``aside`` keeps the temporary file out of a folder whose every file is listed (a package)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = (aside or path.parent) / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        with temporary.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_case_folder(out_dir: Path, case_id: str, fill: Callable[[Path], None]) -> Path:
    """Let ``fill`` write a case folder into a temporary place, then swap it in atomically.

    A case folder already there moves to ``.history/`` first (a crash between the two renames
    leaves the old one there and no current one; the next run writes it again)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / case_id
    staging = out_dir / f".{case_id}.tmp-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        fill(staging)
        if final.exists():  # the earlier outputs (and any review decisions) are kept, not deleted
            history = out_dir / ".history"
            history.mkdir(exist_ok=True)
            os.rename(final, history / f"{case_id}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}")
            os.rename(staging, final)
        else:
            os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def copy_documents(application_dir: Path, case: CaseResult, target: Path) -> None:
    """Copies of the input documents, as received, each under the name the case knows it by
    (printable: a control or bidi character in a file name is escaped); links are never followed out."""
    read = {doc.file for doc in case.documents}
    for source, name in list_documents(application_dir)[0]:
        if name in read and source.is_file() and not source.is_symlink():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
