"""A statement's body: each line split into labels and amounts, every row kept as printed, and the
figures of the rows the synonym table knows, as candidates for their line items.

Each body line is split into label/amount segments, so the Chinese two-sided balance sheet (assets
left, liabilities right) reads like any other, and labels wrapped over two lines are joined. Every
value keeps the file, page and position it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from credit_dd.documents.amounts import is_bare_small_integer, parse_amount
from credit_dd.documents.labels import NOTE_NUMBERS, StatementKind, Synonym, SynonymTable, normalise_label
from credit_dd.documents.pdftext import GROUP_GAP, TextLine, Word
from credit_dd.documents.statement_columns import Column
from credit_dd.documents.statement_header import Header, LabelArea
from credit_dd.documents.statement_sections import Section
from credit_dd.documents.statement_totals import BlockTotals
from credit_dd.documents.statements_model import PrintedRow, SourcedValue

_CURRENCY_SYMBOL = re.compile(r"^(?:[$£€¥￥]|S\$|C\$|US\$|HK\$|A\$)$")
LABEL_GAP = 24.0  # points: a wider gap between two words starts a new label (two-sided layouts)
_CAPTIONED = 100_000  # priority penalty of a figure whose caption was inferred from its block


def _words(line: TextLine, label_area: LabelArea | None = None) -> list[tuple[Word, bool]]:
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
        if is_amount and label_area and label_area.holds(word) and _words_follow(words, i, label_area):
            is_amount = False  # "authorized 1,000,000,000 shares": a number the caption goes on past
        if is_amount and _set_in_text(words, i):
            is_amount = False  # 华润三九 2024 年第一季度报告: the running head's year, on any page
        if is_amount and parse_amount(word.text) == 0 and not any(ch.isdigit() for ch in word.text):
            glued_left = i > 0 and word.x0 - words[i - 1].x1 < 2.0 and parse_amount(words[i - 1].text) is None
            glued_right = (
                i + 1 < len(words) and words[i + 1].x0 - word.x1 < 2.0 and parse_amount(words[i + 1].text) is None
            )
            is_amount = not (glued_left or glued_right)  # the － in （净亏损以“－”号填列）
        marked.append((word, is_amount))
    return marked


_DATE_OR_COUNT = re.compile(r"^[年月日季期个号周天]")  # what follows a year, a month or a count in Chinese


def _set_in_text(words: list[Word], index: int) -> bool:
    """A year or a small count set a narrow space before the word it dates or counts (2024 年第一季度报告,
    3 月, 第 3 季度): a running head or a sentence, not a figure. An amount before a caption (900123 短期借款
    on a two-sided sheet) stays an amount."""
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        bool(re.fullmatch(r"(?:19|20)\d\d|\d{1,2}", word.text))
        and following is not None
        and following.x0 - word.x1 <= GROUP_GAP
        and bool(_DATE_OR_COUNT.match(following.text))
    )


def _words_follow(words: list[Word], index: int, label_area: LabelArea) -> bool:
    """Whether a word of the caption follows this one in the label area (a number inside the caption)."""
    return any(label_area.holds(w) and parse_amount(w.text) is None for w in words[index + 1 :])


@dataclass(frozen=True)
class _Segment:
    """A label and the amounts printed after it on one line (a two-sided line has two)."""

    label: str
    amounts: list[Word]
    x: float  # where the segment starts


def _label_number(text: str) -> bool:
    """A number that is part of a label: a note reference, a row number or an account code (1100)."""
    return bool(re.fullmatch(r"\(?\d{1,4}\)?", text))


def _segments(line: TextLine, label_edge: LabelArea | None = None) -> list[_Segment]:
    """Split a line into label/amounts segments; a label of ``""`` means none printed."""
    segments: list[_Segment] = []
    label_words: list[Word] = []
    amounts: list[Word] = []
    for word, is_amount in _words(line, label_edge):
        if label_words and not amounts and _note_reference(word, label_edge):
            label_words.append(word)  # Revenue  4,26  2,239,017: the notes the row refers to, not a second label
            continue
        if not label_words and not amounts and _under_notes(word, label_edge) and _note_reference(word, label_edge):
            continue  # an uncaptioned total's notes (20,34  199,776): no caption, still a bare line
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
    # the second line of a row's note references (4,26 / 8,10) is neither a caption nor a heading
    return [s for s in segments if s.amounts or not _NOTE_LIST.match(s.label)]


_NOTE_LIST = re.compile(rf"^{NOTE_NUMBERS}$")


def _note_reference(word: Word, label_edge: LabelArea | None) -> bool:
    """A list of note numbers printed between a caption and its figures (not an amount: 4,26 has no
    thousands group)."""
    if label_edge is None or not (label_edge.holds(word) or label_edge.in_notes(word)):
        return False
    return bool(_NOTE_LIST.match(word.text)) and parse_amount(word.text) is None


def _under_notes(word: Word, label_edge: LabelArea | None) -> bool:
    """A word set flush right under the notes column (a list of notes is wider than the column's numbers)."""
    return label_edge is not None and any(abs(word.x1 - x1) <= 2 for _, x1 in label_edge.notes)


def _segment(label_words: list[Word], amounts: list[Word]) -> _Segment:
    return _Segment(" ".join(w.text for w in label_words), amounts, (label_words or amounts)[0].x0)


@dataclass
class Candidate:
    item: str
    column: Column
    value: SourcedValue
    priority: int
    label_key: str


def _label_only(line: TextLine | None, label_edge: LabelArea | None = None) -> str | None:
    if line is None or any(is_amount for _, is_amount in _words(line, label_edge)):
        return None
    return None if _NOTE_LIST.match(line.text.strip()) else line.text


# A caption cannot end on a joining word or a comma: "Net earnings, including earnings attributable to
# redeemable and" / "noncontrolling interests" is one caption printed on two lines.
_OPEN_ENDED = re.compile(
    r"(?:,|\b(?:and|or|of|to|for|from|in|on|by|with|including|excluding|attributable|before|after|the))\s*$",
    re.I,
)


# Captions that name their figure only under a heading: "Cash, cash equivalents and restricted cash" /
# "Net increase for the period" / "Balance, beginning of period" / "Balance, end of period".
_CASH_HEADING = re.compile(r"^\s*cash\b(?!\s+flows?\b)", re.I)  # Cash, cash equivalents … (not Cash flows from …)
_UNDER_HEADING = re.compile(r"^(?:balance\b|beginning\b|end\s+of\b|net\s+(?:increase|decrease|change)\b)", re.I)


def _under_heading(kind: StatementKind, label: str, heading: str, table: SynonymTable) -> tuple[Synonym, str] | None:
    """The item a heading and the generic caption under it name together, if the caption alone names none."""
    if not _CASH_HEADING.match(heading) or not _UNDER_HEADING.match(label.strip()):
        return None
    qualified = f"{heading.rstrip(' :：')}, {label}"
    found = table.match(kind, qualified)
    return (found, qualified) if found else None


def _match_line(
    kind: StatementKind, label: str, pending: str, following: str | None, table: SynonymTable, heading: str = ""
) -> tuple[Synonym | None, str, bool]:
    """(synonym, label as read, whether the following label-only line was its second half)."""
    found, read, consumed = _match_own(kind, label, pending, following, table)
    if found is None and (qualified := _under_heading(kind, read, heading, table)):
        return qualified[0], qualified[1], consumed
    if found is not None and found.item.startswith("net_cash_from_") and _DISCONTINUED.search(heading):
        # under "Cash flows from discontinued operations:", "Net cash provided by operating activities" is
        # the discontinued operations' share, never the activity's whole
        return table.match(kind, f"{read} from discontinued operations"), read, consumed
    return found, read, consumed


_DISCONTINUED = re.compile(r"discontinued\s+operations?|终止经营", re.I)


def _match_own(
    kind: StatementKind, label: str, pending: str, following: str | None, table: SynonymTable
) -> tuple[Synonym | None, str, bool]:
    if pending and label[:1].islower() and _OPEN_ENDED.search(pending):
        joined = f"{pending} {label}"  # the second line goes on in lower case: one caption, whatever it names
        return table.match(kind, joined), joined, False
    if label and (found := table.match(kind, label)):
        return found, label, False
    if pending:
        joined = pending + label
        if found := table.match(kind, joined) or (None if label else table.match_wrapped(kind, pending)):
            return found, joined, False
    if label and following is not None and (found := table.match(kind, label + following)):
        return found, label + following, True  # 所有者权益（或股东权 196,957… / 益）合计
    if not label and pending and following is not None:
        around = f"{pending} {following}"  # Net cash provided by operating / 185,705 … / activities
        if found := table.match(kind, around):
            return found, around, True
    if label and (found := table.match_wrapped(kind, label)):
        return found, label, False  # 经营活动产生的现金流量净 699,612… / 额
    return None, pending + label if pending else label, False


def _figures_left_edge(header: Header) -> float:
    """Where the first value column starts: words ending left of it are headings or captions."""
    return min((c.x0 for c in header.columns if not c.note), default=0.0)


def _blocks_above_the_body(section: Section, header: Header) -> BlockTotals:
    """Block headings printed before the first figures (ASSETS / Current Assets)."""
    blocks = BlockTotals(balance_sheet=section.kind == "balance_sheet")
    left_edge = _figures_left_edge(header)
    for line in section.lines[: header.body_start]:
        if line.words and line.words[-1].x1 < left_edge:
            blocks.heading(line.text)
    return blocks


def _caption_above_the_body(section: Section, header: Header) -> tuple[str, float]:
    """The line of words just above the first figures, left of them: a heading, or the first half of the
    first row's caption (Net cash provided by operating activities from / continuing operations 1,234)."""
    above = section.lines[header.body_start - 1] if 0 < header.body_start <= len(section.lines) else None
    if above is None or not above.words or above.words[-1].x1 >= _figures_left_edge(header):
        return "", 0.0
    return above.text, above.words[0].x0


@dataclass
class Body:
    """What reading a statement's body yields: candidate values per item, and every row as printed."""

    candidates: list[Candidate] = field(default_factory=list)
    rows: list[PrintedRow] = field(default_factory=list)


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _no_row(line: TextLine) -> bool:
    """A page number, or the column years repeated on a page the statement runs on to (2022 2021)."""
    if len(line.words) == 1 and is_bare_small_integer(line.words[0].text):
        return True
    return len(line.words) >= 2 and all(_YEAR.match(w.text) for w in line.words)


def read_body(section: Section, header: Header, file: str, table: SynonymTable) -> Body:
    body = Body()
    pending, pending_x = _caption_above_the_body(section, header)
    heading = ""  # the last line of words only: it may name what the generic captions under it count
    lines = section.lines[header.body_start :]
    skip = False
    blocks = _blocks_above_the_body(section, header)
    figures = figure_columns(header)
    label_edge = LabelArea(
        min((c.x0 for c in figures), default=0.0) - 10, tuple((c.x0, c.x1) for c in header.columns if c.note)
    )
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if _no_row(line):
            continue
        following = _label_only(lines[index + 1], label_edge) if index + 1 < len(lines) else None
        segments = _segments(line, label_edge)
        for segment in segments:
            label, amounts = segment.label, segment.amounts
            if not amounts:
                pending, pending_x = label, segment.x
                heading = label
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
            # figures under a caption printed on the line above stand where the caption does (its indentation)
            x = pending_x if pending and not segment.label and not caption else segment.x
            synonym, label, consumed = _match_line(section.kind, label, pending, following, table, heading)
            pending = ""
            skip = skip or consumed
            # A row's own words, or the label-only line above when it printed none (its label wrapped)
            own_label = label if synonym is not None or caption or not segment.label else segment.label
            body.rows.append(_printed_row(own_label, synonym.item if synonym else None, segment, line, header, x))
            if synonym is not None:
                found = _values(synonym, label, amounts, line, header, file)
                for candidate in found if caption else ():
                    candidate.priority += _CAPTIONED  # a printed label beats a caption we gave
                body.candidates.extend(found)
    return body


def figure_columns(header: Header) -> list[Column]:
    """The columns that hold figures of a period (not notes, not row numbers)."""
    return [c for c in header.columns if not c.note and c.span is not None]


def _printed_row(
    label: str, item: str | None, segment: _Segment, line: TextLine, header: Header, x: float | None = None
) -> PrintedRow:
    """One row as printed: its figures by value column, in whole currency units."""
    figures = figure_columns(header)
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
        x=round(segment.x if x is None else x, 1),
        side=sum(1 for c in figures if c.x1 < segment.x) if label else -1,  # a bare line: the side it is on
        values=values,
        step=step,
    )


def _shared_columns(amounts: list[Word], header: Header, page: int) -> set[int]:
    """Columns two figures of one row fall in: the columns were not told apart there, and neither figure
    can be placed (a cell missing is flagged; a figure under another period's heading would not be)."""
    seen: dict[int, int] = {}
    for word in amounts:
        column = header.column_of(word, page)
        if column is not None and not column.note and parse_amount(word.text) is not None:
            seen[id(column)] = seen.get(id(column), 0) + 1
    return {key for key, count in seen.items() if count > 1}


def _row_values(amounts: list[Word], header: Header, page: int) -> dict[int, Decimal]:
    """A row's printed figures by column position, for the block totals."""
    out: dict[int, Decimal] = {}
    for word in amounts:
        column = header.column_of(word, page)
        amount = parse_amount(word.text)
        if column is not None and not column.note and column.span is not None and amount is not None:
            out[header.columns.index(column)] = amount
    return out


def _values(
    synonym: Synonym, label: str, amounts: list[Word], line: TextLine, header: Header, file: str
) -> list[Candidate]:
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
        out.append(Candidate(synonym.item, column, sourced, synonym.priority, normalise_label(label)))
    return out
