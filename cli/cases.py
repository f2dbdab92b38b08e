"""``credit-dd cases``: the case store as a person reads it, a table of cases or one case's events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from credit_dd.errors import InputError
from credit_dd.operations.store import CaseStore, CaseView
from credit_dd.policy.formats import money

COLUMNS = ("case", "applicant", "amount", "status", "recommendation", "updated")


def _summary(view: CaseView, out_dir: Path) -> dict[str, Any]:
    """The case folder's summary.json (the store knows status and dates, the folder the rest)."""
    path = Path(view.folder or out_dir / view.case_id) / "summary.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def _row(view: CaseView, out_dir: Path) -> tuple[str, ...]:
    summary = _summary(view, out_dir)
    requested = summary.get("requested_amount")
    amount = money(float(requested), summary.get("currency"), "en") if isinstance(requested, int | float) else ""
    return (
        view.case_id,
        str(summary.get("applicant") or ""),
        amount,
        view.status,
        str(summary.get("recommendation") or ""),
        _local(view.updated_at),
    )


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...] = COLUMNS) -> list[str]:
    """Aligned columns (Chinese counted double), one line a row, under a header."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]


def case_lines(store: CaseStore, out_dir: Path, status: str | None) -> list[str]:
    """Every case (or those with ``status``) as a table; a line saying there are none."""
    views = store.cases(status)
    if not views:
        return [f"no cases{f' with status {status}' if status else ''} in the case store"]
    return table([_row(v, out_dir) for v in views])


def _detail(detail: dict[str, Any]) -> str:
    return "; ".join(f"{key}: {value}" for key, value in detail.items() if value not in (None, "", [], {}))


def event_lines(store: CaseStore, case_id: str) -> list[str]:
    """One case's event log, a line an event: when, what, the status after it, the details.

    Raises:
        InputError: the store has no such case (exit 2).
    """
    view = store.get(case_id)
    if view is None:
        raise InputError(f"no case {case_id} in the case store: `credit-dd cases` lists them")
    rows = [(_local(e["at"]), e["kind"], e["status"] or "", _detail(e["detail"])) for e in store.events(case_id)]
    return [f"{case_id}: {view.status} (revision {view.revision})", *table(rows, ("at", "event", "status", "detail"))]
