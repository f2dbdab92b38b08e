"""Hostile folders (issue 14, point 5): every entry is read or named, links are never followed,
a ZIP is not a PDF, and a rejection never replaces a case."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from credit_dd.application import read_application
from credit_dd.documents import list_documents, read_document, sniff_type
from credit_dd.errors import FormError
from credit_dd.pipeline import write_rejection
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
    assert docs / "scan_0001.pdf" in files and all(not p.is_symlink() and p.is_file() for p in files)


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
