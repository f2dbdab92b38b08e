"""Shared fixtures: the samples, and the real documents in ../shared/realdata when present."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
REALDATA = ROOT.parent / "shared" / "realdata"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "application.yaml").is_file())


def realdata(relative: str) -> Path:
    """A file from ../shared/realdata, or skip the test when the folder is absent."""
    path = REALDATA / relative
    if not path.exists():
        pytest.skip(f"realdata not available: {relative}")
    return path


def truth(sample: str) -> dict[str, Any]:
    """The sample's truth file."""
    return json.loads((SAMPLES / sample / "truth.json").read_text(encoding="utf-8"))


def history_of(
    values: dict[str, float], period: str = "2025-12-31", step: float = 0.01, kinds: list[str] | None = None
):  # type: ignore[no-untyped-def]
    """A one-period StatementHistory from plain values, each cited to fs.pdf page 1."""
    from datetime import date

    from credit_dd.history import StatementHistory
    from credit_dd.statements import SourcedValue

    end = date.fromisoformat(period)
    sourced = {k: SourcedValue(value=v, file="fs.pdf", page=1, x=0, y=0, label=k, step=step) for k, v in values.items()}
    return StatementHistory(values={end: sourced}, kinds={end: kinds or ["balance_sheet", "income_statement"]})


def text_pdf(*pages: list[list[tuple[str, float]]], char_width: float = 6.0):  # type: ignore[no-untyped-def]
    """A PdfText built word by word: each page a list of rows, each row (word, x0) pairs, 14 pt apart."""
    from credit_dd.pdftext import PageText, PdfText, TextLine, Word

    built = []
    for number, rows in enumerate(pages, start=1):
        lines = []
        for index, row in enumerate(rows):
            top = 40.0 + 14 * index
            words = tuple(Word(text, x, x + char_width * len(text), top) for text, x in row)
            lines.append(TextLine(page=number, top=top, words=words))
        built.append(PageText(number, tuple(lines), char_count=100, cid_count=0, image_count=0, width=595.0))
    return PdfText(pages=built, page_count=len(built))
