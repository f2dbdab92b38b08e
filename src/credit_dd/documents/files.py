"""Every file under ``documents/``: what it really is, what it holds, what is wrong with it.

Files are identified by content (SHA-256) and classified by what their text says, never by
their names. A file that cannot be read becomes a deficiency with a specific code; it never
stops the run.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from credit_dd.documents.bankstatements import BankStatement, extract_bank_statement
from credit_dd.documents.integrity import (
    font_signals,
    incremental_save_signals,
    metadata_signals,
    mixed_font_signals,
)
from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
from credit_dd.documents.licence import BusinessLicence, extract_licence
from credit_dd.documents.pdftext import PdfLimits, PdfText, read_pdf_text
from credit_dd.documents.statement_headings import consolidated_kinds_named, title_kind
from credit_dd.documents.statements import ExtractedStatement, extract_statements, split_parent_only
from credit_dd.errors import DocumentEncryptedError, DocumentError
from credit_dd.masking import printable
from credit_dd.policy.findings import english

DocumentKind = Literal[
    "financial_statements",
    "balance_sheet",
    "income_statement",
    "cash_flow_statement",
    "bank_statement",
    "business_licence",
    "identity_document",
    "contract",
    "collateral_document",
    "project_approval",
    "feasibility_study",
    "capital_contribution",
    "invoice",
    "customs_declaration",
    "transport_document",
    "marriage_document",
    "household_register",
    "credit_report",
    "other",
    "unreadable",
]
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "ole"),
    (b"GIF8", "gif"),
]
_KEYWORDS: list[tuple[DocumentKind, re.Pattern[str]]] = [
    ("business_licence", re.compile(r"营业执照|business licen[cs]e", re.I)),
    ("identity_document", re.compile(r"居民身份证|公民身份号码|passport no|identity card", re.I)),
    (
        "collateral_document",
        re.compile(r"不动产权|房屋所有权|土地使用权|抵押物|评估报告|title deed|mortgage deed|valuation report", re.I),
    ),
    ("contract", re.compile(r"合同|协议书|contract|agreement|purchase order", re.I)),
]
# Kinds told by their title: matched only at the top of a page, since their words are common in
# other documents' bodies (a contract mentions 发票 and 提单; a report mentions 可行性).
_TITLES: list[tuple[DocumentKind, re.Pattern[str]]] = [
    ("credit_report", re.compile(r"(?:企业|个人)?信用报告|征信报告|credit report", re.I)),
    ("marriage_document", re.compile(r"结婚证|离婚证|婚姻状况证明|marriage certificate", re.I)),
    ("household_register", re.compile(r"户口簿|常住人口登记卡|居住证|household regist", re.I)),
    (
        "project_approval",
        re.compile(
            r"项目(?:核准|备案|审批)|(?:核准|立项|环评)批复|备案证明|环境影响(?:报告|评价).*批复|建设用地规划许可证|"
            r"建设工程规划许可证|施工许可证|project (?:approval|filing)",
            re.I,
        ),
    ),
    ("feasibility_study", re.compile(r"可行性研究报告|feasibility (?:study|report)", re.I)),
    ("capital_contribution", re.compile(r"资本金到位|验资报告|出资证明|capital (?:contribution|verification)", re.I)),
    ("customs_declaration", re.compile(r"报关单|customs declaration", re.I)),
    ("transport_document", re.compile(r"提单|运单|bill of lading|air ?waybill|sea waybill", re.I)),
    ("invoice", re.compile(r"发票|commercial invoice|proforma invoice|tax invoice|^invoice", re.I | re.M)),
]
TITLE_LINES = 3  # how many lines at a page's top can hold its title
_FIGURES_AT_END = re.compile(r"(?:\s+[-(]?[$¥£€]?\s?\d[\d,.'’]*\)?)+\s*$")
_CJK_SPACING = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_BANK_WORDS = re.compile(r"银行|流水|对账单|账户|bank|statement|account", re.I)
STATEMENT_KIND_NAMES = {
    "balance_sheet": "balance_sheet",
    "income_statement": "income_statement",
    "cash_flow": "cash_flow_statement",
}


class DocumentIssue(BaseModel):
    """Something wrong with one document, as a deficiency code and a message for the customer.

    ``message`` is English; ``variant`` and ``params`` render it again in the reader's language."""

    code: str
    message: str
    variant: str | None = None
    params: dict[str, Any] = {}


def issue(code: str, variant: str | None, /, **params: Any) -> DocumentIssue:
    """A catalogued document issue (``data/findings.yaml``), its English message rendered."""
    message, kept = english(code, variant, **params)
    return DocumentIssue(code=code, message=message, variant=variant, params=kept)


class ParsedDocument(BaseModel):
    """One input file: identity, classification with evidence, and what was extracted."""

    file: str
    sha256: str
    size: int
    true_type: str
    pages: int = 0
    encrypted: bool = False
    text_layer: bool = False
    cid_garbled: bool = False
    ocr_pages: list[int] = []
    integrity: list[str] = []
    active_content: list[str] = []  # JavaScript or Launch actions a viewer may run, where each sits
    kind: DocumentKind = "other"
    evidence: list[str] = []
    issues: list[DocumentIssue] = []
    metadata: dict[str, str] = {}
    statements: list[ExtractedStatement] = []
    parent_statements: list[ExtractedStatement] = []  # parent-only versions beside consolidated ones: not analysed
    bank_statement: BankStatement | None = None
    licence: BusinessLicence | None = None
    duplicate_of: str | None = None
    parser_version: str = ""  # the version of the code that read it (freshness.reading_version)
    transient: bool = False  # the read was stopped (time, a killed reader): never cached, read again next run


def sniff_type(head: bytes) -> str:
    """The file type its first bytes declare (``pdf``, ``png`` …, ``empty`` or ``unknown``)."""
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):  # a ZIP, even one storing a PDF uncompressed near its start
        return "zip"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return next((name for magic, name in _MAGIC if head.startswith(magic)), "unknown")


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def list_documents(application_dir: Path) -> tuple[list[tuple[Path, str]], list[DocumentIssue]]:
    """Files under ``documents/`` as (path, name in the folder), sorted, and every other entry
    named with why it is not read: links (never followed), hidden files and folders, pipes and
    devices.

    The name is the one the case knows the file by, in the report, the summary, the notice, the
    package and the dashboard: printable, with any control or bidi character escaped (a name with a
    right-to-left override would read backwards). ``documents/`` itself a link lists nothing
    (intake refuses such a folder)."""
    root = application_dir / "documents"
    if root.is_symlink() or not root.is_dir():
        return [], []
    files: list[tuple[Path, str]] = []
    refused: list[DocumentIssue] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in sorted(d for d in dirs if (Path(folder) / d).is_symlink()):
            refused.append(issue("DOC_UNREADABLE", "link_folder", file=_shown(Path(folder) / name, application_dir)))
        for name in sorted(d for d in dirs if d.startswith(".") and not (Path(folder) / d).is_symlink()):
            refused.append(issue("DOC_UNREADABLE", "hidden", file=_shown(Path(folder) / name, application_dir)))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(folder) / d).is_symlink())
        for name in sorted(names):
            path = Path(folder) / name
            relative = _shown(path, application_dir)
            if path.is_symlink():
                # A link is never read: one out of the folder would read another applicant's file, one
                # within it would make the real file look like its duplicate.
                inside = path.resolve().is_relative_to(root.resolve())
                refused.append(issue("DOC_UNREADABLE", "link_inside" if inside else "link_outside", file=relative))
            elif name.startswith("."):
                refused.append(issue("DOC_UNREADABLE", "hidden", file=relative))
            elif not path.is_file():
                refused.append(issue("DOC_UNREADABLE", "not_a_file", file=relative))
            else:
                files.append((path, relative))
    return files, refused


def _shown(path: Path, application_dir: Path) -> str:
    return printable(path.relative_to(application_dir).as_posix())


_STATEMENT_NAMES = {
    "balance_sheet": "balance sheet",
    "income_statement": "income statement",
    "cash_flow": "cash flow statement",
}


def _classify(doc: ParsedDocument, pdf: PdfText, default_currency: str) -> None:
    named = consolidated_kinds_named(pdf.text)
    doc.statements, doc.parent_statements = split_parent_only(extract_statements(pdf, doc.file), named)
    read = {s.kind for s in doc.statements if s.scope == "consolidated"}
    doc.issues += [  # a parent's statement set aside for a group one the report names and the reader missed
        issue(
            "GROUP_STATEMENT_NOT_READ",
            None,
            file=doc.file,
            page=s.pages[0],
            statement=_STATEMENT_NAMES[s.kind],  # a catalogue term: 资产负债表 for a Chinese reader
        )
        for s in doc.parent_statements
        if s.kind in named and s.kind not in read
    ]
    kinds = sorted({s.kind for s in doc.statements} or {s.kind for s in doc.parent_statements})
    if kinds:
        alone = len(kinds) == 1 and not statement_content(pdf)  # one statement, and the file prints no other
        doc.kind = STATEMENT_KIND_NAMES[kinds[0]] if alone else "financial_statements"  # type: ignore[assignment]
        doc.evidence = [f"page {s.pages[0]}: {s.heading} ({s.scope})" for s in doc.statements or doc.parent_statements]
        doc.issues += [
            issue("UNIT_ASSUMED", None, file=doc.file, page=s.pages[0], heading=s.heading)
            for s in doc.statements
            if s.unit_assumed
        ]
        return
    if printed := statement_content(pdf):
        doc.kind, doc.evidence = "financial_statements", printed  # printed, but no statement could be read
        return
    text = pdf.text
    statement = extract_bank_statement(pdf, doc.file, default_currency)
    # A bank statement is known by its structure (a running balance its amounts explain, or opening and
    # closing balances); a table known only by its header's words needs a bank's words beside it.
    if statement is not None and (statement.recognised_by != "header" or _BANK_WORDS.search(text)):
        doc.kind, doc.bank_statement = "bank_statement", statement
        doc.evidence = [
            f"page {statement.transactions[0].page}: transactions table with {len(statement.transactions)} rows"
        ]
        return
    if _by_title(doc, pdf):
        return
    for kind, pattern in _KEYWORDS:
        for page in pdf.pages:
            # Titles are often letter-spaced (营 业 执 照): compare Chinese text without spaces.
            match = pattern.search(page.text) or pattern.search(_CJK_SPACING.sub("", page.text))
            if match:
                doc.kind, doc.evidence = kind, [f"page {page.number}: “{match.group(0)}”"]
                if kind == "business_licence":
                    doc.licence = extract_licence(text)
                return


CONTENT_ITEMS = 6  # distinct line items with figures, from two statements at least: statements, by content


def statement_content(pdf: PdfText) -> list[str]:
    """Evidence that a document holds financial statements although none could be read: statement
    titles of two kinds, or the line items of two statements printed with figures."""
    table = default_synonyms()
    titles: dict[str, str] = {}
    items: dict[str, set[str]] = {}
    for page in pdf.pages:
        for line in page.lines:
            kind = title_kind(line.text)
            if kind not in (None, "other"):
                titles.setdefault(str(kind), f"page {page.number}: {line.text.strip()[:60]}")
            label = _FIGURES_AT_END.sub("", line.text)
            if label != line.text:
                for statement in STATEMENT_KINDS:
                    if found := table.match(statement, label):
                        items.setdefault(statement, set()).add(found.item)
    if len(titles) >= 2:
        return list(titles.values())
    if len(items) >= 2 and sum(len(found) for found in items.values()) >= CONTENT_ITEMS:
        return [f"{kind}: {', '.join(sorted(found))}" for kind, found in sorted(items.items())]
    return []


def _by_title(doc: ParsedDocument, pdf: PdfText) -> bool:
    """Classify by a title at the top of a page (see ``_TITLES``); whether one was found."""
    for kind, pattern in _TITLES:
        for page in pdf.pages:
            lines = [line.text for line in page.lines if line.text.strip()][:TITLE_LINES]
            top = _CJK_SPACING.sub("", "\n".join(lines))
            if match := pattern.search(top):
                doc.kind, doc.evidence = kind, [f"page {page.number}: “{match.group(0)}”"]
                return True
    return False


def _text_issues(doc: ParsedDocument, pdf: PdfText) -> None:
    chars = sum(p.char_count for p in pdf.pages)
    doc.text_layer = chars > 0
    doc.ocr_pages = [p.number for p in pdf.pages if p.ocr]
    if doc.ocr_pages:
        doc.evidence.append(f"pages {doc.ocr_pages} have no text layer and were read by OCR (lower confidence)")
    scanned = [p.number for p in pdf.pages if (p.is_scanned or p.char_count == 0) and not p.ocr]
    noise = [p.number for p in pdf.pages if p.ocr_unreadable]
    if pdf.page_count == 0:
        doc.issues.append(issue("DOC_UNREADABLE", "no_pages", file=doc.file))
    elif noise:  # scanned pages OCR could not read are named, whatever was read elsewhere
        doc.issues.append(issue("DOC_NO_TEXT", "ocr_unreadable", file=doc.file, pages=str(noise)))
    elif not doc.text_layer and not doc.ocr_pages:
        doc.issues.append(issue("DOC_NO_TEXT", "scanned", file=doc.file))
    elif scanned and len(scanned) < pdf.page_count and doc.kind == "other":
        doc.issues.append(issue("DOC_NO_TEXT", "pages", file=doc.file, pages=str(scanned)))
    cids = sum(p.cid_count for p in pdf.pages)
    if cids and cids * 5 > chars / 8:
        doc.cid_garbled = True
        doc.issues.append(issue("DOC_UNREADABLE", "cid", file=doc.file))


def read_document(
    path: Path, file: str, password: str | None = None, default_currency: str = "CNY", limits: PdfLimits | None = None
) -> ParsedDocument:
    """Identify, classify and parse one file. Never raises for a bad document."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    doc = ParsedDocument(file=file, sha256=sha256_file(path), size=path.stat().st_size, true_type=sniff_type(head))
    if doc.true_type != "pdf":
        _not_a_pdf(doc)
        return doc
    try:
        pdf = read_pdf_text(path, password=password, limits=limits)
    except DocumentEncryptedError:
        doc.encrypted, doc.kind = True, "unreadable"
        doc.issues.append(issue("DOC_ENCRYPTED", "wrong_password" if password else "no_password", file=file))
        return doc
    except DocumentError as exc:
        doc.kind, doc.transient = "unreadable", exc.transient
        doc.issues.append(
            DocumentIssue(
                code=exc.code, message=f"{file}: {exc}", variant="error", params={"file": file, "detail": str(exc)}
            )
        )
        return doc
    doc.pages, doc.encrypted, doc.metadata = pdf.page_count, pdf.encrypted, pdf.metadata
    doc.active_content = pdf.active_content
    _classify(doc, pdf, default_currency)
    _text_issues(doc, pdf)
    # What a page shows was changed, or one figure is set in another font: a signal. The
    # producer and dates only add context to such a signal; on their own they are normal.
    table_pages = {n for s in doc.statements for n in s.pages} or None if doc.statements else None
    signals = incremental_save_signals(path, pdf.metadata.get("Producer", "")) + font_signals(pdf, table_pages)
    signals += mixed_font_signals(pdf)
    doc.integrity = signals + metadata_signals(pdf.metadata) if signals else []
    return doc


def _not_a_pdf(doc: ParsedDocument) -> None:
    doc.kind = "unreadable"
    if doc.true_type == "empty":
        doc.issues.append(issue("DOC_UNREADABLE", "empty", file=doc.file))
    elif doc.true_type in ("png", "jpeg", "tiff", "gif"):
        doc.issues.append(issue("DOC_NO_TEXT", "image", file=doc.file, true_type=doc.true_type))
    else:
        doc.issues.append(issue("DOC_UNREADABLE", "not_pdf", file=doc.file, true_type=doc.true_type))


def mark_duplicates(documents: list[ParsedDocument]) -> list[ParsedDocument]:
    """Later copies of identical bytes point at the first and carry ``DOC_DUPLICATE``."""
    first: dict[str, str] = {}
    out = []
    for doc in documents:
        if doc.sha256 in first:
            doc = doc.model_copy(
                update={
                    "duplicate_of": first[doc.sha256],
                    "issues": [
                        *doc.issues,
                        issue("DOC_DUPLICATE", None, file=doc.file, other=first[doc.sha256]),
                    ],
                }
            )
        else:
            first[doc.sha256] = doc.file
        out.append(doc)
    return out


def originals(documents: list[ParsedDocument]) -> list[ParsedDocument]:
    """The documents without the copies of another (a file given twice is counted once)."""
    return [d for d in documents if d.duplicate_of is None]


def bank_statements(documents: list[ParsedDocument]) -> list[BankStatement]:
    """Every bank statement read, each once (a duplicated file's rows are not counted twice)."""
    return [d.bank_statement for d in originals(documents) if d.bank_statement is not None]
