"""Financial statements found in a document's text and read into canonical line items.

A document is cut into sections at statement titles (``statement_sections``). Each section's value
columns are found where its amounts line up and named by the header words above them, with its
unit, currency and date (``statement_header``); its body is read row by row into candidate figures
(``statement_body``); here the best candidate of each item and period is kept, a group's and a
parent's columns become two statements, and totals a layout does not print are derived. The unit
comes from the statement's header, else its page, else the report's preamble (除特别注明外，金额单位为
人民币百万元); with none printed the figures are read as units and the statement says so
(``unit_assumed``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from credit_dd.documents.derived_totals import (
    with_cash_totals,
    with_costs_as_costs,
    with_derived_totals,
    with_net_profit,
    with_total_equity,
)
from credit_dd.documents.labels import SynonymTable, default_synonyms
from credit_dd.documents.pdftext import PdfText
from credit_dd.documents.periods import Unit, find_dates
from credit_dd.documents.statement_body import Candidate, figure_columns, read_body
from credit_dd.documents.statement_header import Header, read_header
from credit_dd.documents.statement_headings import Scope
from credit_dd.documents.statement_sections import Section, find_sections, read_document_context, year_end_dates
from credit_dd.documents.statements_model import (
    ExtractedStatement,
    PrintedRow,
    SourcedValue,
    StatementScope,
    ValueColumn,
)

_PREPARER = re.compile(
    r"编制单位\s*[:：]\s*(\S+?有限(?:责任)?公司|\S+?公司|[A-Za-z][\w&.,'’-]*(?: [A-Za-z&(][\w&.,'’()-]*)*|\S+)"
)
_COMPANY_WORDS = re.compile(r"有限公司|有限责任公司|co\.?,? ?ltd|limited|inc\.?$|corporation|company|plc|ltd\.?$", re.I)


def _company(section: Section, header_text: str) -> str | None:
    """The company a statement is drawn up for: 编制单位, or the name printed above the heading."""
    match = _PREPARER.search(header_text)
    if match:
        return match.group(1)
    return section.before.strip() if _COMPANY_WORDS.search(section.before) else None


def _with_rows(
    statement: ExtractedStatement, header: Header, rows: list[PrintedRow], scope: StatementScope, section: Scope
) -> ExtractedStatement:
    """The statement with its own value columns and its rows' figures in them (a table of group and
    parent columns gives each statement its half)."""
    figures = figure_columns(header)
    split = section == "mixed" or any(c.scope == "parent" for c in figures)
    own = [i for i, c in enumerate(figures) if not split or (c.scope == "parent") == (scope == "parent")]
    spans = [span for i in own if (span := figures[i].span) is not None]
    columns = [ValueColumn(end=span.end, start=span.start) for span in spans]
    renumber = {old: new for new, old in enumerate(own)}
    kept = [
        row.model_copy(update={"values": {renumber[i]: v for i, v in row.values.items() if i in renumber}})
        for row in rows
    ]
    return statement.model_copy(update={"columns": columns, "rows": kept})


def _combine(candidates: list[Candidate], table: SynonymTable) -> dict[date, dict[str, SourcedValue]]:
    """Best label wins per item and period; additive items sum their distinct labels."""
    values: dict[date, dict[str, SourcedValue]] = {}
    best: dict[tuple[date, str], int] = {}
    seen_labels: dict[tuple[date, str], set[str]] = {}
    for cand in candidates:
        assert cand.column.span is not None
        period = cand.column.span.end
        key = (period, cand.item)
        period_values = values.setdefault(period, {})
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
    """Every statement found in a document; a table of group and parent columns gives one of each."""
    table = table or default_synonyms()
    doc = read_document_context(pdf)
    statements: list[ExtractedStatement] = []
    fallback = doc.report_date
    sections = find_sections(pdf)
    doc = replace(doc, year_ends=year_end_dates(sections, doc.interim))
    declared: set[Unit] = set()
    for section in sections:
        header = read_header(section, doc, fallback)
        fallback = header.statement_date or fallback
        if header.unit_assumed and len(declared) == 1:
            header = replace(header, unit=next(iter(declared)), unit_assumed=False, unit_inherited=True)
        elif not header.unit_assumed:
            declared.add(header.unit)
        body = read_body(section, header, file, table)
        for scope, chosen in _by_scope(section.scope, _year_to_date(body.candidates)):
            statement = _statement(section, header, file, scope, _combine(chosen, table), chosen)
            statements.append(_with_rows(statement, header, body.rows, scope, section.scope))
    return [s for s in statements if s.values]


def _year_to_date(candidates: list[Candidate]) -> list[Candidate]:
    """Of columns ending on the same day, the longest: a quarter printed beside its year to date (a
    10-Q's three and nine months, 本月金额 beside 本年累计金额) is kept under its end date as the year so far."""
    longest: dict[tuple[date, str | None], date] = {}
    for c in candidates:
        if c.column.span is not None and c.column.span.start is not None:
            key = (c.column.span.end, c.column.scope)
            longest[key] = min(longest.get(key, c.column.span.start), c.column.span.start)
    return [
        c
        for c in candidates
        if c.column.span is None
        or c.column.span.start is None
        or longest[(c.column.span.end, c.column.scope)] == c.column.span.start
    ]


def _by_scope(section_scope: Scope, candidates: list[Candidate]) -> list[tuple[StatementScope, list[Candidate]]]:
    if section_scope != "mixed" and not any(c.column.scope == "parent" for c in candidates):
        return [(section_scope if section_scope != "mixed" else "consolidated", candidates)]
    group = [c for c in candidates if c.column.scope != "parent"]
    parent = [c for c in candidates if c.column.scope == "parent"]
    main: StatementScope = "consolidated" if section_scope in ("mixed", "consolidated") else "single"
    return [(main, group), ("parent", parent)]


def _statement(
    section: Section,
    header: Header,
    file: str,
    scope: StatementScope,
    values: dict[date, dict[str, SourcedValue]],
    chosen: list[Candidate],
) -> ExtractedStatement:
    starts = {c.column.span.end: c.column.span.start for c in chosen if c.column.span and c.column.span.start}
    if section.kind == "balance_sheet":
        values = {period: with_derived_totals(with_total_equity(items)) for period, items in values.items()}
    if section.kind == "income_statement":
        values = with_costs_as_costs({period: with_net_profit(items) for period, items in values.items()})
    if section.kind == "cash_flow":
        values = {period: with_cash_totals(items) for period, items in values.items()}
    return ExtractedStatement(
        kind=section.kind,
        scope=scope,
        file=file,
        heading=section.heading.text,
        pages=sorted({section.heading.page, *(line.page for line in section.lines)}),
        unit=header.unit.label,
        unit_assumed=header.unit_assumed,
        unit_inherited=header.unit_inherited,
        currency=header.currency,
        statement_date=header.statement_date,
        company=_company(section, "\n".join(line.text for line in section.lines[: header.body_start])),
        values=values,
        starts=starts,
        dated_by_columns=all(
            find_dates(c.label) or re.search(r"(?:19|20)\d\d", c.label) for c in figure_columns(header)
        ),
    )


def split_parent_only(
    statements: list[ExtractedStatement], named: set[str] | frozenset[str] = frozenset()
) -> tuple[list[ExtractedStatement], list[ExtractedStatement]]:
    """(statements credit analysis uses, parent-only statements set aside).

    When a document holds both consolidated (合并) and parent-only (母公司) versions of a
    statement, the parent-only ones are kept apart: credit analysis looks at the group. So they are
    when the document names a consolidated version (``named``) that could not be read: the group's
    figures are then missing, never the parent's taken for them.
    """
    consolidated = {s.kind for s in statements if s.scope == "consolidated"} | set(named)
    parent = [s for s in statements if s.scope == "parent" and s.kind in consolidated]
    return [s for s in statements if s not in parent], parent
