"""Real public documents from ../shared/realdata (skipped when the folder is absent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from credit_dd.documents.files import read_document
from credit_dd.documents.history import merge_statements
from tests.conftest import realdata

pytestmark = pytest.mark.realdata


def test_dongbei_consolidated_statements_are_found() -> None:
    """东北电气 2018 Q1: consolidated statements, total assets 298,608,889.04, negative equity."""
    path = realdata("financial_statements/cn_dongbei_electric_2018Q1_report.pdf")
    doc = read_document(path, "report.pdf")
    assert doc.kind == "financial_statements"
    assert {s.scope for s in doc.statements} == {"consolidated"}
    history = merge_statements(doc.statements, "CNY")
    q1 = date(2018, 3, 31)
    assert history.get(q1, "total_assets") == 298_608_889.04
    assert history.get(q1, "total_liabilities_and_equity") == 298_608_889.04
    assert history.get(q1, "total_liabilities") == 494_937_111.49
    assert history.get(q1, "total_equity") == -196_328_222.45
    assert history.get(date(2017, 12, 31), "total_assets") == 306_236_911.04
    assert history.get(q1, "revenue") == 4_755_785.11
    assert history.get(date(2017, 3, 31), "revenue") == 5_699_227.63
    assert history.get(q1, "net_profit") == -4_831_324.09
    assert history.get(q1, "net_cash_from_operating") == -4_194_229.68
    assert history.get(date(2017, 3, 31), "net_cash_from_investing") == -1_065_152.91
    assert history.values[q1]["total_assets"].page == 10


def test_woodforest_reads_52_transactions_that_reconcile() -> None:
    """Woodforest: 52 rows from 2.01 to -24.73; credits 658.25, debits 684.99; 02-29-2022 kept but undated."""
    doc = read_document(
        realdata("bank_statements/us_woodforest_business_checking_2022.pdf"), "wf.pdf", default_currency="USD"
    )
    statement = doc.bank_statement
    assert doc.kind == "bank_statement" and statement is not None
    assert len(statement.transactions) == 52
    assert statement.opening_balance == 2.01 and statement.closing_balance == -24.73
    assert round(sum(t.credit for t in statement.transactions), 2) == 658.25
    assert round(sum(t.debit for t in statement.transactions), 2) == 684.99
    balance = statement.opening_balance
    for row in statement.transactions:
        balance = round(balance + row.credit - row.debit, 2)
        assert row.balance == balance, row
    invalid = [t for t in statement.transactions if t.date is None]
    assert [t.raw_date for t in invalid] == ["02-29"]


def test_chase_sections_give_the_printed_summary() -> None:
    """Chase: 81,607.40 + 125,883.63 − 3,169.04 − 15,025.68 = 189,296.31."""
    doc = read_document(realdata("bank_statements/us_chase_checking_2022-07.pdf"), "chase.pdf", default_currency="USD")
    statement = doc.bank_statement
    assert statement is not None
    assert statement.opening_balance == 81_607.40 and statement.closing_balance == 189_296.31
    assert round(sum(t.credit for t in statement.transactions), 2) == 125_883.63
    assert round(sum(t.debit for t in statement.transactions), 2) == 3_169.04 + 15_025.68


@pytest.mark.parametrize(
    ("relative", "codes", "readable"),
    [
        ("hostile_pdfs/encrypted_aes256_userpw_foo.pdf", ["DOC_ENCRYPTED"], False),
        ("hostile_pdfs/encrypted_empty_userpw_opens.pdf", [], True),
        ("hostile_pdfs/zero_bytes.pdf", ["DOC_UNREADABLE"], False),
        ("hostile_pdfs/zero_pages.pdf", ["DOC_UNREADABLE"], False),
        ("hostile_pdfs/not_a_pdf_ciphertext.pdf", ["DOC_UNREADABLE"], False),
        ("hostile_pdfs/corrupted_stream.pdf", [], True),
        ("hostile_pdfs/recursive_xobjects.pdf", [], True),
        ("hostile_pdfs/fake_bold_duplicated_chars.pdf", [], True),
    ],
)
def test_hostile_files_get_a_specific_deficiency(relative: str, codes: list[str], readable: bool) -> None:
    """Each hostile file is read where readable, or named with the right code; nothing raises."""
    doc = read_document(realdata(relative), Path(relative).name)
    assert [i.code for i in doc.issues] == codes
    assert doc.text_layer is readable


def test_the_right_password_opens_the_encrypted_file() -> None:
    """With the password the AES-256 file is readable; the message never shows the password."""
    path = realdata("hostile_pdfs/encrypted_aes256_userpw_foo.pdf")
    opened = read_document(path, "enc.pdf", password="foo")
    assert opened.issues == [] and opened.encrypted and opened.text_layer
    wrong = read_document(path, "enc.pdf", password="bar")
    assert [i.code for i in wrong.issues] == ["DOC_ENCRYPTED"] and "bar" not in wrong.issues[0].message


def test_not_a_pdf_is_named_as_such() -> None:
    """A file named .pdf whose bytes are not a PDF says so."""
    doc = read_document(realdata("hostile_pdfs/not_a_pdf_ciphertext.pdf"), "x.pdf")
    assert "not a PDF" in doc.issues[0].message and doc.true_type == "unknown"


def test_fake_bold_text_is_deduplicated() -> None:
    """Characters drawn twice for fake bold are read once."""
    from credit_dd.documents.pdftext import read_pdf_text

    text = read_pdf_text(realdata("hostile_pdfs/fake_bold_duplicated_chars.pdf")).text
    assert "项目描述" in text and "项项目目" not in text


def test_a_scanned_statement_is_never_an_empty_statement() -> None:
    """Without OCR it is DOC_NO_TEXT; with Tesseract it is read, every row marked as OCR-derived."""
    from credit_dd.documents.ocr import ocr_available
    from credit_dd.documents.pdftext import PdfLimits

    path = realdata("bank_statements/scanned_image_only_statement.pdf")
    without = read_document(path, "scan.pdf", limits=PdfLimits(ocr=False))
    assert [i.code for i in without.issues] == ["DOC_NO_TEXT"] and without.bank_statement is None
    if not ocr_available():
        pytest.skip("tesseract with chi_sim is not installed")
    read = read_document(path, "scan.pdf", default_currency="USD")
    statement = read.bank_statement
    assert read.issues == [] and read.ocr_pages == [1] and statement is not None
    assert len(statement.transactions) == 10 and all(t.ocr for t in statement.transactions)
    assert statement.closing_balance == 6_048.16
    assert round(sum(t.debit for t in statement.transactions), 2) == 1_009.94
    assert round(sum(t.credit for t in statement.transactions), 2) == 2_845.00


@pytest.mark.slow
def test_the_accuracy_benchmark_reads_the_real_corpus() -> None:
    """benchmarks/accuracy.py reads every value of every document in the corpus right, and flags no genuine one."""
    import re
    import subprocess
    import sys

    folder = realdata("corpus")
    run = subprocess.run(
        [sys.executable, "benchmarks/accuracy.py", str(folder)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=Path(__file__).resolve().parents[3],
    )
    total = re.search(r"^total: (\d+)/(\d+) values right", run.stdout, re.M)
    assert total is not None, run.stdout[-2000:] + run.stderr[-2000:]
    assert "crashed" not in run.stdout
    assert "integrity signal:" not in run.stdout, "a genuine filing is flagged as edited"
    assert total.group(1) == total.group(2) and run.returncode == 0, run.stdout
    named = re.search(r"^named checks: (\d+) passed, (\d+) failed", run.stdout, re.M)
    assert named is not None and int(named.group(1)) > 100, run.stdout[-2000:]
    assert named.group(2) == "0", "a genuine filing fails a named check: " + run.stdout
