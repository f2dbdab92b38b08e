"""Financial statements found in a document's text and read into canonical line items.

A document is cut into sections at statement headings (资产负债表, Statement of Cash Flows …);
each section's header gives the unit, the statement date and the period columns (by their
x position); each body line is split into label/amount segments, so the Chinese two-sided
balance sheet (assets left, liabilities right) reads like any other. Every value keeps the
file, page and position it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from credit_dd.amounts import is_bare_small_integer, parse_amount
from credit_dd.labels import StatementKind, SynonymTable, default_synonyms, normalise_label
from credit_dd.pdftext import PdfText, TextLine, Word
from credit_dd.periods import Unit, column_date, detect_currency, detect_unit, find_dates

Scope = Literal["consolidated", "parent", "single"]

HEADINGS: dict[StatementKind, re.Pattern[str]] = {
    "balance_sheet": re.compile(r"资产负债表|balance sheets?\b|statements? of financial position", re.I),
    "income_statement": re.compile(
        r"利润表|损益表|income statements?|statements? of (?:comprehensive )?income|statements? of profit or loss"
        r"|profit and loss (?:account|statement)|statements? of operations",
        re.I,
    ),
    "cash_flow": re.compile(r"现金流量表|cash flows? statements?|statements? of cash flows?", re.I),
}
_NOT_A_HEADING = re.compile(r"项目|变动|附注|说明|notes to|analysis|分析|摘要|主要|情况|explanat", re.I)
_PARENT = re.compile(r"母公司|parent company|company'?s? (?:own|only)|company-only", re.I)
_CONSOLIDATED = re.compile(r"合并|consolidated|group", re.I)
_CONTINUED = re.compile(r"续|continued", re.I)
_QUARTER_ENDS = {"一": (3, 31), "1": (3, 31), "三": (9, 30), "3": (9, 30)}
_REPORT_PERIOD = re.compile(r"(\d{4})\s*年\s*(?:第([一三13])季度|(半年度|中期)|(年度))")
LABEL_GAP = 24.0  # points: a wider gap between two words starts a new label (two-sided layouts)


class SourcedValue(BaseModel):
    """One extracted figure, in whole currency units, and where it was printed."""

    value: float
    file: str
    page: int
    x: float
    y: float
    label: str
    ocr: bool = False
    step: float = 0.01  # the printed precision in currency units: rounding tolerance for identities


class ExtractedStatement(BaseModel):
    """One statement (or one continuous part of it) read from one document."""

    kind: StatementKind
    scope: Scope
    file: str
    heading: str
    pages: list[int]
    unit: str
    currency: str | None
    statement_date: date | None
    company: str | None = None
    values: dict[date, dict[str, SourcedValue]] = {}


@dataclass
class _Section:
    kind: StatementKind
    scope: Scope
    heading: TextLine
    lines: list[TextLine] = field(default_factory=list)
    before: str = ""  # the line printed just above the heading (often the company's name)


@dataclass(frozen=True)
class _Column:
    center: float
    period: date


def _is_money_word(text: str) -> bool:
    value = parse_amount(text)
    return value is not None and not (text.isdigit() and len(text) <= 4)


def heading_kind(line: TextLine) -> StatementKind | None:
    """The statement a line announces, when the line is a statement heading."""
    text = line.text
    if len(text) > 90 or _NOT_A_HEADING.search(text) or any(_is_money_word(w.text) for w in line.words):
        return None
    for kind, pattern in HEADINGS.items():
        if pattern.search(text):
            return kind
    return None


def _scope(text: str) -> Scope:
    if _PARENT.search(text):
        return "parent"
    return "consolidated" if _CONSOLIDATED.search(text) else "single"


def find_sections(pdf: PdfText) -> list[_Section]:
    """Cut the document into statement sections at their headings."""
    sections: list[_Section] = []
    for page in pdf.pages:
        previous = ""
        for line in page.lines:
            kind = heading_kind(line)
            if kind is None:
                if sections:
                    sections[-1].lines.append(line)
                previous = line.text
                continue
            continued = sections and sections[-1].kind == kind and _CONTINUED.search(line.text)
            if not continued:
                sections.append(_Section(kind, _scope(line.text), line, before=previous))
    return sections


_PREPARER = re.compile(r"编制单位\s*[:：]\s*(\S+?有限(?:责任)?公司|\S+?公司|\S+)")
_COMPANY_WORDS = re.compile(r"有限公司|有限责任公司|co\.?,? ?ltd|limited|inc\.?$|corporation|company", re.I)


def _company(section: _Section, header_text: str) -> str | None:
    """The company a statement is drawn up for: 编制单位, or the name printed above the heading."""
    match = _PREPARER.search(header_text)
    if match:
        return match.group(1)
    return section.before.strip() if _COMPANY_WORDS.search(section.before) else None


def _clusters(words: tuple[Word, ...], gap: float) -> list[list[Word]]:
    groups: list[list[Word]] = []
    for word in words:
        if groups and word.x0 - groups[-1][-1].x1 <= gap:
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def _columns_of(line: TextLine, statement_date: date | None, kind: StatementKind) -> list[_Column]:
    columns = []
    for group in _clusters(line.words, gap=12.0):
        text = " ".join(w.text for w in group)
        period = column_date(text, statement_date, kind == "balance_sheet")
        if period is not None:
            columns.append(_Column((group[0].x0 + group[-1].x1) / 2, period))
    return columns


def _report_period_date(text: str) -> date | None:
    match = _REPORT_PERIOD.search(text)
    if not match:
        return None
    year = int(match.group(1))
    if match.group(2):
        month, day = _QUARTER_ENDS[match.group(2)]
        return date(year, month, day)
    return date(year, 6, 30) if match.group(3) else date(year, 12, 31)


@dataclass
class _Header:
    unit: Unit
    currency: str | None
    statement_date: date | None
    columns: list[_Column]
    body_start: int


def _read_header(section: _Section, fallback_date: date | None) -> _Header:
    """Unit, currency, date and period columns from the lines before the first amounts."""
    body_start = next(
        (i for i, line in enumerate(section.lines) if any(_is_money_word(w.text) for w in line.words)),
        len(section.lines),
    )
    head = [section.heading, *section.lines[:body_start]]
    text = "\n".join(line.text for line in head)
    dates = find_dates(text)
    statement_date = max(dates) if dates else fallback_date
    columns: list[_Column] = []
    for line in head[1:]:
        found = _columns_of(line, statement_date, section.kind)
        if found and len(found) >= len(columns):  # ties: the line nearest the body is the column header
            columns = found
    unit = detect_unit(text) or Unit("元", Decimal(1))
    return _Header(unit, detect_currency(text), statement_date, columns, body_start)


def _segments(line: TextLine) -> list[tuple[str, list[Word]]]:
    """Split a line into (label, amounts) pairs; a leading label of ``""`` means none printed."""
    segments: list[tuple[str, list[Word]]] = []
    label_words: list[Word] = []
    amounts: list[Word] = []
    for word in line.words:
        is_amount = parse_amount(word.text) is not None
        gap_break = label_words and not amounts and word.x0 - label_words[-1].x1 > LABEL_GAP
        if not is_amount and (amounts or gap_break):
            segments.append((" ".join(w.text for w in label_words), amounts))
            label_words, amounts = [], []
        (amounts if is_amount else label_words).append(word)
    if label_words or amounts:
        segments.append((" ".join(w.text for w in label_words), amounts))
    return segments


def _assign(amounts: list[Word], columns: list[_Column]) -> list[tuple[Word, date]]:
    """Pair amounts with period columns by position; drop row numbers and note references."""
    if not columns:
        return []
    extra = len(amounts) - len({c.period for c in columns})
    while extra > 0 and amounts and is_bare_small_integer(amounts[0].text):
        amounts, extra = amounts[1:], extra - 1
    centers = sorted(c.center for c in columns)
    spacing = min((b - a for a, b in zip(centers, centers[1:], strict=False)), default=160.0)
    tolerance = max(0.6 * spacing, 40.0)
    paired = []
    for word in amounts:
        middle = (word.x0 + word.x1) / 2
        nearest = min(columns, key=lambda c: abs(c.center - middle))
        if abs(nearest.center - middle) <= tolerance:
            paired.append((word, nearest.period))
    return paired


@dataclass
class _Candidate:
    item: str
    period: date
    value: SourcedValue
    priority: int
    label_key: str


def _read_body(section: _Section, header: _Header, file: str, table: SynonymTable) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    pending = ""
    for line in section.lines[header.body_start :]:
        if len(line.words) == 1 and is_bare_small_integer(line.words[0].text):
            continue  # a page number
        segments = _segments(line)
        for label, amounts in segments:
            if not amounts:
                pending = label
                continue
            synonym = table.match(section.kind, label) if label else None
            if synonym is None and pending:
                synonym = table.match(section.kind, pending + label) or (
                    None if label else table.match_wrapped(section.kind, pending)
                )
                label = pending + label
            pending = ""
            if synonym is None:
                continue
            for word, period in _assign(amounts, header.columns):
                amount = parse_amount(word.text)
                assert amount is not None
                value = float((amount * header.unit.scale).quantize(Decimal("0.01")))
                decimals = len(word.text.rstrip(")").split(".")[1]) if "." in word.text else 0
                step = float(header.unit.scale) / 10**decimals
                sourced = SourcedValue(
                    ocr=word.fontname == "ocr",
                    step=step,
                    value=value,
                    file=file,
                    page=line.page,
                    x=round(word.x0, 1),
                    y=round(line.top, 1),
                    label=label,
                )
                candidates.append(_Candidate(synonym.item, period, sourced, synonym.priority, normalise_label(label)))
    return candidates


def _combine(candidates: list[_Candidate], table: SynonymTable) -> dict[date, dict[str, SourcedValue]]:
    """Best label wins per item and period; additive items sum their distinct labels."""
    values: dict[date, dict[str, SourcedValue]] = {}
    best: dict[tuple[date, str], int] = {}
    seen_labels: dict[tuple[date, str], set[str]] = {}
    for cand in candidates:
        key = (cand.period, cand.item)
        period_values = values.setdefault(cand.period, {})
        if cand.item in table.additive and key in best:
            labels = seen_labels.setdefault(key, set())
            if cand.label_key not in labels:
                labels.add(cand.label_key)
                old = period_values[cand.item]
                period_values[cand.item] = old.model_copy(update={"value": round(old.value + cand.value.value, 2)})
            continue
        if key not in best or cand.priority < best[key]:
            best[key] = cand.priority
            seen_labels[key] = {cand.label_key}
            period_values[cand.item] = cand.value
    return values


def extract_statements(pdf: PdfText, file: str, table: SynonymTable | None = None) -> list[ExtractedStatement]:
    """Every statement section found in a document, consolidated ones preferred.

    When a document holds both consolidated (合并) and parent-only (母公司) versions of a
    statement, the parent-only ones are dropped: credit analysis looks at the group.
    """
    table = table or default_synonyms()
    document_date = _report_period_date(pdf.text[:4000])
    statements: list[ExtractedStatement] = []
    fallback = document_date
    for section in find_sections(pdf):
        header = _read_header(section, fallback)
        fallback = header.statement_date or fallback
        candidates = _read_body(section, header, file, table)
        pages = sorted({section.heading.page, *(line.page for line in section.lines)})
        statements.append(
            ExtractedStatement(
                kind=section.kind,
                scope=section.scope,
                file=file,
                heading=section.heading.text,
                pages=pages,
                unit=header.unit.label,
                currency=header.currency,
                statement_date=header.statement_date,
                company=_company(section, "\n".join(line.text for line in section.lines[: header.body_start])),
                values=_combine(candidates, table),
            )
        )
    return _prefer_consolidated([s for s in statements if s.values])


def _prefer_consolidated(statements: list[ExtractedStatement]) -> list[ExtractedStatement]:
    consolidated = {s.kind for s in statements if s.scope == "consolidated"}
    return [s for s in statements if not (s.scope == "parent" and s.kind in consolidated)]
