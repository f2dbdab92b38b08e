"""Financial statements found in a document's text and read into canonical line items.

A document is cut into sections at statement titles (资产负债表, Statement of Cash Flows …)
and closed at their signatures, the next title or a run of prose. Each section's value
columns are found where its amounts line up and named by the header words above them
(``statement_columns``); each body line is split into label/amount segments, so the Chinese
two-sided balance sheet (assets left, liabilities right) reads like any other, and labels
wrapped over two lines are joined. Every value keeps the file, page and position it was read
from. The unit comes from the statement's header, else its page, else the report's preamble
(除特别注明外，金额单位为人民币百万元); with none printed the figures are read as units and
the statement says so (``unit_assumed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from credit_dd.documents.amounts import is_bare_small_integer, parse_amount
from credit_dd.documents.derived_totals import with_derived_totals, with_net_profit, with_total_equity
from credit_dd.documents.labels import StatementKind, Synonym, SynonymTable, default_synonyms, normalise_label
from credit_dd.documents.pdftext import PdfText, TextLine, Word
from credit_dd.documents.periods import (
    Unit,
    declares_whole_units,
    detect_currency,
    detect_unit,
    find_dates,
    preamble_unit,
)
from credit_dd.documents.statement_columns import (
    Column,
    date_columns,
    find_columns,
    is_body_line,
    is_money,
    label_columns,
)
from credit_dd.documents.statement_headings import (
    Scope,
    TitleKind,
    closes_statement,
    is_continuation,
    title_kind,
    title_scope,
)
from credit_dd.documents.statement_totals import BlockTotals
from credit_dd.documents.statements_model import (
    ExtractedStatement,
    PrintedRow,
    SourcedValue,
    StatementScope,
    ValueColumn,
)

_QUARTER_ENDS = {"一": (3, 31), "1": (3, 31), "三": (9, 30), "3": (9, 30)}
_REPORT_PERIOD = re.compile(r"(\d{4})\s*年\s*(?:第([一三13])季度|(半年度|中期)|(年度))")
_INTERIM = re.compile(
    r"季度报告|半年度报告|中期报告|半年报|interim|quarterly\s*report|half[\s-]*year|six\s*months\s*ended|10-q", re.I
)
_CURRENCY_SYMBOL = re.compile(r"^(?:[$£€¥￥]|S\$|C\$|US\$|HK\$|A\$)$")
LABEL_GAP = 24.0  # points: a wider gap between two words starts a new label (two-sided layouts)
_CAPTIONED = 100_000  # priority penalty of a figure whose caption was inferred from its block
PROSE_RUN = 6  # sentences (long lines without an amount) after the body began: the statement is over
_SENTENCE_LENGTH = 28  # characters: longer than any unfilled row label (收到再保险业务现金净额)


@dataclass
class _Section:
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


def find_sections(pdf: PdfText) -> list[_Section]:
    """Cut the document into statement sections at their titles."""
    sections: list[_Section] = []
    for page in pdf.pages:
        if page.light:
            continue  # not laid out: no statement on it (page_scan)
        previous = ""
        for line in page.lines:
            kind: TitleKind | None = title_kind(line.text)
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
                sections.append(_Section(kind, title_scope(line.text), line, before=previous))
    return sections


_PREPARER = re.compile(
    r"编制单位\s*[:：]\s*(\S+?有限(?:责任)?公司|\S+?公司|[A-Za-z][\w&.,'’-]*(?: [A-Za-z&(][\w&.,'’()-]*)*|\S+)"
)
_COMPANY_WORDS = re.compile(r"有限公司|有限责任公司|co\.?,? ?ltd|limited|inc\.?$|corporation|company|plc|ltd\.?$", re.I)


def _company(section: _Section, header_text: str) -> str | None:
    """The company a statement is drawn up for: 编制单位, or the name printed above the heading."""
    match = _PREPARER.search(header_text)
    if match:
        return match.group(1)
    return section.before.strip() if _COMPANY_WORDS.search(section.before) else None


@dataclass
class _Header:
    unit: Unit
    unit_assumed: bool
    currency: str | None
    statement_date: date | None
    columns: list[Column]
    body_start: int
    text: str
    pages: dict[int, list[Column]] = field(default_factory=dict)  # a later page's own columns, in order

    def column_of(self, word: Word, page: int) -> Column | None:
        """The header's column an amount is printed in: on a page whose columns stand elsewhere (a
        statement run on over pages laid out anew), by its place among that page's columns."""
        own = self.pages.get(page)
        if own is None:
            return _column_of(word, self.columns) if self.columns else None
        found = _column_of(word, own)
        return None if found is None else self.columns[own.index(found)]


@dataclass(frozen=True)
class _Document:
    """What the whole report says that a statement may rely on."""

    report_date: date | None
    interim: bool
    pages: dict[int, str]


def _read_header(section: _Section, doc: _Document, fallback_date: date | None) -> _Header:
    """Columns, unit, currency and date from the lines before the first amounts."""
    body_start = next((i for i, line in enumerate(section.lines) if is_body_line(line)), len(section.lines))
    header_lines = section.lines[:body_start]
    columns, pages = _columns_by_page(section.lines[body_start:])
    context = label_columns(columns, header_lines) if columns else "\n".join(line.text for line in header_lines)
    context = section.heading.text + "\n" + context
    header_text = "\n".join([section.heading.text, *(line.text for line in header_lines)])
    dates = find_dates(context)
    statement_date = max(dates) if dates else fallback_date
    date_columns(columns, context, statement_date, section.kind == "balance_sheet", doc.interim)
    unit, assumed = _unit(section, doc, header_text, columns)
    currency = detect_currency(header_text) or detect_currency(doc.pages.get(section.heading.page, ""))
    return _Header(unit, assumed, currency, statement_date, columns, body_start, header_text, pages)


FIRST_PAGE_LINES = 8  # body lines on the first page that are enough to find its columns


def _columns_by_page(body: list[TextLine]) -> tuple[list[Column], dict[int, list[Column]]]:
    """The statement's columns; and when its later pages lay the same columns out elsewhere (a
    statement run on over pages set anew: the whole body then shows more columns than its first page),
    the first page's columns, each later page's own matched to them in order."""
    everywhere = find_columns(body)
    body = [line for line in body if not (len(line.words) == 1 and is_bare_small_integer(line.words[0].text))]
    first = [line for line in body if line.page == body[0].page] if body else []
    columns = find_columns(first) if len(first) >= FIRST_PAGE_LINES else everywhere
    if len(columns) >= len(everywhere):
        return everywhere, {}
    pages: dict[int, list[Column]] = {}
    for page in sorted({line.page for line in body} - {body[0].page}):
        own = find_columns([line for line in body if line.page == page])
        if len(own) != len(columns):
            return everywhere, {}  # a page laid out otherwise: the columns of the whole body, as before
        pages[page] = own
    return columns, pages


def _unit(section: _Section, doc: _Document, header_text: str, columns: list[Column]) -> tuple[Unit, bool]:
    """The declared unit: header, the statement's own lines, its page, the report's preamble; else units."""
    page = section.heading.page
    preamble = "\n".join(text for number, text in sorted(doc.pages.items()) if number <= page)
    for text in (header_text, "\n".join(line.text for line in section.lines), doc.pages.get(page, "")):
        if unit := detect_unit(text):
            return unit, False
    if declares_whole_units([c.label for c in columns]):
        return Unit("units", Decimal(1)), False
    if unit := preamble_unit(preamble):
        return unit, False
    return Unit("units", Decimal(1)), True


@dataclass(frozen=True)
class _LabelArea:
    """Left of every value column, where small numbers belong to the label, except in a notes column."""

    edge: float = 0.0
    notes: tuple[tuple[float, float], ...] = ()

    def holds(self, word: Word) -> bool:
        return word.x1 < self.edge and not self.in_notes(word)

    def in_notes(self, word: Word) -> bool:
        return any(x0 - 2 <= word.x0 and word.x1 <= x1 + 2 for x0, x1 in self.notes)


def _words(line: TextLine, label_area: _LabelArea | None = None) -> list[tuple[Word, bool]]:
    """The line's words, each marked amount or not; currency signs dropped, dashes inside text kept as text.

    A small number in the label area is part of the label ("(notes 14 and 29)").
    """
    words = [w for w in line.words if not _CURRENCY_SYMBOL.match(w.text)]
    marked = []
    for i, word in enumerate(words):
        is_amount = parse_amount(word.text) is not None
        if is_amount and label_area and label_area.holds(word) and _label_number(word.text):
            is_amount = False
        if is_amount and label_area and label_area.holds(word) and not any(ch.isdigit() for ch in word.text):
            is_amount = False  # "generated from / (used in)": a dash or slash among the label's words
        if is_amount and parse_amount(word.text) == 0 and not any(ch.isdigit() for ch in word.text):
            glued_left = i > 0 and word.x0 - words[i - 1].x1 < 2.0 and parse_amount(words[i - 1].text) is None
            glued_right = (
                i + 1 < len(words) and words[i + 1].x0 - word.x1 < 2.0 and parse_amount(words[i + 1].text) is None
            )
            is_amount = not (glued_left or glued_right)  # the － in （净亏损以“－”号填列）
        marked.append((word, is_amount))
    return marked


@dataclass(frozen=True)
class _Segment:
    """A label and the amounts printed after it on one line (a two-sided line has two)."""

    label: str
    amounts: list[Word]
    x: float  # where the segment starts


def _label_number(text: str) -> bool:
    """A number that is part of a label: a note reference, a row number or an account code (1100)."""
    return bool(re.fullmatch(r"\(?\d{1,4}\)?", text))


def _segments(line: TextLine, label_edge: _LabelArea | None = None) -> list[_Segment]:
    """Split a line into label/amounts segments; a label of ``""`` means none printed."""
    segments: list[_Segment] = []
    label_words: list[Word] = []
    amounts: list[Word] = []
    for word, is_amount in _words(line, label_edge):
        gap_break = (
            label_words
            and not amounts
            and word.x0 - label_words[-1].x1 > LABEL_GAP
            and not (
                label_edge and label_edge.in_notes(word)
            )  # 税金及附加 … 七、62: a note reference, not a second label
        )
        if not is_amount and (amounts or gap_break):
            segments.append(_segment(label_words, amounts))
            label_words, amounts = [], []
        (amounts if is_amount else label_words).append(word)
    if label_words or amounts:
        segments.append(_segment(label_words, amounts))
    return segments


def _segment(label_words: list[Word], amounts: list[Word]) -> _Segment:
    return _Segment(" ".join(w.text for w in label_words), amounts, (label_words or amounts)[0].x0)


def _column_of(word: Word, columns: list[Column]) -> Column | None:
    """The column an amount is printed in: the one its extent overlaps most, else the nearest close one.

    A bare small number beside a column (a percentage of total, 26 or (74)) is not put in it."""
    best = max(columns, key=lambda c: c.overlap(word.x0, word.x1, pad=2.0))
    if best.overlap(word.x0, word.x1, pad=2.0) > 0:
        return best
    if is_bare_small_integer(word.text.strip("()")):
        return None
    nearest = min(columns, key=lambda c: min(abs(c.x1 - word.x1), abs(c.center - (word.x0 + word.x1) / 2)))
    return nearest if min(abs(nearest.x1 - word.x1), abs(nearest.center - (word.x0 + word.x1) / 2)) <= 30 else None


@dataclass
class _Candidate:
    item: str
    column: Column
    value: SourcedValue
    priority: int
    label_key: str


def _label_only(line: TextLine | None, label_edge: _LabelArea | None = None) -> str | None:
    if line is None or any(is_amount for _, is_amount in _words(line, label_edge)):
        return None
    return line.text


def _match_line(
    kind: StatementKind, label: str, pending: str, following: str | None, table: SynonymTable
) -> tuple[Synonym | None, str, bool]:
    """(synonym, label as read, whether the following label-only line was its second half)."""
    if label and (found := table.match(kind, label)):
        return found, label, False
    if pending:
        joined = pending + label
        if found := table.match(kind, joined) or (None if label else table.match_wrapped(kind, pending)):
            return found, joined, False
    if label and following is not None and (found := table.match(kind, label + following)):
        return found, label + following, True  # 所有者权益（或股东权 196,957… / 益）合计
    if label and (found := table.match_wrapped(kind, label)):
        return found, label, False  # 经营活动产生的现金流量净 699,612… / 额
    return None, pending + label if pending else label, False


def _blocks_above_the_body(section: _Section, header: _Header) -> BlockTotals:
    """Block headings printed before the first figures (ASSETS / Current Assets)."""
    blocks = BlockTotals()
    left_edge = min((c.x0 for c in header.columns if not c.note), default=0.0)
    for line in section.lines[: header.body_start]:
        if line.words and line.words[-1].x1 < left_edge:
            blocks.heading(line.text)
    return blocks


@dataclass
class _Body:
    """What reading a statement's body yields: candidate values per item, and every row as printed."""

    candidates: list[_Candidate] = field(default_factory=list)
    rows: list[PrintedRow] = field(default_factory=list)


def _read_body(section: _Section, header: _Header, file: str, table: SynonymTable) -> _Body:
    body = _Body()
    pending = ""
    lines = section.lines[header.body_start :]
    skip = False
    blocks = _blocks_above_the_body(section, header)
    figures = _figure_columns(header)
    label_edge = _LabelArea(
        min((c.x0 for c in figures), default=0.0) - 10, tuple((c.x0, c.x1) for c in header.columns if c.note)
    )
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if len(line.words) == 1 and is_bare_small_integer(line.words[0].text):
            continue  # a page number
        following = _label_only(lines[index + 1], label_edge) if index + 1 < len(lines) else None
        segments = _segments(line, label_edge)
        for segment in segments:
            label, amounts = segment.label, segment.amounts
            if not amounts:
                pending = label
                if len(segments) == 1:
                    blocks.heading(label)
                    body.rows.append(_printed_row(label, None, segment, line, header))
                continue
            caption = (
                blocks.row(_row_values(amounts, header, line.page), captioned=bool(label))
                if len(segments) == 1
                else None
            )
            if caption:
                label = caption
            synonym, label, consumed = _match_line(section.kind, label, pending, following, table)
            pending = ""
            skip = skip or consumed
            # A row's own words, or the label-only line above when it printed none (its label wrapped)
            own_label = label if synonym is not None or caption or not segment.label else segment.label
            body.rows.append(_printed_row(own_label, synonym.item if synonym else None, segment, line, header))
            if synonym is not None:
                found = _values(synonym, label, amounts, line, header, file)
                for candidate in found if caption else ():
                    candidate.priority += _CAPTIONED  # a printed label beats a caption we gave
                body.candidates.extend(found)
    return body


def _figure_columns(header: _Header) -> list[Column]:
    """The columns that hold figures of a period (not notes, not row numbers)."""
    return [c for c in header.columns if not c.note and c.span is not None]


def _printed_row(label: str, item: str | None, segment: _Segment, line: TextLine, header: _Header) -> PrintedRow:
    """One row as printed: its figures by value column, in whole currency units."""
    figures = _figure_columns(header)
    values: dict[int, float] = {}
    step = float(header.unit.scale)
    page_number = bool(label) and not any(ch.isalpha() for ch in label)  # "66 / 195" in a page's footer
    shared = _shared_columns(segment.amounts, header, line.page)
    for word in [] if page_number else segment.amounts:
        column = header.column_of(word, line.page)
        if column is not None and id(column) in shared:
            continue
        amount = parse_amount(word.text)
        if column is not None and column in figures and amount is not None and figures.index(column) not in values:
            values[figures.index(column)] = float((amount * header.unit.scale).quantize(Decimal("0.01")))
            decimals = len(word.text.rstrip(")").split(".")[1]) if "." in word.text else 0
            step = min(step, float(header.unit.scale) / 10**decimals)
    return PrintedRow(
        label=label,
        item=item,
        page=line.page,
        y=round(line.top, 1),
        x=round(segment.x, 1),
        side=sum(1 for c in figures if c.x1 < segment.x) if label else -1,  # a bare line: the side it is on
        values=values,
        step=step,
    )


def _with_rows(
    statement: ExtractedStatement, header: _Header, rows: list[PrintedRow], scope: StatementScope, section: Scope
) -> ExtractedStatement:
    """The statement with its own value columns and its rows' figures in them (a table of group and
    parent columns gives each statement its half)."""
    figures = _figure_columns(header)
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


def _shared_columns(amounts: list[Word], header: _Header, page: int) -> set[int]:
    """Columns two figures of one row fall in: the columns were not told apart there, and neither figure
    can be placed (a cell missing is flagged; a figure under another period's heading would not be)."""
    seen: dict[int, int] = {}
    for word in amounts:
        column = header.column_of(word, page)
        if column is not None and not column.note and parse_amount(word.text) is not None:
            seen[id(column)] = seen.get(id(column), 0) + 1
    return {key for key, count in seen.items() if count > 1}


def _row_values(amounts: list[Word], header: _Header, page: int) -> dict[int, Decimal]:
    """A row's printed figures by column position, for the block totals."""
    out: dict[int, Decimal] = {}
    for word in amounts:
        column = header.column_of(word, page)
        amount = parse_amount(word.text)
        if column is not None and not column.note and column.span is not None and amount is not None:
            out[header.columns.index(column)] = amount
    return out


def _values(
    synonym: Synonym, label: str, amounts: list[Word], line: TextLine, header: _Header, file: str
) -> list[_Candidate]:
    out = []
    shared = _shared_columns(amounts, header, line.page)
    for word in amounts:
        column = header.column_of(word, line.page)
        if column is None or column.note or column.span is None or id(column) in shared:
            continue
        amount = parse_amount(word.text)
        assert amount is not None
        decimals = len(word.text.rstrip(")").split(".")[1]) if "." in word.text else 0
        sourced = SourcedValue(
            ocr=word.fontname == "ocr",
            step=float(header.unit.scale) / 10**decimals,
            value=float((amount * header.unit.scale).quantize(Decimal("0.01"))),
            file=file,
            page=line.page,
            x=round(word.x0, 1),
            y=round(line.top, 1),
            label=label,
            printed=word.text,
        )
        out.append(_Candidate(synonym.item, column, sourced, synonym.priority, normalise_label(label)))
    return out


def _combine(candidates: list[_Candidate], table: SynonymTable) -> dict[date, dict[str, SourcedValue]]:
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


def _document(pdf: PdfText) -> _Document:
    opening = pdf.text[:4000]
    return _Document(
        report_date=_report_period_date(opening),
        interim=bool(_INTERIM.search(re.sub(r"\s+", "", opening)) or _INTERIM.search(opening)),
        pages={page.number: page.text for page in pdf.pages},
    )


def _report_period_date(text: str) -> date | None:
    match = _REPORT_PERIOD.search(text)
    if not match:
        return None
    year = int(match.group(1))
    if match.group(2):
        month, day = _QUARTER_ENDS[match.group(2)]
        return date(year, month, day)
    return date(year, 6, 30) if match.group(3) else date(year, 12, 31)


def extract_statements(pdf: PdfText, file: str, table: SynonymTable | None = None) -> list[ExtractedStatement]:
    """Every statement found in a document; a table of group and parent columns gives one of each."""
    table = table or default_synonyms()
    doc = _document(pdf)
    statements: list[ExtractedStatement] = []
    fallback = doc.report_date
    for section in find_sections(pdf):
        header = _read_header(section, doc, fallback)
        fallback = header.statement_date or fallback
        body = _read_body(section, header, file, table)
        for scope, chosen in _by_scope(section.scope, _year_to_date(body.candidates)):
            statement = _statement(section, header, file, scope, _combine(chosen, table), chosen)
            statements.append(_with_rows(statement, header, body.rows, scope, section.scope))
    return [s for s in statements if s.values]


def _year_to_date(candidates: list[_Candidate]) -> list[_Candidate]:
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


def _by_scope(section_scope: Scope, candidates: list[_Candidate]) -> list[tuple[StatementScope, list[_Candidate]]]:
    if section_scope != "mixed" and not any(c.column.scope == "parent" for c in candidates):
        return [(section_scope if section_scope != "mixed" else "consolidated", candidates)]
    group = [c for c in candidates if c.column.scope != "parent"]
    parent = [c for c in candidates if c.column.scope == "parent"]
    main: StatementScope = "consolidated" if section_scope in ("mixed", "consolidated") else "single"
    return [(main, group), ("parent", parent)]


def _statement(
    section: _Section,
    header: _Header,
    file: str,
    scope: StatementScope,
    values: dict[date, dict[str, SourcedValue]],
    chosen: list[_Candidate],
) -> ExtractedStatement:
    starts = {c.column.span.end: c.column.span.start for c in chosen if c.column.span and c.column.span.start}
    if section.kind == "balance_sheet":
        values = {period: with_derived_totals(with_total_equity(items)) for period, items in values.items()}
    if section.kind == "income_statement":
        values = {period: with_net_profit(items) for period, items in values.items()}
    return ExtractedStatement(
        kind=section.kind,
        scope=scope,
        file=file,
        heading=section.heading.text,
        pages=sorted({section.heading.page, *(line.page for line in section.lines)}),
        unit=header.unit.label,
        unit_assumed=header.unit_assumed,
        currency=header.currency,
        statement_date=header.statement_date,
        company=_company(section, "\n".join(line.text for line in section.lines[: header.body_start])),
        values=values,
        starts=starts,
        dated_by_columns=all(
            find_dates(c.label) or re.search(r"(?:19|20)\d\d", c.label) for c in _figure_columns(header)
        ),
    )


def split_parent_only(
    statements: list[ExtractedStatement],
) -> tuple[list[ExtractedStatement], list[ExtractedStatement]]:
    """(statements credit analysis uses, parent-only statements set aside).

    When a document holds both consolidated (合并) and parent-only (母公司) versions of a
    statement, the parent-only ones are kept apart: credit analysis looks at the group.
    """
    consolidated = {s.kind for s in statements if s.scope == "consolidated"}
    parent = [s for s in statements if s.scope == "parent" and s.kind in consolidated]
    return [s for s in statements if s not in parent], parent
