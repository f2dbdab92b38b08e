"""Finding a long report's statement pages cheaply, so that only those are read in full.

Laying out a page's words with pdfplumber costs about a tenth of a second; an annual report has
two or three hundred pages and its statements fill a dozen. So a long document's text is first
taken page by page with PDFium (a C library, about a hundredth of the cost), and the pages that
open a statement (a line that is nothing but a statement title), the pages after them while they
are still tables of figures, and the first pages (the cover and the preamble that dates and
scales the report) are read in full. The other pages keep PDFium's text, enough for what is
looked up in them by words (the preamble's unit, a document's kind). A document in which PDFium
finds no statement title, one it cannot open, or one whose page count it reads differently, is
read in full as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from credit_dd.documents.statement_headings import title_kind

FULL_READ_PAGES = 16  # a document this short is read in full: the scan would not pay for itself
PREAMBLE_PAGES = 3
RUN_PAGES = 5  # a statement runs on over at most this many pages after its title page
TABLE_LINES = 8  # lines with a figure that make a page a table of figures
_FIGURE = re.compile(r"\d[\d,.'’ ]*\d[.,]\d|\d{1,3}(?:[,'’ ]\d{3})+")


@dataclass(frozen=True)
class ScannedPage:
    """One page's text as PDFium reads it, and how many characters it holds."""

    number: int
    text: str
    chars: int

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    @property
    def opens_statement(self) -> bool:
        return any(title_kind(line) not in (None, "other") for line in self.lines)

    @property
    def tabular(self) -> bool:
        return sum(1 for line in self.lines if _FIGURE.search(line)) >= TABLE_LINES


def scan_pages(path: Path, password: str | None, page_count: int) -> list[ScannedPage] | None:
    """Every page's text by PDFium, or ``None`` when it cannot read the file the way pdfplumber does."""
    if page_count <= FULL_READ_PAGES:
        return None
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path), password=password)
    except Exception:  # PDFium refuses what pdfplumber may still read: read it in full
        return None
    try:
        if len(document) != page_count:
            return None
        return [_scan(document[index], index + 1) for index in range(page_count)]
    except Exception:
        return None
    finally:
        document.close()


def _scan(page: object, number: int) -> ScannedPage:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        return ScannedPage(number, textpage.get_text_range().replace("\r\n", "\n"), textpage.count_chars())
    finally:
        textpage.close()
        page.close()  # type: ignore[attr-defined]


def statement_pages(scanned: list[ScannedPage]) -> set[int] | None:
    """The pages to read in full, or ``None`` (all of them) when no page opens a statement."""
    titles = [page.number for page in scanned if page.opens_statement]
    if not titles:
        return None
    chosen = {page.number for page in scanned[:PREAMBLE_PAGES]}
    chosen |= {page.number for page in scanned if page.chars == 0}  # a scan: for OCR to read
    by_number = {page.number: page for page in scanned}
    for number in titles:
        chosen.add(number)
        for following in range(number + 1, min(number + RUN_PAGES, len(scanned)) + 1):
            chosen.add(following)  # a table's last page may hold only its tail and signatures
            if not by_number[following].tabular:
                break
    return chosen
