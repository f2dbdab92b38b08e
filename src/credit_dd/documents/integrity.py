"""Signals that a document may have been edited: for a person to judge, never a rejection.

- editing software named as the PDF's producer or creator;
- a modification date long after the creation date;
- an incremental save whose later revision rewrote a page's content or its fonts (an update
  that only adds a signature, annotations, form fields or metadata is how genuine filings
  are signed and stamped, and is not a signal);
- a number in a table set in a font that the table's other numbers do not use, or one figure
  whose characters are set in two fonts (one digit typed over).

Printed totals that a bank statement's own rows do not add up to are not a signal here: they are
a finding of the statement's reconciliation (BANK_SUMMARY_MISMATCH), quoting both figures.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from credit_dd.documents.amounts import parse_amount
from credit_dd.documents.pdftext import MIXED_FONTS, PdfText

EDITING_SOFTWARE = re.compile(
    r"photoshop|gimp|pdfelement|phantompdf|foxit (?:pdf )?editor|pdf-xchange editor|smallpdf|ilovepdf|sejda|"
    r"nitro pro|pdf editor|inkscape|illustrator|canva|pdfescape|pdffiller|万兴|福昕编辑|编辑器",
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
        if EDITING_SOFTWARE.search(value) and not re.search(r"printer|paper capture", value, re.I):
            signals.append(f"{key.lower()} is editing software: {value[:80]}")
    created, modified = pdf_date(metadata.get("CreationDate")), pdf_date(metadata.get("ModDate"))
    if created and modified and modified - created > MODIFIED_AFTER:
        signals.append(
            f"modified {modified:%Y-%m-%d}, {(modified - created).days} days after it was created ({created:%Y-%m-%d})"
        )
    return signals


def incremental_save_signals(path: Path, producer: str = "") -> list[str]:
    """A revision appended after the file was written that changes what a page shows."""
    if OCR_SOFTWARE.search(producer):
        return []
    data = path.read_bytes()
    ends = [m.end() for m in re.finditer(rb"%%EOF", data)]
    allowed = 2 if b"/Linearized" in data[:2048] else 1
    if len(ends) <= allowed:
        return []
    later = data[ends[allowed - 1] :]
    if _changes_content(later):
        return [
            f"saved incrementally {len(ends) - allowed} time(s) after it was first written, "
            "and a later revision rewrote page content or fonts"
        ]
    return []


# A page object with its content stream, written again in a later revision. Fonts and form
# XObjects alone are what form fields, stamps and signatures bring with their appearance.
_CONTENT_CHANGE = re.compile(rb"/Type\s*/Page\b[^>]{0,400}/Contents\b|/Contents\b[^>]{0,400}/Type\s*/Page\b")
# OCR (Acrobat's Paper Capture, OCRmyPDF) saves each page again with an invisible text layer.
OCR_SOFTWARE = re.compile(r"paper capture|ocrmypdf|abbyy|readiris|tesseract|ocr", re.I)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_MAX_INFLATED = 20_000_000


def _changes_content(revision: bytes) -> bool:
    """Whether appended objects (in the clear or in compressed object streams) touch pages or fonts."""
    if _CONTENT_CHANGE.search(revision):
        return True
    budget = _MAX_INFLATED
    for match in _STREAM.finditer(revision):
        try:
            inflated = zlib.decompressobj().decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        if _CONTENT_CHANGE.search(inflated):
            return True
        if budget <= 0:
            return True  # a revision too large to inspect is for a person to look at
    return False


def mixed_font_signals(pdf: PdfText) -> list[str]:
    """Figures whose characters are set in more than one font: how one edited digit looks."""
    return [
        f"page {page.number}: figure {word.text} mixes fonts {word.fontname.replace(MIXED_FONTS, ' and ')}"
        for page in pdf.pages
        if not page.ocr
        for line in page.lines
        for word in line.words
        if MIXED_FONTS in word.fontname and parse_amount(word.text) is not None
    ][:5]


def _family(fontname: str) -> str:
    """A font's family: no subset prefix (ABCDEE+), no weight or style (a bold total is normal)."""
    name = fontname.split("+", 1)[-1]
    return re.sub(
        r"[,-]?(?:bold|italic|oblique|black|semibold|medium|light|regular|mt|ps)+$", "", name, flags=re.I
    ).lower()


def font_signals(pdf: PdfText, pages: set[int] | None = None) -> list[str]:
    """Amounts of a statement table set in a font family its other amounts do not use (at most three).

    Only the statements' own pages count (``pages``): a 300-page report sets its other tables in
    all sorts of fonts, and a statement is where an edited figure would matter.
    """
    amounts = [
        (page.number, word)
        for page in pdf.pages
        if not page.ocr and (pages is None or page.number in pages)
        for line in page.lines
        for word in line.words
        if ("." in word.text or "," in word.text) and parse_amount(word.text) is not None
    ]
    fonts = Counter(_family(word.fontname) for _, word in amounts)
    if len(amounts) < 20 or len(fonts) < 2:
        return []
    usual, usual_count = fonts.most_common(1)[0]
    if usual_count < 0.9 * len(amounts):
        return []
    odd = [(page, word) for page, word in amounts if fonts[_family(word.fontname)] <= min(3, 0.03 * len(amounts))]
    return [
        f"page {page}: amount {word.text} is set in font {word.fontname}, unlike the {usual_count} other amounts ({usual})"
        for page, word in odd
    ]
