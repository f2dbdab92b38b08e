"""Where a document's statements are: sections cut at their titles, and what the whole report says.

A document is cut into sections at statement titles (资产负债表, Statement of Cash Flows …) and closed
at their signatures, the next title or a run of prose (``statement_headings``). The report's cover
dates it and says whether it is an interim report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from credit_dd.documents.labels import StatementKind, simplified
from credit_dd.documents.pdftext import PdfText, TextLine
from credit_dd.documents.periods import find_dates, western_year
from credit_dd.documents.statement_columns import is_body_line, is_money
from credit_dd.documents.statement_headings import (
    Scope,
    TitleKind,
    closes_statement,
    is_continuation,
    misread_title_kind,
    title_kind,
    title_scope,
)

_QUARTER_ENDS = {"一": (3, 31), "1": (3, 31), "三": (9, 30), "3": (9, 30)}
_REPORT_PERIOD = re.compile(
    r"(?<!\d)(\d{4}|1\d\d)\s*年\s*(?:第([一三13])季度|(半年度|中期)|(年度))"
)  # 2024年 or 民國113年
_INTERIM = re.compile(
    r"季度报告|半年度报告|中期报告|半年报|interim|quarterly\s*report|half[\s-]*year|six\s*months\s*ended|10-q", re.I
)
PROSE_RUN = 6  # sentences (long lines without an amount) after the body began: the statement is over
_SENTENCE_LENGTH = 28  # characters: longer than any unfilled row label (收到再保险业务现金净额)


@dataclass
class Section:
    kind: StatementKind
    scope: Scope
    heading: TextLine
    lines: list[TextLine] = field(default_factory=list)
    before: str = ""  # the line printed just above the heading (often the company's name)
    open: bool = True
    quiet: int = 0  # sentences since the last line that had an amount
    body_seen: bool = False

    def add(self, line: TextLine) -> None:
        if not self.open:
            return
        if closes_statement(line.text):
            self.open = False
            return
        has_money = any(is_money(w) for w in line.words)
        self.body_seen = self.body_seen or has_money
        prose = not has_money and len(line.text.replace(" ", "")) >= _SENTENCE_LENGTH
        self.quiet = 0 if has_money else self.quiet + prose
        if self.body_seen and self.quiet > PROSE_RUN:
            self.open = False
            return
        self.lines.append(line)


def find_sections(pdf: PdfText) -> list[Section]:
    """Cut the document into statement sections at their titles."""
    sections: list[Section] = []
    for page in pdf.pages:
        if page.light:
            continue  # not laid out: no statement on it (page_scan)
        previous = ""
        for line in page.lines:
            kind: TitleKind | None = title_kind(line.text)
            if kind is None and page.ocr:
                kind = misread_title_kind(line.text)
            if kind is None:
                if sections:
                    sections[-1].add(line)
                previous = line.text
                continue
            last = sections[-1] if sections else None
            if last and last.kind == kind and is_continuation(line.text) and title_scope(line.text) == last.scope:
                last.open = True
                last.quiet = 0
                continue
            if last:
                last.open = False
            if kind != "other":
                sections.append(Section(kind, title_scope(line.text), line, before=previous))
    return sections


@dataclass(frozen=True)
class Document:
    """What the whole report says that a statement may rely on."""

    report_date: date | None
    interim: bool
    pages: dict[int, str]
    year_ends: tuple[date, ...] = ()  # a year-end report's balance-sheet dates, when they share one month and day


def read_document_context(pdf: PdfText) -> Document:
    opening = simplified(pdf.text[:4000])  # 半年度報告 reads as 半年度报告
    return Document(
        report_date=_report_period_date(opening),
        interim=bool(_INTERIM.search(re.sub(r"\s+", "", opening)) or _INTERIM.search(opening)),
        pages={page.number: page.text for page in pdf.pages},
    )


def _report_period_date(text: str) -> date | None:
    match = _REPORT_PERIOD.search(text)
    if not match:
        return None
    year = western_year(match.group(1))
    if match.group(2):
        month, day = _QUARTER_ENDS[match.group(2)]
        return date(year, month, day)
    return date(year, 6, 30) if match.group(3) else date(year, 12, 31)


YEAR_END_SPREAD = 7  # days: a 52/53-week year ends within a week of the same day each year


def year_end_dates(sections: list[Section], interim: bool) -> tuple[date, ...]:
    """The dates a year-end report's balance sheets print above their figures, when all fall on one
    month and day (within a week: 28 May 2023, 29 May 2022). A flow column headed only by its year
    ("Fiscal Year 2023") ends on the balance-sheet date of that fiscal year, not on 31 December."""
    if interim:
        return ()
    found: set[date] = set()
    for section in sections:
        if section.kind != "balance_sheet":
            continue
        header = []
        for line in section.lines:
            if is_body_line(line):
                break
            header.append(line.text)
        found.update(find_dates("\n".join([section.heading.text, *header])))
    if not found:
        return ()
    latest = max(found)
    apart = [abs((d.timetuple().tm_yday - latest.timetuple().tm_yday + 182) % 365 - 182) for d in found]
    return tuple(sorted(found)) if max(apart) <= YEAR_END_SPREAD else ()
