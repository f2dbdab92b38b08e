"""Bad input at scale: every hostile file gets its own specific deficiency; no traceback, no hang,
bounded memory. Files are generated here (and the real ones in ../shared/realdata/hostile_pdfs
are added when present), then read the way the flow reads them: in the isolated reader pool."""

from __future__ import annotations

import os
import resource
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from credit_dd.documents.files import list_documents
from credit_dd.documents.isolation import IsolatedReader
from credit_dd.errors import InputError
from credit_dd.intake.application import read_application
from credit_dd.settings import Settings
from tests.conftest import REALDATA, SAMPLES

LIMITS = {"max_document_bytes": 3_000_000, "max_document_pages": 2_000, "max_document_seconds": 20.0}


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table from numbered object bodies (1-based)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def one_page(content: bytes, extra: bytes = b"") -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + extra + b">>",
            b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        ]
    )


def decompression_bomb() -> bytes:
    """1.5 GiB of zeros, deflated to about 1.5 MB, as a page's content stream."""
    packer = zlib.compressobj(9)
    chunk = bytes(64 * 1024 * 1024)
    packed = b"".join(packer.compress(chunk) for _ in range(24)) + packer.flush()
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length "
            + str(len(packed)).encode()
            + b" /Filter /FlateDecode >>\nstream\n"
            + packed
            + b"\nendstream",
        ]
    )


def many_pages(count: int) -> bytes:
    kids = " ".join(f"{n} 0 R" for n in range(3, 3 + count)).encode()
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * count
    return raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, *pages]
    )


def deeply_nested(depth: int) -> bytes:
    return one_page(b"BT /F1 12 Tf 72 720 Td (nested) Tj ET", extra=b"/Nest " + b"[" * depth + b"]" * depth + b" ")


def page_tree_loop() -> bytes:
    """A page tree whose node lists itself among its kids."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


# name → (bytes, the code it must get ("" = read normally), words its message must contain)
def generated() -> Iterator[tuple[str, bytes, str, str]]:
    sample = next((SAMPLES / "a_healthy_manufacturer" / "documents").glob("2025*.pdf")).read_bytes()
    yield "truncated.pdf", sample[: len(sample) * 6 // 10], "DOC_UNREADABLE", "malformed"
    yield "oversized.pdf", sample + b"%" + b"x" * 3_100_000 + b"\n", "DOC_UNREADABLE", "byte limit"
    yield "huge_page_count.pdf", many_pages(2_500), "DOC_UNREADABLE", "page limit"
    yield "deeply_nested.pdf", deeply_nested(200_000), "", ""  # the nesting is skipped; its text is read
    yield "page_tree_loop.pdf", page_tree_loop(), "DOC_NO_TEXT", ""  # the loop is cut; one blank page
    yield "decompression_bomb.pdf", decompression_bomb(), "DOC_UNREADABLE", ""
    yield "text_named_pdf.pdf", "发票 金额 1,000.00\n".encode("gbk"), "DOC_UNREADABLE", "not a PDF"
    yield "header_only.pdf", b"%PDF-1.7\n", "DOC_UNREADABLE", "malformed"


REAL = {  # the real hostile files and what each must get
    "zero_bytes.pdf": ("DOC_UNREADABLE", "empty"),
    "zero_pages.pdf": ("DOC_UNREADABLE", ""),
    "not_a_pdf_ciphertext.pdf": ("DOC_UNREADABLE", "not a PDF"),
    "encrypted_aes256_userpw_foo.pdf": ("DOC_ENCRYPTED", "password"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """An application folder holding every hostile file, read as the flow reads it."""
    app = tmp_path_factory.mktemp("hostile")
    shutil.copy(SAMPLES / "d_incomplete" / "application.yaml", app / "application.yaml")
    documents = app / "documents"
    documents.mkdir()
    expected: dict[str, tuple[str, str]] = {}
    for name, data, code, words in generated():
        (documents / name).write_bytes(data)
        expected[f"documents/{name}"] = (code, words)
    for name, (code, words) in REAL.items():
        if (REALDATA / "hostile_pdfs" / name).exists():
            shutil.copy(REALDATA / "hostile_pdfs" / name, documents / name)
            expected[f"documents/{name}"] = (code, words)
    outside = app.parent / f"{app.name}-outside.pdf"
    outside.write_bytes(b"%PDF-1.4 secret outside the application")
    (documents / "link_out.pdf").symlink_to(outside)
    (documents / "dotdot.pdf").symlink_to(Path("..") / ".." / outside.name)
    (documents / "etc").symlink_to("/etc")
    return expected


@pytest.mark.slow
def test_every_hostile_file_gets_its_specific_deficiency_with_bounded_memory(
    corpus: dict[str, tuple[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    app = next(p for p in tmp_path_factory.getbasetemp().glob("hostile*") if p.is_dir())
    settings = Settings(out_dir=app / "out", **LIMITS)
    application = read_application(app)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reader = IsolatedReader(workers=2)
    try:
        files, refused = list_documents(app)
        documents = {
            name: reader.read(path, name, application.password_for(name), application.currency, settings.pdf_limits)
            for path, name in files
        }
    finally:
        reader.close()
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    for name, (code, words) in corpus.items():
        issues = documents[name].issues
        if not code:
            assert not issues and documents[name].pages == 1, (name, issues)
            continue
        assert [i.code for i in issues][:1] == [code], (name, issues)
        assert words.lower() in issues[0].message.lower(), (name, issues[0].message)
        assert "Traceback" not in issues[0].message
    refused_text = " ".join(d.message for d in refused)
    assert {"link_out.pdf", "dotdot.pdf", "etc"} <= {Path(d.message.split(":")[0]).name for d in refused}, refused_text
    assert not any("secret outside" in d.message for d in refused)
    assert all(not name.startswith("documents/etc/") for name in documents)  # the link to /etc is not entered
    assert grown_mib < 300, f"the pipeline process grew by {grown_mib:.0f} MiB"


def test_a_form_that_is_not_utf8_is_rejected_by_name(tmp_path: Path) -> None:
    """application.yaml in GBK: a clear rejection naming the encoding, not a traceback."""
    text = (SAMPLES / "d_incomplete" / "application.yaml").read_text(encoding="utf-8")
    (tmp_path / "application.yaml").write_bytes(text.encode("gbk", errors="replace"))
    with pytest.raises(InputError, match="UTF-8"):
        read_application(tmp_path)


def test_python_tags_in_the_form_are_refused(tmp_path: Path) -> None:
    """YAML is loaded safely: an object-constructing tag is an input error and runs nothing."""
    marker = tmp_path / "pwned"
    (tmp_path / "application.yaml").write_text(
        f"!!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with pytest.raises(InputError):
        read_application(tmp_path)
    assert not marker.exists() and os.path.exists(tmp_path / "application.yaml")


def _active(catalog_extra: bytes = b"", page_extra: bytes = b"", more: list[bytes] | None = None) -> bytes:
    """A one-page PDF with a text line, and whatever actions the catalog and the page are given."""
    content = b"BT /F1 12 Tf 72 720 Td (Balance sheet) Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + page_extra + b">>",
            b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
            *(more or []),
        ]
    )


ACTIVE_PDFS = {
    "open_action_js.pdf": (
        _active(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
        ["on opening the document"],
    ),
    "launch_link.pdf": (
        _active(
            page_extra=b"/Annots [5 0 R] ",
            more=[b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (cmd.exe) >> >>"],
        ),
        ["page 1, a link or annotation: launches a program or opens a file"],
    ),
    "named_scripts.pdf": (
        _active(
            b"/Names << /JavaScript 5 0 R >> ", more=[b"<< /Names [(x) 6 0 R] >>", b"<< /S /JavaScript /JS (1) >>"]
        ),
        ["named document scripts"],
    ),
    "escaped_name_chained.pdf": (  # /J#61vaScript is /JavaScript; the script hides behind a /Next
        _active(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /J#61vaScript /JS (1) >> >> "),
        ["on opening the document: runs JavaScript"],
    ),
    "page_open_script.pdf": (
        _active(page_extra=b"/AA << /O << /S /JavaScript /JS (1) >> >> "),
        ["page 1 (O): runs JavaScript"],
    ),
    "action_loop.pdf": (_active(b"/OpenAction 5 0 R ", more=[b"<< /S /GoTo /D [3 0 R /Fit] /Next 5 0 R >>"]), []),
}


@pytest.mark.parametrize("name", list(ACTIVE_PDFS))
def test_active_content_in_a_pdf_is_a_finding_on_that_document(name: str, tmp_path: Path) -> None:
    """JavaScript and Launch actions, wherever a viewer would run them from, are found, named by
    where they sit, and become a DOC_ACTIVE_CONTENT warning on the document; a loop of actions ends."""
    from credit_dd.documents.files import read_document
    from credit_dd.rules.quality import integrity_findings

    data, where = ACTIVE_PDFS[name]
    (tmp_path / name).write_bytes(data)
    doc = read_document(tmp_path / name, f"documents/{name}", limits=Settings(**LIMITS).pdf_limits)
    assert doc.pages == 1 and not doc.issues
    assert len(doc.active_content) == len(where) and all(w in a for w, a in zip(where, doc.active_content, strict=True))
    findings = integrity_findings([doc])
    assert [f.code for f in findings] == (["DOC_ACTIVE_CONTENT"] if where else [])
    if where:
        assert findings[0].severity == "warning" and f"documents/{name}: holds active content" in findings[0].message
