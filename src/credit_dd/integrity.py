"""Signals that a document may have been edited: for a person to judge, never a rejection.

- editing software named as the PDF's producer or creator;
- a modification date long after the creation date;
- incremental saves (more end-of-file markers than a linearised file has);
- a number in a table set in a font that the table's other numbers do not use.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from credit_dd.amounts import parse_amount
from credit_dd.pdftext import PdfText

EDITING_SOFTWARE = re.compile(
    r"photoshop|gimp|pdfelement|phantompdf|foxit (?:pdf )?editor|pdf-xchange editor|smallpdf|ilovepdf|sejda|"
    r"nitro pro|acrobat pro|pdf editor|inkscape|illustrator|canva|pdfescape|pdffiller|万兴|福昕编辑|编辑器",
    re.IGNORECASE,
)
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")
MODIFIED_AFTER = timedelta(days=30)


def pdf_date(value: str | None) -> datetime | None:
    """A PDF date string (``D:20180427190033+11'00'``), to the second, without its zone."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (
        int(p) if p else d for p, d in zip(match.groups(), (0, 1, 1, 0, 0, 0), strict=True)
    )
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def metadata_signals(metadata: dict[str, str]) -> list[str]:
    """Producer, creator and date signals from the document information dictionary."""
    signals = []
    for key in ("Producer", "Creator"):
        value = metadata.get(key, "")
        if EDITING_SOFTWARE.search(value):
            signals.append(f"{key.lower()} is editing software: {value[:80]}")
    created, modified = pdf_date(metadata.get("CreationDate")), pdf_date(metadata.get("ModDate"))
    if created and modified and modified - created > MODIFIED_AFTER:
        signals.append(
            f"modified {modified:%Y-%m-%d}, {(modified - created).days} days after it was created ({created:%Y-%m-%d})"
        )
    return signals


def incremental_save_signals(path: Path) -> list[str]:
    """More %%EOF markers than the file's structure explains means it was saved again after creation."""
    data = path.read_bytes()
    markers = data.count(b"%%EOF")
    allowed = 2 if b"/Linearized" in data[:2048] else 1
    if markers > allowed:
        return [f"saved incrementally {markers - allowed} time(s) after it was first written"]
    return []


def font_signals(pdf: PdfText) -> list[str]:
    """Amounts set in a font that fewer than 3% of the document's amounts use (at most three of them)."""
    amounts = [
        (page.number, word)
        for page in pdf.pages
        if not page.ocr
        for line in page.lines
        for word in line.words
        if ("." in word.text or "," in word.text) and parse_amount(word.text) is not None
    ]
    fonts = Counter(word.fontname for _, word in amounts)
    if len(amounts) < 20 or len(fonts) < 2:
        return []
    usual, usual_count = fonts.most_common(1)[0]
    if usual_count < 0.9 * len(amounts):
        return []
    odd = [(page, word) for page, word in amounts if fonts[word.fontname] <= min(3, 0.03 * len(amounts))]
    return [
        f"page {page}: amount {word.text} is set in font {word.fontname}, unlike the {usual_count} other amounts ({usual})"
        for page, word in odd
    ]
