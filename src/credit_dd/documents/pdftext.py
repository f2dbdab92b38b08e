"""Reading the text layer of a PDF as positioned words and lines.

pdfplumber is CPU-bound and keeps every parsed page alive until ``page.close()``, so pages are
read one at a time and closed at once; time and page limits are checked between pages so a
pathological file ends in a ``DocumentLimitError`` instead of a hang.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path

import pdfplumber
from pdfminer.pdftypes import resolve1
from pdfplumber.page import FilteredPage
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException

from credit_dd.documents.active import active_content
from credit_dd.documents.labels import UNKNOWN_GLYPH
from credit_dd.documents.ocr import OCR_RESOLUTION, ocr_available, ocr_image_words, readable
from credit_dd.documents.page_scan import ScannedPage, scan_pages, statement_pages
from credit_dd.errors import (
    DocumentEncryptedError,
    DocumentLimitError,
    DocumentNotPdfError,
    DocumentTimeLimitError,
    DocumentUnreadableError,
)
from credit_dd.settings import PdfLimits

CID_PATTERN = re.compile(r"\(cid:\d+\)")
LINE_TOLERANCE = 3.0

# pdfminer reports recoverable damage through logging; it is evidence, not noise for the user.
for _noisy in ("pdfminer", "pdfplumber"):
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Word:
    """One word as printed: its text and where it sits on the page (PDF points)."""

    text: str
    x0: float
    x1: float
    top: float
    fontname: str = ""


@dataclass(frozen=True, slots=True)
class TextLine:
    """Words sharing a baseline, left to right."""

    page: int
    top: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class PageText:
    """The text layer of one page (``number`` is 1-based)."""

    number: int
    lines: tuple[TextLine, ...]
    char_count: int
    cid_count: int
    image_count: int
    width: float
    ocr: bool = False
    ocr_unreadable: bool = False  # a scan OCR found no readable text on: noise, a blank or a photo
    light: bool = False  # not laid out: PDFium's text only, one word a line (see page_scan)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def is_scanned(self) -> bool:
        """No text, but images: a scan that only OCR could read."""
        return self.char_count == 0 and self.image_count > 0


@dataclass
class PdfText:
    """Everything read from one PDF's text layer."""

    pages: list[PageText] = field(default_factory=list)
    page_count: int = 0
    encrypted: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    active_content: list[str] = field(default_factory=list)  # JavaScript and Launch actions, where each sits

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


def group_lines(words: list[Word], page: int) -> tuple[TextLine, ...]:
    """Group words into lines by their top edge, tolerating small baseline jitter."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return tuple(TextLine(page=page, top=line[0].top, words=tuple(sorted(line, key=lambda w: w.x0))) for line in lines)


MIXED_FONTS = " | "  # fontname of a figure whose characters are set in more than one font
_FIGURE_PART = re.compile(r"^[\d,.，．()（）\-−－]+$")


def join_font_fragments(words: list[Word]) -> list[Word]:
    """Rejoin a word that pdfplumber split where its font changes.

    A CJK font embedded in subsets of 256 glyphs (AAAAAA+Font, AAAAAB+Font) changes font in the middle
    of words (短 期 借 款), and a label may mix a CJK and a Latin font: such fragments touch, and are one
    word. A figure keeps the font of its digits; digits set in two different fonts (not two subsets of
    one) keep both names (``A | B``): that is how an edited digit looks, and the integrity checks flag it.
    Punctuation in another font is ordinary (Chinese reports set the comma or dash in the CJK font).
    """
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and abs(last.top - word.top) < 1.0 and -0.5 <= word.x0 - last.x1 < 0.6:
            figure = _FIGURE_PART.match(last.text) and _FIGURE_PART.match(word.text)
            font = _digit_fonts(last, word) if figure else last.fontname
            out[-1] = Word(last.text + word.text, last.x0, word.x1, last.top, font)
            continue
        out.append(word)
    return out


def _base_font(fontname: str) -> str:
    """A font without its subset prefix (ABCDEE+WenQuanYiZenHei → WenQuanYiZenHei)."""
    return fontname.split("+", 1)[-1]


def _digit_fonts(first: Word, second: Word) -> str:
    has_digits = [w for w in (first, second) if any(ch.isdigit() for ch in w.text)]
    if len(has_digits) < 2 or _base_font(first.fontname.split(MIXED_FONTS)[-1]) == _base_font(second.fontname):
        return (has_digits or [first])[0].fontname
    return MIXED_FONTS.join(dict.fromkeys([*first.fontname.split(MIXED_FONTS), second.fontname]))


_GROUP_HEAD = re.compile(r"^[-−–－(]?\d{1,3}(?:,\d{3})*$")
_GROUP_TAIL = re.compile(r"^\d{3}(?:\.\d+)?\)?$")
_OPEN = re.compile(r"^[(（][$¥￥€£]?$")  # "(" or "($" printed apart from the figure: ( 37,596,018)
_MINUS = frozenset({"-", "−", "－", "–"})
_CURRENCY = frozenset({"$", "¥", "￥", "€", "£"})
_FIGURE = re.compile(r"^[\d.,]*\d[\d.,]*\)?$")
GROUP_GAP = 4.5  # points: a space between digit groups is narrower than any gap between two columns


def _glue(last: Word, word: Word) -> str | None:
    """The text of two neighbouring words (nothing between them) that print one figure, or ``None``."""
    gap = word.x0 - last.x1
    if last.text in _MINUS and _FIGURE.match(word.text) and gap <= 1.0:
        return "-" + word.text  # a minus sign set in another font, touching its figure
    if _GROUP_HEAD.match(last.text) and _GROUP_TAIL.match(word.text) and gap <= GROUP_GAP:
        return f"{last.text},{word.text}"  # 1 234 567: digit groups separated by spaces
    if _OPEN.match(last.text) and len(last.text) == 1 and word.text in _CURRENCY:
        return last.text + word.text  # ( $ 1,138,821): the sign between the bracket and its figure
    if _OPEN.match(last.text) and _FIGURE.match(word.text) and (gap <= GROUP_GAP or word.text.endswith(")")):
        return "(" + word.text  # ( 37,596,018): the bracket justified to the column's left edge
    if (
        word.text in (")", "）")
        and last.text.startswith("(")
        and _FIGURE.match(last.text[1:] + ")")
        and gap <= GROUP_GAP
    ):
        return last.text + ")"
    return None


def _bracketed(out: list[Word], word: Word) -> bool:
    return (
        word.text in (")", "）")
        and len(out) >= 2
        and bool(_OPEN.match(out[-2].text))
        and bool(_FIGURE.match(out[-1].text))
        and not out[-1].text.endswith(")")
        and abs(out[-2].top - word.top) < 1.0
    )


_CLOSE_THEN_OPEN = re.compile(r"^([\d.,]*\d[\d.,]*[)）])([(（].*)$")  # 442,563,391)( : two columns' brackets touching


def _split_touching_brackets(words: list[Word]) -> list[Word]:
    """``442,563,391)(`` read as one word: a negative figure's closing bracket touching the opening
    bracket of the next column's figure (an accounting format that sets the bracket at the column's
    left edge). The opening bracket is a word of its own."""
    out: list[Word] = []
    for word in words:
        match = _CLOSE_THEN_OPEN.match(word.text)
        if match is None:
            out.append(word)
            continue
        cut = word.x0 + (word.x1 - word.x0) * len(match[1]) / len(word.text)
        out += [
            Word(match[1], word.x0, cut, word.top, word.fontname),
            Word(match[2], cut, word.x1, word.top, word.fontname),
        ]
    return out


def join_digit_groups(words: list[Word]) -> list[Word]:
    """Join what prints one figure but was read as several words: thousands separated by spaces
    (``1 234 567`` as three words: the groups stand closer than any two columns, each after the first
    is exactly three digits) and a bracket set apart from its figure (``( 37,596,018 )``, the opening
    bracket anywhere left of a figure that closes it, with nothing between them but a currency sign)."""
    out: list[Word] = []
    for word in _split_touching_brackets(words):
        last = out[-1] if out else None
        same_line = last is not None and abs(last.top - word.top) < 1.0 and word.x0 - last.x1 >= -2.0
        if same_line and _bracketed(out, word):  # ( 4,936,097 ): both brackets apart from the figure
            opening, figure = out[-2], out[-1]
            out[-2:] = [Word(f"({figure.text})", opening.x0, word.x1, opening.top, figure.fontname)]
            continue
        glued = _glue(last, word) if same_line and last is not None else None
        if glued is not None and last is not None:
            out[-1] = Word(glued, last.x0, word.x1, last.top, last.fontname)
            continue
        out.append(word)
    return out


def drawn_twice(chars: list[dict[str, object]]) -> bool:
    """Whether any glyph is drawn twice at (almost) the same spot, as fake bold does.

    A hash lookup over a 1-point grid: far cheaper than deduplicating every page.
    """
    seen: set[tuple[object, int, int]] = set()
    for char in chars:
        x, y = int(float(str(char["x0"]))), int(float(str(char["top"])))
        text = char["text"]
        if any((text, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return True
        seen.add((text, x, y))
    return False


def without_copies(page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """The page with every glyph drawn twice kept once: pdfplumber's ``dedupe_chars(tolerance=1)``
    (same text, font and size within a point of each other; the first by position kept), with the
    survivors put back in drawing order by their place in the list rather than by ``list.index``,
    which made it quadratic (a quarter of a second on a dense fake-bold page)."""
    chars = page.chars
    place = {id(char): n for n, char in enumerate(chars)}
    same = itemgetter("upright", "text", "fontname", "size")
    kept = []
    for _, group in itertools.groupby(sorted(chars, key=same), key=same):
        for row in cluster_objects(list(group), itemgetter("doctop"), 1):
            for spot in cluster_objects(row, itemgetter("x0"), 1):
                kept.append(min(spot, key=itemgetter("doctop", "x0")))
    clean = FilteredPage(page, lambda _: True)
    clean._objects = {kind: objects for kind, objects in page.objects.items()}
    clean._objects["char"] = sorted(kept, key=lambda char: place[id(char)])
    return clean


MAX_PAGE_TEXT_BYTES = 200_000  # text shown by one page's content; a dense statement page shows under 30,000
MAX_PAGE_CHARS = 50_000  # characters on one page; a dense statement page holds under 15,000
_SHOWN_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")


def _shown_text_bytes(page: pdfplumber.page.Page) -> int:
    """Bytes of the strings a page's content streams show: what laying it out will cost, found
    without laying it out (a regex over the decompressed streams)."""
    total = 0
    for stream in page.page_obj.contents:
        try:
            total += sum(len(m) for m in _SHOWN_STRING.findall(resolve1(stream).get_data()))
        except Exception:  # a broken stream is reported when the page is read
            continue
    return total


def _check_page_size(page: pdfplumber.page.Page, number: int) -> None:
    """Refuse a page that would take minutes to read: no statement page shows that much text.

    Raises:
        DocumentLimitError: naming the page and what it holds.
    """
    shown = _shown_text_bytes(page)
    if shown > MAX_PAGE_TEXT_BYTES:
        raise DocumentLimitError(
            f"page {number} shows {shown:,} bytes of text, more than any statement page "
            f"(limit {MAX_PAGE_TEXT_BYTES:,}): the document was not read"
        )


def _shown(text: str) -> str:
    """A word's text with a glyph the font maps to U+0000 shown as unknown (Word's "ti" ligature in
    Calibri: liabili?es): no control character travels on to a report, a workbook or a log."""
    return text.replace("\x00", UNKNOWN_GLYPH)


def _read_page(page: pdfplumber.page.Page, number: int) -> PageText:
    if len(page.chars) > MAX_PAGE_CHARS:
        raise DocumentLimitError(
            f"page {number} holds {len(page.chars):,} characters, more than any statement page "
            f"(limit {MAX_PAGE_CHARS:,}): the document was not read"
        )
    # Fake bold draws every glyph twice at (almost) the same spot: drop the copies first.
    clean = without_copies(page) if drawn_twice(page.chars) else page
    raw = clean.extract_words(x_tolerance=2, y_tolerance=LINE_TOLERANCE, extra_attrs=["fontname"])
    raw.sort(key=lambda w: (round(float(w["top"])), float(w["x0"])))  # in reading order, not drawing order
    words = join_digit_groups(
        join_font_fragments(
            [
                Word(_shown(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), str(w.get("fontname", "")))
                for w in raw
            ]
        )
    )
    text = "".join(w.text for w in words)
    return PageText(
        number=number,
        lines=group_lines(words, number),
        char_count=len(page.chars),
        cid_count=len(CID_PATTERN.findall(text)),
        image_count=len(page.images),
        width=float(page.width),
    )


def _ocr_page(page: pdfplumber.page.Page, scanned: PageText, seconds: float) -> PageText:
    """Read a scanned page by OCR within ``seconds``; words come back in PDF points like a text layer's.
    A page whose OCR text is noise keeps no words and says so (``ocr_unreadable``)."""
    image = page.to_image(resolution=OCR_RESOLUTION).original
    scale = 72.0 / OCR_RESOLUTION
    read = ocr_image_words(image, seconds=seconds)
    if not readable(read):
        return replace(scanned, ocr_unreadable=True)
    # 1 234 567 read as three words, as on a text layer (Tesseract's top is its line's, so one line's words align)
    words = join_digit_groups([Word(w.text, w.x0 * scale, w.x1 * scale, w.top * scale, "ocr") for w in read])
    return PageText(
        scanned.number, group_lines(words, scanned.number), 0, 0, scanned.image_count, scanned.width, ocr=True
    )


def _metadata(pdf: pdfplumber.PDF) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in (pdf.metadata or {}).items():
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        if isinstance(value, (str, int, float)):
            out[str(key)] = str(value)
    return out


def _open(path: Path, password: str | None) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path, password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if type(cause).__name__ == "PDFPasswordIncorrect":
            raise DocumentEncryptedError("encrypted PDF: no password or a wrong password was given") from None
        raise DocumentUnreadableError(f"malformed PDF: {cause}") from None
    except Exception as exc:  # pdfminer raises many internal types on broken files
        raise DocumentUnreadableError(f"malformed PDF: {type(exc).__name__}: {exc}") from None


def check_pdf_header(head: bytes) -> None:
    """Raise unless the bytes start like a PDF (``%PDF-`` within the first KiB)."""
    if b"%PDF-" not in head[:1024]:
        raise DocumentNotPdfError("not a PDF: the file's bytes are not a PDF, whatever its name says")


def _read_in_full(page: pdfplumber.page.Page, number: int, use_ocr: bool, left: float) -> PageText:
    """One page laid out (or OCR'd when it is a scan, in the ``left`` seconds of the document's time),
    closed as soon as it is read.

    Raises:
        DocumentError: the page is over a limit, nests without end, or cannot be read.
    """
    try:
        _check_page_size(page, number)
        text = _read_page(page, number)
        return _ocr_page(page, text, left) if use_ocr and text.is_scanned else text
    except RecursionError:
        raise DocumentUnreadableError(f"page {number}: objects nest without end") from None
    except MemoryError:
        raise DocumentLimitError(
            f"page {number} needs more memory than one document may use: it was not read"
        ) from None
    except DocumentLimitError:
        raise
    except Exception as exc:
        raise DocumentUnreadableError(f"page {number}: {type(exc).__name__}: {exc}") from None
    finally:
        page.close()


def light_page(scanned: ScannedPage) -> PageText:
    """A page known by its text alone: each line one word, without positions or fonts."""
    lines = tuple(
        TextLine(page=scanned.number, top=float(index), words=(Word(text, 0.0, 0.0, float(index)),))
        for index, text in enumerate(scanned.lines)
    )
    return PageText(scanned.number, lines, scanned.chars, 0, 0, 0.0, light=True)


def read_pdf_text(path: Path, password: str | None = None, limits: PdfLimits | None = None) -> PdfText:
    """Read every page's positioned text, closing each page as soon as it is read.

    A long document's statement pages are found first (``page_scan``) and only they are laid out;
    its other pages keep their plain text.

    Raises:
        DocumentError: not a PDF, encrypted without the right password, malformed, or over a limit.
    """
    limits = limits or PdfLimits()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise DocumentLimitError(f"file is {size:,} bytes, over the {limits.max_bytes:,}-byte limit")
    with path.open("rb") as handle:
        check_pdf_header(handle.read(1024))
    started = time.monotonic()
    with _open(path, password) as pdf:
        result = PdfText(encrypted=pdf.doc.encryption is not None, metadata=_metadata(pdf))
        try:
            result.page_count = len(pdf.pages)
        except Exception as exc:
            raise DocumentUnreadableError(f"malformed PDF: page tree unreadable ({type(exc).__name__})") from None
        if result.page_count > limits.max_pages:
            raise DocumentLimitError(f"{result.page_count} pages, over the {limits.max_pages}-page limit")
        result.active_content = active_content(pdf.doc.catalog, [page.page_obj.attrs for page in pdf.pages])
        use_ocr = limits.ocr and ocr_available()
        scanned = scan_pages(path, password, result.page_count)
        chosen = statement_pages(scanned) if scanned else None
        for number, page in enumerate(pdf.pages, start=1):
            if scanned is not None and chosen is not None and number not in chosen:
                result.pages.append(light_page(scanned[number - 1]))
                continue
            result.pages.append(_read_in_full(page, number, use_ocr, limits.max_seconds - (time.monotonic() - started)))
            if time.monotonic() - started > limits.max_seconds:
                raise DocumentTimeLimitError(f"reading took over {limits.max_seconds:.0f} s (stopped at page {number})")
    return result
