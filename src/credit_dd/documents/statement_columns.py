"""A statement's value columns: found where its amounts are, named by the words above them.

Headers are printed every way: one line (``项目 附注 2021年12月31日 2020年12月31日``), stacked
over several lines (``2023 年`` / ``3 月 31 日`` / ``(未经审计)``), with a group heading over
two columns each (``本集团 | 本行``), or with the month and day in the title block and bare
years over the columns (``December 31,`` / ``2021 2020``). So the columns come from the body
(amounts line up on their right edge), and each column's label is every header word above it,
top to bottom. A header line with fewer words than columns spans them (本集团 over two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from credit_dd.documents.amounts import is_bare_small_integer, parse_amount
from credit_dd.documents.labels import simplified
from credit_dd.documents.pdftext import TextLine, Word
from credit_dd.documents.periods import (
    RELATIVE_COLUMN,
    Span,
    column_end,
    context_month_day,
    date_spans,
    find_dates,
    flow_start,
    month_end,
    shift_years,
)

ColumnScope = Literal["consolidated", "parent"]
_ALIGN = 14.0  # points: right edges this close are one column
_WORD_GAP = 4.5  # points: header words this close are one heading (a space is 2–3 pt)
_NOTE_HEADER = re.compile(r"^(?:附注[一二三四五六七八九十\d]*|注释|注|notes?|行次|行号|line|%|％|百分比)$", re.I)
_PARENT_TOKEN = re.compile(
    r"^(?:本行|本银行|银行|公司|本公司|母公司|parent|company|bank|the\s*bank|the\s*company)$", re.I
)
_GROUP_TOKEN = re.compile(r"^(?:本集团|集团|合并|group|the\s*group|consolidated)$", re.I)
# Columns that show an alternative to the reported figures (IFRS results announcements print
# "Adjusted | Adjustments | Total", UK reports "before exceptional items"): not the statement's own.
_NON_STATUTORY = re.compile(
    r"\badjusted\b|\badjustments?\b|\bunderlying\b|non-?gaap|non-?ifrs|pro\s*forma|before\s+(?:exceptional|specific|separately)"
    r"|\bexceptional\s+items\b|\bspecific\s+items\b|调整数|调整后|模拟",
    re.I,
)
_BRACKETS = re.compile(r"[()（）\[\]]")
# Title-block lines: they date and scale the statement as a whole, never one column.
_TITLE_BLOCK = re.compile(
    r"编制单位|单位\s*[:：]|币种\s*[:：]|货币单位|expressed\s+in|in\s+(?:thousands|millions)\s+of", re.I
)


@dataclass
class Column:
    """One value column: where it is printed, what its header says, what it covers."""

    x0: float
    x1: float
    words: list[Word] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    scope: ColumnScope | None = None
    note: bool = False
    span: Span | None = None

    @property
    def label(self) -> str:
        return " ".join(self.labels)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def overlap(self, x0: float, x1: float, pad: float = 6.0) -> float:
        return max(0.0, min(self.x1 + pad, x1) - max(self.x0 - pad, x0))


def is_money(word: Word) -> bool:
    """A printed amount that is not a year, a row number or a lone dash."""
    value = parse_amount(word.text)
    return (
        value is not None
        and any(ch.isdigit() for ch in word.text)
        and not is_bare_small_integer(word.text)
        and not re.fullmatch(r"\d{4}", word.text)
    )


_DATE_WORD = re.compile(r"^(?:[年月日]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?$)", re.I)


_HEADER_WORDS = re.compile(r"^(?:as\s+at|at|to|for|ended|year\s+ended|months\s+to|weeks\s+ended)$", re.I)


def is_body_line(line: TextLine) -> bool:
    """A table row: an amount, or two small figures after a label ("Net earnings $ 990 $ 589").

    Header rows have no amounts, only years and the day and month of dates (3 月 31 日). A line that
    is one bare number and nothing else is no row either: a date OCR lost its characters from
    (2026年年度 read as 20264645), or a page number.
    """
    if len(line.words) == 1 and line.words[0].text.isdigit():
        return False
    if any(is_money(w) for w in line.words):
        return True
    words = line.words
    small = [
        i
        for i, w in enumerate(words)
        if is_bare_small_integer(w.text) and not (i + 1 < len(words) and _DATE_WORD.match(words[i + 1].text))
    ]
    if len(small) < 2 or small[0] == 0 or parse_amount(words[0].text) is not None:
        return False
    label = " ".join(w.text for w in words[: small[0]])
    return sum(ch.isalpha() for ch in label) >= 4 and not _HEADER_WORDS.match(label)  # "to 30 30" is a header


def find_columns(body: list[TextLine]) -> list[Column]:
    """Value columns: amounts grouped by their right edge, sparse strays dropped."""
    edges = sorted(
        ((_edge(w), w) for line in body for w in line.words if is_money(w) or _is_note_like(w.text)), key=lambda p: p[0]
    )
    groups: list[list[Word]] = []
    start = 0.0
    for edge, word in edges:
        if groups and edge - start <= _ALIGN:
            groups[-1].append(word)
        else:
            groups.append([word])
            start = edge
    if not groups:
        return []
    busiest = max(len(g) for g in groups)
    codes = {id(line.words[0]) for line in body if len(line.words) > 1 and _is_label_word(line.words[1])}
    # Numbers that begin their lines, a label after them, are account codes (41000 利息收入), not figures.
    kept = [g for g in groups if len(g) >= 0.15 * busiest and sum(id(w) in codes for w in g) < 0.9 * len(g)]
    signs = _currency_signs(body)
    return [Column(min(signs.get(id(w), w.x0) for w in g), max(w.x1 for w in g), words=g) for g in kept]


def _edge(word: Word) -> float:
    """Where a figure aligns: its right edge, left of a closing bracket that hangs past the digits."""
    if word.text.endswith(")") and len(word.text) > 1:
        return word.x1 - (word.x1 - word.x0) / len(word.text)
    return word.x1


def _is_label_word(word: Word) -> bool:
    return parse_amount(word.text) is None and any(ch.isalpha() for ch in word.text)


_SIGN = re.compile(r"^(?:[$£€¥￥]|US\$|HK\$|S\$|C\$|A\$|NT\$|RMB)$")


def _currency_signs(body: list[TextLine]) -> dict[int, float]:
    """Where the currency sign printed before an amount stands ($ 3,655, the sign at the column's left
    edge): the column reaches that far, so the year heading centred over sign and figure heads it."""
    signs: dict[int, float] = {}
    for line in body:
        for before, word in zip(line.words, line.words[1:], strict=False):
            if _SIGN.match(before.text) and is_money(word) and word.x0 - before.x1 < 120:
                signs[id(word)] = before.x0
    return signs


def _small_figure(word: Word, line: TextLine) -> bool:
    return is_bare_small_integer(word.text) and is_body_line(line) and word.x0 > line.words[0].x1 + 100


def _is_note_like(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}(?:\.\d{1,2})?(?:\([a-z]\))?|[一二三四五六七八九十]+[、.．]\d+", text))


_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def joined(words: list[Word]) -> str:
    """Words as one heading: a space between them, none between two Chinese characters (本年 累计数)."""
    text = ""
    for word in words:
        if text and not (_CJK.match(text[-1]) and _CJK.match(word.text[:1])):
            text += " "
        text += word.text
    return text


def merge_dates(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A header line with each date as one word: a justified header spaces a date's characters apart
    (1 1 3 年 1 2 月 3 1 日), and its parts would otherwise head different columns."""
    text, starts = "", []
    for word in words:
        text += " " if text else ""
        starts.append(len(text))
        text += word.text
    out: list[Word] = []
    spans = date_spans(text)
    for index, word in enumerate(words):
        span = next((s for s in spans if s[0] <= starts[index] < s[1]), None)
        previous = index > 0 and span is not None and span[0] <= starts[index - 1] < span[1]
        if previous and out:
            last = out[-1]
            out[-1] = Word(joined([last, word]), last.x0, word.x1, last.top, last.fontname)
        else:
            out.append(word)
    return tuple(out)


def _clusters(words: tuple[Word, ...]) -> list[list[Word]]:
    groups: list[list[Word]] = []
    for word in words:
        if groups and word.x0 - groups[-1][-1].x1 <= _WORD_GAP:
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def label_columns(columns: list[Column], header: list[TextLine]) -> str:
    """Give each column the header words above it; return the rest (the title block) as context."""
    context: list[str] = []
    small = [c for c in columns if _small_only(c)]  # note references or row numbers, most likely
    figures = [c for c in columns if c not in small] or columns
    left = min(c.x0 for c in figures) - 15

    def in_value_area(cluster: list[Word]) -> bool:
        return cluster[-1].x1 > left or any(c.overlap(cluster[0].x0, cluster[-1].x1) > 0 for c in small)

    multi = [
        i
        for i, line in enumerate(header)
        if len([c for c in _clusters(merge_dates(line.words)) if in_value_area(c)]) >= 2
    ]
    for index, line in enumerate(header):
        if _TITLE_BLOCK.search(simplified(line.text)):
            context.append(line.text)
            continue
        everything = _clusters(merge_dates(line.words))
        clusters = [c for c in everything if in_value_area(c)]
        context.extend(joined(c) for c in everything if not in_value_area(c))
        in_label_area = len(clusters) < len(everything)  # 项目 … 期末余额: a table's header row
        above_the_header_row = bool(multi) and index < multi[0]
        if len(clusters) == 1 and not in_label_area and (above_the_header_row or not _heads_one(columns, clusters[0])):
            context.append(joined(clusters[0]))  # a title date, centred over the table
            continue
        _assign_headings(columns, figures, clusters)
    translated = _convenience_translations(columns)
    for column in columns:
        headed_as_note = any(_NOTE_HEADER.match(_BRACKETS.sub("", text).replace(" ", "")) for text in column.labels)
        headed_as_note = headed_as_note or column in translated
        # Small figures under a period heading are figures (453 in 百万元), not note references.
        column.note = (
            headed_as_note
            or (_small_only(column) and not _names_a_period(column.label))
            or bool(_NON_STATUTORY.search(column.label))  # an alternative measure beside the reported one
            or bool(re.search(r"[%％]|百分比|变动比|變動比", column.label))  # a share of the total, or a change in %
        )
        column.scope = _scope_of(column.labels)
    return "\n".join(context)


_DOLLARS = re.compile(r"u\.?\s?s\.?\s*dollars?|\bus\$|\busd\b|美元", re.I)
_HOME = re.compile(r"\byen\b|¥|円|\bwon\b|₩|nt\$|新台币|新台幣|\bnt\s*dollars|\brupees?\b|₹|\bbaht\b", re.I)


def _convenience_translations(columns: list[Column]) -> list[Column]:
    """Columns in US dollars beside columns in the home currency (Millions of yen | Thousands of U.S.
    dollars): a translation of the same figures for the reader's convenience, not another period."""
    home = [c for c in columns if _HOME.search(c.label) and not _DOLLARS.search(c.label)]
    return [c for c in columns if _DOLLARS.search(c.label)] if home else []


def _small_only(column: Column) -> bool:
    return all(_is_note_like(w.text) or is_bare_small_integer(w.text) for w in column.words)


def _assign_headings(columns: list[Column], figures: list[Column], clusters: list[list[Word]]) -> None:
    """One header line's headings to the columns below them; fewer headings than columns span them."""
    if 1 < len(clusters) < len(figures):  # a heading over several columns (本集团 over two)
        for column in figures:
            nearest = min(clusters, key=lambda c: abs((c[0].x0 + c[-1].x1) / 2 - column.center))
            column.labels.append(joined(nearest))
        return
    for cluster in clusters:
        if (under := _column_under(cluster, columns)) is not None:
            under.labels.append(joined(cluster))


def _names_a_period(label: str) -> bool:
    text = _dating(label)
    return bool(find_dates(text) or _bare_year(text) or RELATIVE_COLUMN.search(text))


def _heads_one(columns: list[Column], cluster: list[Word]) -> bool:
    """A lone heading heads a column when it sits over exactly one (a centred title date does not)."""
    if len(columns) == 1:
        return abs(columns[0].center - (cluster[0].x0 + cluster[-1].x1) / 2) <= 80
    return sum(_mostly_over(c, cluster) for c in columns) == 1


def _mostly_over(column: Column, cluster: list[Word]) -> bool:
    width = max(cluster[-1].x1 - cluster[0].x0, 1.0)
    return column.overlap(cluster[0].x0, cluster[-1].x1) >= 0.7 * width


def _column_under(cluster: list[Word], columns: list[Column]) -> Column | None:
    """The column a header heading stands over: the one it overlaps most, else the nearest (80 pt at most).

    "Notes" heads only a column it stands over: a statement without note references has none.
    """
    x0, x1 = cluster[0].x0, cluster[-1].x1
    best = max(columns, key=lambda c: c.overlap(x0, x1))
    if best.overlap(x0, x1) > 0:
        return best
    if _NOTE_HEADER.match("".join(w.text for w in cluster)):
        return None
    nearest = min(columns, key=lambda c: abs(c.center - (x0 + x1) / 2))
    return nearest if abs(nearest.center - (x0 + x1) / 2) <= 80 else None


def _scope_of(labels: list[str]) -> ColumnScope | None:
    for text in labels:
        token = _BRACKETS.sub("", text).strip()
        if _GROUP_TOKEN.match(token):
            return "consolidated"
        if _PARENT_TOKEN.match(token):
            return "parent"
    return None


def date_columns(
    columns: list[Column],
    context: str,
    statement_date: date | None,
    balance_sheet: bool,
    interim: bool,
    year_ends: tuple[date, ...] = (),
) -> None:
    """Give each value column the period it covers. A flow column headed only by its year, with no
    month and day printed, ends on the report's balance-sheet date of that fiscal year (``year_ends``)."""
    context = _shared_period(columns, context)
    month_day = context_month_day(context)
    listed = sorted(set(find_dates(context)), reverse=True)
    bare_years = sorted({_dating(c.label) for c in columns if _bare_year(_dating(c.label))}, reverse=True)
    by_order = (
        dict(zip(bare_years, listed, strict=False)) if len(listed) >= 2 and len(listed) == len(bare_years) else {}
    )
    for column in columns:
        if column.note:
            continue
        label = _dating(column.label)
        end = by_order.get(label) or column_end(label, statement_date, balance_sheet, month_day)
        if end is not None and year_ends and not balance_sheet and month_day is None and _bare_year(label):
            end = _fiscal_year_end(end.year, year_ends, end)
        if end is None:
            continue
        if balance_sheet:
            if (end.month, end.day) == (1, 1):
                end = date(end.year - 1, 12, 31)  # an opening balance is the previous year end's closing one
            column.span = Span(end)
        else:
            column.span = Span(end, flow_start(end, label, context, interim))
    _chain_fiscal_years(columns)


def _fiscal_year_end(year: int, year_ends: tuple[date, ...], read: date) -> date:
    """The balance-sheet date in ``year`` (a year ending 28 May 2023 or 31 March 2024 is headed 2023 or 2024
    by the year it ends in, as UK, Hong Kong, Indian and US reports head a bare year); for a year without
    one, the same month and day. A year ending from December to February is left as read: one retailer's
    fiscal 2023 ends in January 2024, another's in January 2023."""
    latest = max(year_ends)
    if latest.month in (12, 1, 2):
        return read  # whether a retailer's fiscal 2023 ends in January 2023 or January 2024 is the filer's
    for day in year_ends:
        if day.year == year:
            return day
    at_month_end = latest == month_end(latest.year, latest.month)
    return (month_end(year, latest.month) if at_month_end else None) or shift_years(latest, year - latest.year)


_UNIT_TAG = re.compile(
    r"(?:^|\s)(?:\$\s*millions?|\$\s*thousands?|[$£€]?'000|\$000s?|rmb'?000|rmb|人民币\w*元|\w*元|[$£€¥]|audited|unaudited|restated"
    r"|未经审计|经审计|已重述|[(（][^)）]*[)）])(?=\s|$)",
    re.I,
)


_PERIOD_PHRASE = re.compile(
    r"\b(?:three|six|nine|twelve|\d{1,2})[\s-]*(?:months?|weeks?)\b.*?(?=\b(?:19|20)\d\d\b|$)", re.I
)


def _shared_period(columns: list[Column], context: str) -> str:
    """The context with the one period phrase the header line printed before its first year ("Three
    Months Ended September 30, 2023 2022"): it heads the columns after it that print a bare year too."""
    phrases = {m.group(0).strip(" ,") for c in columns if (m := _PERIOD_PHRASE.search(_dating(c.label)))}
    bare = any(_bare_year(_dating(c.label)) for c in columns if not c.note)
    return f"{context}\n{phrases.pop()}" if len(phrases) == 1 and bare else context


def _dating(label: str) -> str:
    """A column label without the unit, currency and audit tags printed beside its period."""
    return re.sub(r"\s+", " ", _UNIT_TAG.sub(" ", label)).strip()


def _bare_year(label: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d\s*(?:\(\w{1,3}\)|\*|[a-z])?", label.strip()))


def _chain_fiscal_years(columns: list[Column]) -> None:
    """A year's column starts the day after the previous year's ends (52/53-week years)."""
    ends = sorted({c.span.end for c in columns if c.span and c.span.start})
    for column in columns:
        if column.span is None or column.span.start is None or (column.span.end - column.span.start).days < 350:
            continue
        earlier = [e for e in ends if 358 <= (column.span.end - e).days <= 372]
        if earlier:
            column.span = Span(column.span.end, date.fromordinal(earlier[0].toordinal() + 1))
