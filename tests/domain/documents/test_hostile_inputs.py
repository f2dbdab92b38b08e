"""Hostile folders (issue 14, point 5): every entry is read or named, links are never followed,
a ZIP is not a PDF, and a rejection never replaces a case."""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from credit_dd.documents.files import list_documents, read_document, sniff_type
from credit_dd.errors import FormError
from credit_dd.intake.application import read_application
from credit_dd.package.rejection import write_rejection
from credit_dd.settings import Settings
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "a_healthy_manufacturer"


def _application(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    shutil.copytree(SAMPLE, app)
    return app


def test_links_hidden_entries_and_pipes_are_named_not_read(tmp_path: Path) -> None:
    app = _application(tmp_path)
    docs = app / "documents"
    (docs / "copy_of_licence.pdf").symlink_to(docs / "scan_0001.pdf")
    (docs / ".x.pdf").write_bytes((docs / "scan_0001.pdf").read_bytes())
    (docs / ".scans").mkdir()
    (docs / ".scans" / "page.pdf").write_bytes(b"%PDF-1.4")
    os.mkfifo(docs / "pipe.pdf")
    files, refused = list_documents(app)
    named = {i.params["file"]: i.variant for i in refused}
    assert named == {
        "documents/copy_of_licence.pdf": "link_inside",
        "documents/.x.pdf": "hidden",
        "documents/.scans": "hidden",
        "documents/pipe.pdf": "not_a_file",
    }
    assert (docs / "scan_0001.pdf", "documents/scan_0001.pdf") in files
    assert all(not p.is_symlink() and p.is_file() for p, _ in files)


def test_a_zip_renamed_pdf_is_not_read_as_a_pdf(tmp_path: Path) -> None:
    """A ZIP storing a statement uncompressed has %PDF- in its first bytes; it is still a ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("s.pdf", (SAMPLE / "documents" / "银行流水_202511-202610.pdf").read_bytes())
    path = tmp_path / "statement2.pdf"
    path.write_bytes(buffer.getvalue())
    assert b"%PDF-" in path.read_bytes()[:1024] and sniff_type(path.read_bytes()[:1024]) == "zip"
    doc = read_document(path, "documents/statement2.pdf")
    assert doc.bank_statement is None and [i.variant for i in doc.issues] == ["not_pdf"]


def test_a_form_linked_from_outside_the_folder_is_refused(tmp_path: Path) -> None:
    app = _application(tmp_path)
    other = tmp_path / "other_applicant.yaml"
    shutil.move(app / "application.yaml", other)
    (app / "application.yaml").symlink_to(other)
    with pytest.raises(FormError, match="outside the application folder"):
        read_application(app)


def test_a_broken_resubmission_never_replaces_a_completed_case(tmp_path: Path) -> None:
    out = tmp_path / "out"
    case = out / "APP-20261120-0007"
    case.mkdir(parents=True)
    (case / "summary.json").write_text(json.dumps({"status": "completed"}), encoding="utf-8")
    resubmitted = tmp_path / "APP-20261120-0007"
    resubmitted.mkdir()
    folder = write_rejection(resubmitted, FormError("application.yaml: broken"), Settings(out_dir=out))
    assert folder == case and json.loads((case / "summary.json").read_text())["status"] == "completed"
    (stub,) = case.glob("rejected_resubmission-*.json")
    assert json.loads(stub.read_text())["status"] == "rejected_input"
    fresh = write_rejection(tmp_path / "NEW-1", FormError("application.yaml: broken"), Settings(out_dir=out))
    assert json.loads((fresh / "summary.json").read_text())["status"] == "rejected_input"


def _dense_page(path: Path, characters: int) -> None:
    """A one-page PDF of ``characters`` digits in a 2-point font: a few KB that lay out as a huge page."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.setFont("Helvetica", 2)
    line = "0123456789" * 20
    for index in range(characters // len(line)):
        page.drawString(10, 800 - (index % 400) * 2, line)
    page.save()


def test_a_page_of_200000_characters_is_refused_before_it_is_laid_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 42 KB page that took minutes: refused from its content stream, naming the page; and if the
    stream hides it (text in a form object), the character count after parsing still bounds the work."""
    from credit_dd.documents import pdftext

    dense = tmp_path / "dense.pdf"
    _dense_page(dense, 200_000)
    assert dense.stat().st_size < 50_000
    doc = read_document(dense, "documents/dense.pdf")
    assert doc.kind == "unreadable" and not doc.transient
    assert "page 1 shows 202,000 bytes of text, more than any statement page" in doc.issues[0].message
    hidden = tmp_path / "hidden.pdf"
    _dense_page(hidden, 30_000)
    monkeypatch.setattr(pdftext, "MAX_PAGE_TEXT_BYTES", 10**9)  # as if the stream did not show it
    monkeypatch.setattr(pdftext, "MAX_PAGE_CHARS", 20_000)
    assert "page 1 holds 30,000 characters" in read_document(hidden, "documents/hidden.pdf").issues[0].message


def test_a_page_that_exhausts_memory_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from credit_dd.documents import pdftext

    def exhausted(*_args: object) -> None:
        raise MemoryError()

    monkeypatch.setattr(pdftext, "_read_page", exhausted)
    doc = read_document(SAMPLE / "documents" / "采购合同.pdf", "documents/采购合同.pdf")
    message = doc.issues[0].message
    assert "page 1 needs more memory than one document may use" in message and "MemoryError: " not in message


def test_the_deadline_counts_a_documents_own_reading_not_its_wait_in_the_queue() -> None:
    """Thirty reads at once on one worker, each well inside its deadline: none is stopped, although
    together they take several deadlines (the deadline is set from this machine's own read time)."""
    from concurrent.futures import ThreadPoolExecutor

    from credit_dd.documents.isolation import IsolatedReader
    from credit_dd.documents.pdftext import PdfLimits

    statement = SAMPLE / "documents" / "银行流水_202511-202610.pdf"
    reader = IsolatedReader(workers=1, start_slack=0.5)
    try:
        reader.read(statement, "warm.pdf", None, "CNY", PdfLimits())  # the worker's start is not the point here
        started = time.monotonic()
        reader.read(statement, "timed.pdf", None, "CNY", PdfLimits())
        one = time.monotonic() - started
        limits = PdfLimits(max_seconds=6 * one)  # each read takes a sixth of its deadline
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=30) as pool:
            docs = list(pool.map(lambda i: reader.read(statement, f"s{i}.pdf", None, "CNY", limits), range(30)))
        elapsed = time.monotonic() - started
    finally:
        reader.close()
    assert [d.kind for d in docs] == ["bank_statement"] * 30
    assert elapsed > limits.max_seconds + 0.5, "the reads were too quick to show the queue is not counted"


def test_another_documents_timeout_does_not_fail_a_good_one_and_a_second_discard_is_harmless() -> None:
    import threading

    from credit_dd.documents.isolation import IsolatedReader
    from credit_dd.documents.pdftext import PdfLimits

    statement = SAMPLE / "documents" / "银行流水_202511-202610.pdf"
    reader = IsolatedReader(workers=2)
    results: dict[str, object] = {}
    try:
        good = threading.Thread(
            target=lambda: results.update(good=reader.read(statement, "good.pdf", None, "CNY", PdfLimits()))
        )
        good.start()
        time.sleep(0.2)
        slow = reader.read(statement, "slow.pdf", None, "CNY", PdfLimits(max_seconds=-29.95))
        good.join(timeout=120)
        pool = reader._executor()
        reader._discard(pool)
        reader._discard(pool)  # a second timeout on a pool already shut down
    finally:
        reader.close()
    assert slow.transient and "stopped" in slow.issues[0].message
    assert results["good"].kind == "bank_statement"  # type: ignore[attr-defined]
