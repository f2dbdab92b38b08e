"""Document collection over a messy application: one complete, specific deficiency list."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from credit_dd.documents.licence import extract_licence
from credit_dd.operations.direct import run_case
from credit_dd.settings import Settings
from tests.conftest import REALDATA, SAMPLES

HOSTILE = {
    "encrypted_aes256_userpw_foo.pdf": "DOC_ENCRYPTED",
    "zero_pages.pdf": "DOC_UNREADABLE",
    "not_a_pdf_ciphertext.pdf": "DOC_UNREADABLE",
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    """Sample (a) plus a duplicate, a truncated PDF, a text file and an image named .pdf, an empty file and a link out."""
    root = tmp_path_factory.mktemp("messy")
    app = root / "app"
    shutil.copytree(SAMPLES / "a_healthy_manufacturer", app)
    docs = app / "documents"
    shutil.copy(docs / "scan_0001.pdf", docs / "licence_copy.pdf")
    shutil.copy(docs / "银行流水_202511-202610.pdf", docs / "statement_again.pdf")
    (docs / "truncated.pdf").write_bytes((docs / "采购合同.pdf").read_bytes()[:9000])
    (docs / "notes.pdf").write_text("this is not a PDF at all", encoding="utf-8")
    (docs / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (docs / "empty.pdf").write_bytes(b"")
    (root / "secret.pdf").write_bytes(b"%PDF-1.4 outside")
    (docs / "link.pdf").symlink_to(root / "secret.pdf")
    for name in HOSTILE:
        if (REALDATA / "hostile_pdfs" / name).exists():
            shutil.copy(REALDATA / "hostile_pdfs" / name, docs / name)
    case, folder = run_case(app, Settings(out_dir=root / "out", render_pdf=False))
    return folder, json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _codes_by_document(summary: dict) -> dict[str | None, list[str]]:  # type: ignore[type-arg]
    out: dict[str | None, list[str]] = {}
    for deficiency in summary["deficiencies"]:
        out.setdefault(deficiency["document"], []).append(deficiency["code"])
    return out


def test_every_bad_file_is_named_with_its_code(messy) -> None:  # type: ignore[no-untyped-def]
    """Duplicate, truncated, not-a-PDF, image, empty: each named once with the right code."""
    _folder, summary = messy
    codes = _codes_by_document(summary)
    copies = [codes.get("documents/licence_copy.pdf"), codes.get("documents/scan_0001.pdf")]
    assert copies.count(["DOC_DUPLICATE"]) == 1 and copies.count(None) == 1
    assert codes["documents/truncated.pdf"] == ["DOC_UNREADABLE"]
    assert codes["documents/notes.pdf"] == ["DOC_UNREADABLE"]
    assert codes["documents/photo.pdf"] == ["DOC_NO_TEXT"]
    assert codes["documents/empty.pdf"] == ["DOC_UNREADABLE"]
    for name, code in HOSTILE.items():
        if (REALDATA / "hostile_pdfs" / name).exists():
            assert codes[f"documents/{name}"] == [code]


def test_a_bank_statement_given_twice_has_its_rows_in_the_package_once(messy) -> None:  # type: ignore[no-untyped-def]
    """transactions.csv lists one copy's rows (it listed both, so every row appeared twice)."""
    import csv

    folder, _summary = messy
    with (folder / "approval_package" / "transactions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    files = {row["file"] for row in rows}
    assert rows and len(files) == 1, files
    assert files <= {"documents/银行流水_202511-202610.pdf", "documents/statement_again.pdf"}


def test_a_link_out_of_the_folder_is_refused_not_followed(messy) -> None:  # type: ignore[no-untyped-def]
    """A symlink leaving the application folder is reported and its target never read or copied."""
    folder, summary = messy
    assert any("link.pdf" in d["message"] and "outside" in d["message"] for d in summary["deficiencies"])
    assert (
        not list(folder.rglob("secret.pdf")) and not (folder / "approval_package" / "documents" / "link.pdf").exists()
    )


def test_the_good_documents_still_carry_the_case(messy) -> None:  # type: ignore[no-untyped-def]
    """Bad extra files do not block analysis when the checklist is met; nothing is lost from the package."""
    folder, summary = messy
    assert summary["status"] == "completed" and summary["recommendation"] is not None
    copied = {p.name for p in (folder / "approval_package" / "documents").iterdir()}
    assert {"truncated.pdf", "notes.pdf", "photo.pdf", "empty.pdf", "licence_copy.pdf"} <= copied
    notice = (folder / "deficiency_notice.html").read_text(encoding="utf-8")
    assert "truncated.pdf" in notice and "photo.pdf" in notice


def test_licence_fields_are_read() -> None:
    """Name, credit code, legal representative, establishment and term come from the licence text."""
    text = "营 业 执 照\n统一社会信用代码：91350100M000100Y43\n名称：福州示例有限公司\n法定代表人：李四\n成立日期：2012年05月08日\n营业期限：2012年05月08日 至 2042年05月07日"
    licence = extract_licence(text)
    assert (licence.name, licence.unified_social_credit_code, licence.legal_representative) == (
        "福州示例有限公司",
        "91350100M000100Y43",
        "李四",
    )
    assert str(licence.established_on) == "2012-05-08" and str(licence.term_end) == "2042-05-07"
    assert extract_licence("营业期限：2015年03月02日 至 长期").term_unlimited


def test_a_document_past_its_deadline_is_stopped_and_the_next_one_still_reads() -> None:
    """The worker reading a slow document is killed; the case goes on with a fresh worker."""
    from credit_dd.documents.isolation import IsolatedReader
    from credit_dd.documents.pdftext import PdfLimits

    reader = IsolatedReader(workers=1)
    statement = SAMPLES / "a_healthy_manufacturer" / "documents" / "银行流水_202511-202610.pdf"
    try:
        stopped = reader.read(statement, "slow.pdf", None, "CNY", PdfLimits(max_seconds=-29.95))
        assert [i.code for i in stopped.issues] == ["DOC_UNREADABLE"] and "stopped" in stopped.issues[0].message
        assert stopped.sha256 and stopped.size > 0
        assert reader.read(statement, "next.pdf", None, "CNY", PdfLimits()).kind == "bank_statement"
    finally:
        reader.close()
