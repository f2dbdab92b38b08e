"""Scanned statements: read by OCR, every figure marked as OCR'd, bounded in time, and a scan OCR
cannot read named as DOC_NO_TEXT, never an empty statement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from credit_dd.documents import ocr
from credit_dd.documents.files import read_document
from credit_dd.documents.ocr import OcrWord
from credit_dd.documents.pdftext import PdfLimits
from credit_dd.documents.statements import SourcedValue
from credit_dd.report.labels import label_table
from credit_dd.report.reader import Reader
from credit_dd.report.sections import figure_cell
from tests.conftest import ROOT

sys.path[:0] = [str(ROOT / "scripts")]
from bank_variants import make_variant  # noqa: E402
from sample_pdf import Page, register_cjk_font  # noqa: E402
from scans import scan_pdf  # noqa: E402

needs_tesseract = pytest.mark.skipif(not ocr.ocr_available(), reason="tesseract with eng and chi_sim is not installed")
BALANCE_SHEET = [
    ("货币资金", "1,234,567.89", "987,654.32"),
    ("应收账款", "456,789.00", "345,678.00"),
    ("流动资产合计", "1,691,356.89", "1,333,332.32"),
    ("固定资产", "2,308,643.11", "2,166,667.68"),
    ("资产总计", "4,000,000.00", "3,500,000.00"),
    ("流动负债合计", "1,200,000.00", "1,000,000.00"),
    ("负债合计", "1,800,000.00", "1,500,000.00"),
    ("所有者权益合计", "2,200,000.00", "2,000,000.00"),
    ("负债和所有者权益总计", "4,000,000.00", "3,500,000.00"),
]


def _drawn_balance_sheet(
    path: Path,
    title: str,
    above: list[tuple[float, str]],
    heads: list[tuple[float, str]],
    rows: list[tuple[str, str, str]],
) -> Path:
    """A one-page balance sheet: its title, the lines above the table (x, text), the column heads and
    rows of (label, closing, opening)."""
    register_cjk_font()
    page = Page(path)
    page.center(300, 60, title, 14)
    for x, text in above:
        page.text(x, 90, text, 10)
    for x, head in heads:
        page.text(x, 115, head, 10)
    for index, (label, closing, opening) in enumerate(rows):
        y = 135 + 18 * index
        page.text(60, y, label, 10)
        page.right(400, y, closing, 10)
        page.right(520, y, opening, 10)
    page.save()
    return path


def _chinese_balance_sheet(path: Path) -> Path:
    above = [(60, "编制单位：杭州示例机械制造有限公司"), (260, "2025年12月31日"), (440, "单位：元")]
    return _drawn_balance_sheet(
        path, "资产负债表", above, [(60, "项目"), (330, "期末余额"), (450, "期初余额")], BALANCE_SHEET
    )


@needs_tesseract
def test_a_scanned_chinese_statement_is_read_and_every_figure_is_marked_ocr(tmp_path: Path) -> None:
    """An image-only balance sheet in Chinese is read by OCR; its figures are right and each carries
    ``ocr=True``, which the report's source note says."""
    scan = scan_pdf(_chinese_balance_sheet(tmp_path / "bs.pdf"), tmp_path / "scan.pdf", seed=3)
    doc = read_document(scan, "documents/scan.pdf")
    assert doc.ocr_pages == [1] and doc.statements, (doc.kind, doc.issues)
    values = doc.statements[0].values
    closing = max(values)
    assert values[closing]["total_assets"].value == 4_000_000.00
    assert values[closing]["cash"].value == 1_234_567.89
    assert all(v.ocr for period in values.values() for v in period.values())
    assert _source(values[closing]["cash"]).endswith("(OCR)")


def _source(value: SourcedValue, lang: str = "en") -> str:
    """The source note the report prints beside a figure."""
    reader = Reader(lang, "CNY", None, label_table(lang))  # type: ignore[arg-type]
    return figure_cell(value, reader)["source"]


def test_the_report_says_which_figures_came_from_ocr() -> None:
    """A figure read from a scan is marked OCR beside its source; one from a text layer is not."""
    value = SourcedValue(value=1.0, file="documents/a.pdf", page=2, x=0, y=0, label="货币资金")
    assert _source(value) == "documents/a.pdf p.2"
    assert _source(value.model_copy(update={"ocr": True})) == "documents/a.pdf p.2 (OCR)"
    assert _source(value.model_copy(update={"ocr": True}), "zh") == "documents/a.pdf 第 2 页（OCR 识别）"


@needs_tesseract
def test_a_scanned_bank_statement_is_read_reconciled_and_marked_ocr(tmp_path: Path) -> None:
    """A one-page generated statement, scanned: recognised by its running balance, read right, its rows
    and the statement marked as OCR'd."""
    register_cjk_font()
    printed = make_variant(70_017, tmp_path)  # English, 24 rows, one signed column and a running balance
    doc = read_document(scan_pdf(printed, tmp_path / "scan.pdf", seed=17), "scan.pdf", default_currency="XXX")
    statement = doc.bank_statement
    assert statement is not None and statement.ocr and statement.recognised_by == "running_balance"
    assert all(t.ocr for t in statement.transactions) and len(statement.transactions) == 24
    assert (statement.opening_balance, statement.closing_balance) == (68_439.09, 74_399.75)
    assert statement.currency == "USD"


@needs_tesseract
def test_a_scan_ocr_cannot_read_is_a_deficiency_not_an_empty_statement(tmp_path: Path) -> None:
    """A scan too blurred to read: DOC_NO_TEXT naming its page, no bank statement and no statements."""
    register_cjk_font()
    scan = scan_pdf(make_variant(70_017, tmp_path), tmp_path / "blurred.pdf", seed=17, blur=9)
    doc = read_document(scan, "blurred.pdf")
    assert [(i.code, i.variant) for i in doc.issues] == [("DOC_NO_TEXT", "ocr_unreadable")]
    assert doc.bank_statement is None and not doc.statements and "[1]" in doc.issues[0].message


@needs_tesseract
def test_ocr_is_given_what_is_left_of_the_documents_time_and_stops_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tesseract's timeout is the document's remaining time; a page that runs over stops the read as a
    time limit (transient, read again next run), not as a crash."""
    register_cjk_font()
    scan = scan_pdf(make_variant(70_017, tmp_path), tmp_path / "scan.pdf", seed=17)
    asked: list[float] = []

    def slow(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        asked.append(float(str(kwargs["timeout"])))
        raise subprocess.TimeoutExpired(command, float(str(kwargs["timeout"])))

    monkeypatch.setattr(ocr.subprocess, "run", slow)
    monkeypatch.setattr(ocr, "ocr_available", lambda languages=ocr.OCR_LANGUAGES: True)
    from credit_dd.documents import pdftext

    monkeypatch.setattr(pdftext, "ocr_available", lambda: True)
    doc = read_document(scan, "scan.pdf", limits=PdfLimits(max_seconds=7))
    assert doc.transient and doc.kind == "unreadable" and "OCR" in doc.issues[0].message
    assert len(asked) == 1 and 1 <= asked[0] <= 7


def _word(text: str, x0: float, x1: float) -> OcrWord:
    return OcrWord(text, x0, x1, 100.0, 90.0)


def test_ocr_spaces_inside_chinese_words_dates_and_negative_figures_are_taken_out() -> None:
    """合并 资产 → 合并资产, 2024 年 → 2024年, - 22,681.32 → -22,681.32; words a column apart stay apart."""
    line = [
        _word("合并", 0, 60),
        _word("资产", 66, 126),
        _word("2024", 140, 200),
        _word("年", 204, 234),
        _word("-", 600, 610),
        _word("22,681.32", 616, 760),
        _word("货款", 900, 960),
        _word("7,314.76", 1200, 1320),
    ]
    assert [w.text for w in ocr._rejoined(line)] == ["合并资产2024年", "-22,681.32", "货款", "7,314.76"]


def _spaced_balance_sheet(path: Path) -> Path:
    """An English balance sheet whose thousands are separated by spaces (1 234 567)."""
    rows = [(label, closing.replace(",", " "), opening.replace(",", " ")) for label, closing, opening in ENGLISH]
    above = [(60, "As at 31 December 2025"), (440, "(in thousands of euros)")]
    return _drawn_balance_sheet(path, "Balance Sheet", above, [(330, "2025"), (450, "2024")], rows)


ENGLISH = [
    ("Cash and cash equivalents", "79,069", "47,782"),
    ("Total current assets", "136,688", "86,057"),
    ("Total assets", "281,660", "130,466"),
    ("Total current liabilities", "79,069", "47,782"),
    ("Total liabilities", "127,009", "116,040"),
    ("Total equity", "154,651", "14,426"),
    ("Total liabilities and equity", "281,660", "130,466"),
]


@needs_tesseract
def test_a_scanned_figure_with_spaces_between_its_thousands_is_read_whole(tmp_path: Path) -> None:
    """OCR reads 127 009 as two words: joined as on a text layer, not 127 (which, every figure cut the
    same way, still balanced within the rounding and was taken as verified)."""
    scan = scan_pdf(_spaced_balance_sheet(tmp_path / "bs.pdf"), tmp_path / "scan.pdf", seed=5)
    doc = read_document(scan, "documents/scan.pdf")
    values = doc.statements[0].values[max(doc.statements[0].values)]
    assert values["total_liabilities"].value == 127_009_000 and values["total_assets"].value == 281_660_000


def test_latin_only_runs_on_a_line_are_what_is_read_again() -> None:
    """Runs of letters and stray marks ("=. ABER" for 三、利润总额) are doubted; figures and Chinese are not."""
    line = [{"text": t} for t in ["=.", "ABER", "(亏损", "272,520.50", "AS", "ACAI", "40,434.26", "RMB"]]
    assert ocr._garbled_runs(line) == [(0, 2), (4, 6), (7, 8)]


@needs_tesseract
def test_chinese_headings_misread_as_latin_are_read_again_with_the_chinese_model(tmp_path: Path) -> None:
    """A generated software export's scanned balance sheet, which the combined model reads with Latin
    words for its Chinese (未分配利润 as "ADACHI"): read again with chi_sim alone, the caption is back."""
    import pdfplumber
    from layout_variants import make_variant as layout_variant

    register_cjk_font()
    scan = scan_pdf(layout_variant(103_001, tmp_path), tmp_path / "scan.pdf", seed=103_001)
    with pdfplumber.open(scan) as pdf:
        image = pdf.pages[0].to_image(resolution=ocr.OCR_RESOLUTION).original
    words = [w.text for w in ocr.ocr_image_words(image, seconds=60)]
    assert "未分配利润" in words and "ADACHI" not in words, words


TRADITIONAL = [
    ("現金及約當現金", "1,234,567", "987,654"),
    ("應收帳款淨額", "456,789", "345,678"),
    ("流動資產合計", "1,691,356", "1,333,332"),
    ("不動產、廠房及設備", "2,308,644", "2,166,668"),
    ("資產總計", "4,000,000", "3,500,000"),
    ("流動負債合計", "1,200,000", "1,000,000"),
    ("負債總計", "1,800,000", "1,500,000"),
    ("權益總計", "2,200,000", "2,000,000"),
    ("負債及權益總計", "4,000,000", "3,500,000"),
]


@needs_tesseract
@pytest.mark.skipif("chi_tra" not in ocr.tesseract_languages(), reason="tesseract has no chi_tra")
def test_a_scanned_statement_in_traditional_characters_is_read_with_the_traditional_model(tmp_path: Path) -> None:
    """A Taiwan balance sheet (合併資產負債表, 新台幣仟元): the simplified model reads its Chinese with little
    confidence, the page is read again with chi_tra, and its title, unit and totals come out right."""
    above = [(60, "民國113年12月31日"), (440, "單位：新台幣仟元")]
    heads = [(330, "113年12月31日"), (450, "112年12月31日")]
    printed = _drawn_balance_sheet(tmp_path / "bs.pdf", "合併資產負債表", above, heads, TRADITIONAL)
    scan = scan_pdf(printed, tmp_path / "scan.pdf", seed=7)
    doc = read_document(scan, "documents/scan.pdf")
    assert doc.statements and doc.statements[0].scope == "consolidated", (doc.kind, doc.issues)
    values = doc.statements[0].values
    assert values[max(values)]["total_assets"].value == 4_000_000_000
    assert values[max(values)]["total_liabilities"].value == 1_800_000_000
