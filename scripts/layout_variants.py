"""Statement layouts by the hundred, each with its truth, to test the reader on more than the samples.

    .venv/bin/python scripts/layout_variants.py OUT_DIR [--count 300] [--seed 1]

Each variant is one PDF and a ``.truth.json`` in the corpus schema (see the corpus README), so
``benchmarks/accuracy.py OUT_DIR`` measures them exactly as it measures real reports. A seed
fixes every choice; the choices are what banks receive, not what our samples print:

- Chinese listed companies' reports (会企01/02/03表): titles 资产负债表 / 利润表 / 损益表 /
  利润及利润分配表 / 现金流量表, columns by date, 本期 / 上期, 本年累计 / 上年同期, 期末余额 /
  上年年末余额 / 年初余额; annual, half-year and nine-month reports;
- Taiwan (TIFRS: 合併 / 個體 資產負債表, 綜合損益表, 民國 years, 新台幣千元) and Hong Kong (HKFRS: 綜合財務狀況表,
  收益, 年內溢利, 經營活動所得現金淨額, expenses in brackets) reports in traditional characters, a quarter of
  the listed Chinese ones, chosen by their own draw so a seed's other choices stay as they were;
- statements exported from accounting software, as most borrowers send them: the small-enterprise
  format (会小企01/02/03表) or the enterprise one, monthly 本月金额 beside 本年累计金额, 年初余额 /
  期末余额 in either order, the date only in the 编制单位 line, a 行次 column, figures without
  thousands separators, often a two-sided balance sheet;
- IFRS and US GAAP statements: two or three year columns, 52/53-week years, year ends in March,
  June, September or December, half-year and nine-month interims, 10-Q income statements with
  three-month columns before the year-to-date ones, expenses printed as negative figures, a
  balance sheet that prints net assets and no total assets or total liabilities;
- income statements in six shapes (``layout_income``): costs by function, US single-step with
  "Total costs and expenses" (or down to income before taxes, a credit in brackets among the costs), IAS 1 by nature with finance income and costs, Ind AS with "Total
  income" and "Total expenses", and the listed group's 营业总收入 / 营业总成本 with their 其中 lines;
- an auditor's report before the statements; units 元 / 千元 / 万元 / 百万元 / 亿元, thousands /
  millions / $000s / RMB'000 / whole units, declared in the title block, over the columns, in the
  preamble or "except per share amounts"; thousands separated by commas, spaces or apostrophes;
  statements sharing a page or running on over two under a repeated title; a notes column;
  parent-only copies; negatives as (1,234), -1,234 or －1,234; blanks as -, — or empty; full-width
  digits.

Every total adds up as printed and the statements tie (closing cash = the balance sheet's cash), so
the reader's checks can prove what it reads (``layout_figures.py``).
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from layout_drawing import (
    EN_HEADINGS,
    ZH_HEADINGS,
    Printing,
    Table,
    Writer,
    auditor_pages,
    chinese_labels,
    draw_table,
    draw_two_sided,
    english_labels,
)
from layout_figures import balance_figures, cash_figures, income_figures, opening_date
from layout_income import EN_LABELS, ORDERS, ZH_LABELS, ZH_RELABEL, choose_shape, shape_figures
from sample_pdf import Page, register_cjk_font

CORE_BALANCE = (
    "total_current_assets",
    "total_assets",
    "total_current_liabilities",
    "total_liabilities",
    "total_equity",
    "total_liabilities_and_equity",
)
ZH_UNITS = [("元", 1, 2), ("千元", 1_000, 0), ("万元", 10_000, 2), ("百万元", 1_000_000, 0), ("亿元", 100_000_000, 2)]
EN_UNITS = [
    ("units", 1, 0),
    ("thousands", 1_000, 0),
    ("millions", 1_000_000, 0),
    ("$000s", 1_000, 0),
    ("RMB'000", 1_000, 0),
]
EN_COLUMN_TAGS = {"units": "$", "$000s": "$000s", "RMB'000": "RMB'000", "thousands": "$'000", "millions": "$ millions"}


@dataclass
class Column:
    """One printed value column: its truth key (``None``: printed, but not a truth column), its period."""

    key: str | None
    end: date
    start: date | None
    header: str = ""


@dataclass
class Style:
    """Every printing choice of one variant."""

    language: str
    family: str  # listed, software (zh); annual, interim, quarter (en)
    unit: tuple[str, int, int]
    unit_place: str
    negative: str
    blank: str
    separator: str
    full_width: bool
    notes: bool
    two_sided: bool
    share_pages: bool
    split: bool
    parent_too: bool
    auditor_first: bool
    expenses_negative: bool
    small_enterprise: bool
    net_assets: bool
    fy_end_month: int
    dialect: str = "mainland"  # a listed Chinese report's market: mainland, taiwan, hong_kong
    income_shape: str = "function"  # layout_income's: function, single_step(_pretax), nature, ind_as, cas_total


@dataclass
class Layout:
    """The columns of each statement and the title-block lines that date them."""

    balances: list[Column]
    income: list[Column]
    cash: list[Column]
    flow_context: str = ""
    balance_context: str = ""
    income_headers: list[list[tuple[int, str, str]]] = field(default_factory=list)  # spanning headers (10-Q)


def month_end(year: int, month: int) -> date:
    return (date(year, month % 12 + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)


def months_later(day: date, months: int) -> date:
    """The month end ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return month_end(index // 12, index % 12 + 1)


def _choose_style(rng: random.Random) -> Style:
    language = rng.choice(["zh", "en"])
    family = rng.choice(
        ["listed", "listed", "software"] if language == "zh" else ["annual", "annual", "interim", "quarter"]
    )
    software = family == "software"
    unit = ("元", 1, 2) if software else rng.choice(ZH_UNITS if language == "zh" else EN_UNITS)
    places = ["title", "columns", "preamble"] + (
        ["except"] if language == "en" and unit[0] in ("thousands", "millions") else []
    )
    separator = rng.choice(["", ","] if software else [","] if language == "zh" else [",", ",", " ", "'"])
    full_width = language == "zh" and not software and separator == "," and rng.random() < 0.15
    return Style(
        language=language,
        family=family,
        unit=unit,
        unit_place="title" if software else rng.choice(places) if unit[0] != "units" else "columns",
        negative=rng.choice(["brackets", "minus", "fullwidth_minus"] if language == "zh" else ["brackets", "minus"]),
        blank=rng.choice(["-", "—", ""]),
        separator=separator,
        full_width=full_width,
        notes=not software and rng.random() < 0.5,
        two_sided=language == "zh" and not full_width and rng.random() < (0.6 if software else 0.3),
        share_pages=(share := rng.random() < 0.4),
        split=not share and rng.random() < 0.4,
        parent_too=not software and rng.random() < 0.3,
        auditor_first=rng.random() < 0.25,
        expenses_negative=language == "en" and rng.random() < 0.4,
        small_enterprise=software and rng.random() < 0.6,
        net_assets=language == "en" and family == "annual" and rng.random() < 0.2,
        fy_end_month=12 if language == "zh" or rng.random() < 0.6 else rng.choice([3, 6, 9]),
    )


def _choose_market(seed: int, style: Style) -> None:
    """A listed Chinese report's market and every report's income-statement shape, each from its own
    random stream, so that the seed's other choices stay what they were before these existed."""
    if style.language == "zh" and style.family == "listed":
        market = random.Random(f"dialect-{seed}")
        style.dialect = market.choice(["mainland", "mainland", "taiwan", "hong_kong"])
        style.expenses_negative = style.dialect == "hong_kong" and market.random() < 0.5  # 銷售成本 (1,234)
    style.income_shape = choose_shape(seed, style.language, style.family, style.dialect)


def _money(style: Style) -> str:
    """The currency a Chinese report names before its unit (人民币千元, 新台币千元, 港币千元)."""
    return DIALECT_CURRENCY[style.dialect][0]


def _zh_listed(rng: random.Random, year: int) -> Layout:
    kind = rng.choice(["annual", "annual", "half", "nine"])
    months = {"annual": 12, "half": 6, "nine": 9}[kind]
    ends = [month_end(year - i, months) for i in range(2)]
    flows = [Column(f"{kind}{e.year}", e, date(e.year, 1, 1)) for e in ends]
    balance_ends = ends if kind == "annual" else [ends[0], date(year - 1, 12, 31)]
    balances = [Column(e.isoformat(), e, None, f"{e.year}年{e.month}月{e.day}日") for e in balance_ends]
    choice = rng.choice(["dates", "relative", "relative_open"])
    if choice != "dates":
        balances[0].header, balances[1].header = "期末余额", "上年年末余额" if choice == "relative" else "年初余额"
    flow_choice = rng.choice(["this_last", "ytd", "years"] if kind == "annual" else ["this_last", "ytd", "months"])
    for i, column in enumerate(flows):
        column.header = {
            "this_last": ["本期金额", "上期金额"],
            "ytd": ["本年累计", "上年同期"],
            "years": [f"{column.end.year}年度"] * 2,
            "months": [f"{column.end.year}年1-{column.end.month}月"] * 2,
        }[flow_choice][i]
    span = {"annual": "年度", "half": "半年度", "nine": "1-9月"}[kind]
    context = f"{year}年{span}"
    return Layout(
        balances,
        flows,
        list(flows),
        context,
        f"{balances[0].end.year}年{balances[0].end.month}月{balances[0].end.day}日",
    )


def _zh_software(rng: random.Random, year: int) -> Layout:
    """An accounting package's monthly export: the month and the year so far, the date in the 编制单位 line."""
    month = rng.choice([12, 12, 12, *range(1, 12)])
    end = month_end(year, month)
    words = rng.choice(
        [("期末余额", "年初余额", "本月金额", "本年累计金额"), ("期末数", "年初数", "本月数", "本年累计数")]
    )
    balances = [
        Column(end.isoformat(), end, None, words[0]),
        Column(f"{year - 1}-12-31", date(year - 1, 12, 31), None, words[1]),
    ]
    if rng.random() < 0.5:
        balances.reverse()
    flows = [Column(None, end, date(year, month, 1), words[2]), Column(f"ytd{year}", end, date(year, 1, 1), words[3])]
    if rng.random() < 0.3:
        flows.reverse()
    return Layout(balances, flows, list(flows), f"{year}年{month}月", f"{year}年{month}月{end.day}日")


def _en_annual(rng: random.Random, year: int, fy_end: int) -> Layout:
    count = rng.choice([2, 2, 3])
    week52 = fy_end == 12 and rng.random() < 0.25
    if week52:
        ends = [date(year, 12, 31) + timedelta(days=rng.randint(-6, 6))]
        for _ in range(count - 1):  # 52 weeks back, or 53 when that keeps the year end within a week of 31 December
            back = ends[-1] - timedelta(weeks=52)
            ends.append(
                back
                if abs((back - date(back.year if back.month == 12 else back.year - 1, 12, 31)).days) <= 6
                else back - timedelta(weeks=1)
            )
    else:
        ends = [month_end(year - i, fy_end) for i in range(count + 1)]
    starts = [ends[i + 1] + timedelta(days=1) if i + 1 < len(ends) else None for i in range(count)]
    flows = [
        Column(f"FY{e.isoformat()}", e, s, str(e.year - 1 if (e.month, e.day) <= (1, 7) else e.year))
        for e, s in zip(ends, starts, strict=False)
    ]
    balances = [Column(e.isoformat(), e, None, _en_date(rng, e)) for e in ends[:2]]
    if week52:
        context = "For the 52 weeks ended " + " and ".join(f"{c.end:%B} {c.end.day}, {c.end.year}" for c in flows)
    else:
        contexts = [f"Year ended {ends[0]:%B} {ends[0].day},", f"For the year ended {ends[0].day} {ends[0]:%B}"]
        # A US 10-K of a May or June year end often heads its flows "Fiscal Year" over bare years: the
        # year end is then printed only on the balance sheet.
        context = rng.choice(contexts + (["Fiscal Year"] if fy_end != 12 else []))
    return Layout(balances, flows, list(flows), context)


def _en_date(rng: random.Random, day: date) -> str:
    return rng.choice(
        [f"{day:%B} {day.day}, {day.year}", f"{day.day} {day:%B} {day.year}", f"As at {day.day} {day:%B} {day.year}"]
    )


def _fiscal_start(end: date, fy_end: int) -> date:
    """The first day of the fiscal year a period ending on ``end`` belongs to."""
    year = end.year if end.month > fy_end else end.year - 1
    return month_end(year, fy_end) + timedelta(days=1)


def _en_interim(rng: random.Random, year: int, fy_end: int, quarter: bool) -> Layout:
    months = rng.choice([6, 9])
    first = date(year - 1, fy_end, 1) if fy_end != 12 else date(year - 1, 12, 1)
    end = months_later(first, months)
    start = _fiscal_start(end, fy_end)
    prior = Column(f"ytd{end.year - 1}", _year_earlier(end), _year_earlier(start), str(end.year - 1))
    ytd = [Column(f"ytd{end.year}", end, start, str(end.year)), prior]
    fiscal_year_end = start - timedelta(days=1)
    balances = [
        Column(end.isoformat(), end, None, _en_date(rng, end)),
        Column(fiscal_year_end.isoformat(), fiscal_year_end, None, _en_date(rng, fiscal_year_end)),
    ]
    words = {6: "Six Months Ended", 9: "Nine Months Ended"}[months]
    context = f"{words} {end:%B} {end.day},"
    if not quarter:
        return Layout(balances, ytd, list(ytd), context)
    three = [
        Column(None, end, months_later(end, -3) + timedelta(days=1), str(end.year)),
        Column(None, _year_earlier(end), months_later(_year_earlier(end), -3) + timedelta(days=1), str(end.year - 1)),
    ]
    layout = Layout(balances, three + ytd, list(ytd), context)
    layout.income_headers = [
        [(0, "Three Months Ended", "center"), (1, words, "center")],
        [(0, f"{end:%B} {end.day},", "center"), (1, f"{end:%B} {end.day},", "center")],
    ]
    return layout


def _year_earlier(day: date) -> date:
    return (
        month_end(day.year - 1, day.month) if day == month_end(day.year, day.month) else day.replace(year=day.year - 1)
    )


def _layout(rng: random.Random, style: Style) -> Layout:
    year = rng.randint(2016, 2026)
    if style.family == "listed":
        return _zh_listed(rng, year)
    if style.family == "software":
        return _zh_software(rng, year)
    if style.family == "annual":
        return _en_annual(rng, year, style.fy_end_month)
    return _en_interim(rng, year, style.fy_end_month, style.family == "quarter")


# --- the statements ------------------------------------------------------------------------------

BALANCE_ORDER = [
    "#assets",
    "cash",
    "receivables",
    "inventories",
    "total_current_assets",
    "#non_current",
    "ppe",
    "intangibles",
    "total_non_current_assets",
    "total_assets",
    "#liabilities",
    "short_term",
    "payables",
    "total_current_liabilities",
    "long_term",
    "total_non_current_liabilities",
    "total_liabilities",
    "#equity",
    "share_capital",
    "retained_earnings",
    "total_equity",
    "total_liabilities_and_equity",
]
NET_ASSETS_ORDER = [
    "#non_current",
    "ppe",
    "intangibles",
    "total_non_current_assets",
    "#assets",
    "cash",
    "receivables",
    "inventories",
    "total_current_assets",
    "#liabilities",
    "short_term",
    "payables",
    "total_current_liabilities",
    "net_current_assets",
    "assets_less_current_liabilities",
    "long_term",
    "total_non_current_liabilities",
    "net_assets",
    "#equity",
    "share_capital",
    "retained_earnings",
    "total_equity",
]
# IFRS's "equity and liabilities" order, or a utility's capitalization first: equity before the liabilities,
# and no total-liabilities line (it is the side's total less the equity).
EQUITY_FIRST_ORDER = [
    *BALANCE_ORDER[: BALANCE_ORDER.index("total_assets") + 1],
    "#equity",
    "share_capital",
    "retained_earnings",
    "total_equity",
    *BALANCE_ORDER[BALANCE_ORDER.index("#liabilities") : BALANCE_ORDER.index("total_liabilities")],
    "total_liabilities_and_equity",
]
CASH_ORDER = ["operating", "investing", "financing", "net_increase", "begin", "end"]
# A two-sided sheet prints the same lines without the headings: assets on the left, the rest on the right.
_LINES = [line for line in BALANCE_ORDER if not line.startswith("#")]
LEFT = _LINES[: _LINES.index("total_assets") + 1]
RIGHT = _LINES[len(LEFT) :]
ZH_TITLES = {"bs": ["资产负债表"], "is": ["利润表", "损益表", "利润及利润分配表"], "cf": ["现金流量表"]}
# Taiwan: 合併 / 個體 資產負債表, 綜合損益表; Hong Kong: 綜合財務狀況表 (綜合 is "consolidated" there).
DIALECT_TITLES = {
    "taiwan": ({"bs": ["资产负债表"], "is": ["综合损益表"], "cf": ["现金流量表"]}, "合并", "个体"),
    "hong_kong": (
        {"bs": ["财务状况表"], "is": ["损益表", "损益及其他全面收益表"], "cf": ["现金流量表"]},
        "综合",
        "本公司",
    ),
}
DIALECT_CURRENCY = {"mainland": ("人民币", "CNY"), "taiwan": ("新台币", "TWD"), "hong_kong": ("港币", "HKD")}
EN_TITLES = {
    "bs": ["Balance Sheet", "Balance Sheets", "Statement of Financial Position", "Statements of Financial Position"],
    "is": [
        "Statement of Operations",
        "Statements of Operations",
        "Income Statement",
        "Statement of Income",
        "Statement of Profit or Loss",
        "Statement of Comprehensive Income",
    ],
    "cf": ["Statement of Cash Flows", "Statements of Cash Flows", "Cash Flow Statement"],
}


@dataclass
class Figures:
    """Every column's figures: balance columns by date, flow columns by their place in each statement."""

    balances: list[dict[str, float]]
    income: list[dict[str, float]]
    cash: list[dict[str, float]]


def _figures(rng: random.Random, style: Style, layout: Layout) -> Figures:
    decimals = style.unit[2]
    balances = [balance_figures(rng, decimals) for _ in layout.balances]
    scale = {None: 0.3}
    income = [income_figures(rng, decimals, scale.get(c.key, 1.0)) for c in layout.income]
    for index, column in enumerate(layout.income):  # January's month is its year so far: the same figures
        same = [i for i, other in enumerate(layout.income) if (other.start, other.end) == (column.start, column.end)]
        income[index] = income[same[0]]
    known = {c.end: f["cash"] for c, f in zip(layout.balances, balances, strict=True)}
    cash: list[dict[str, float]] = []
    for column in layout.cash:
        if twin := [
            f for c, f in zip(layout.cash, cash, strict=False) if (c.start, c.end) == (column.start, column.end)
        ]:
            cash.append(twin[0])
            continue
        opening = opening_date(column.start)
        figures = cash_figures(rng, decimals, known.get(column.end), known.get(opening) if opening else None)
        if opening is not None:
            known.setdefault(opening, figures["begin"])
        cash.append(figures)
    return Figures(balances, income, cash)


def _printing(rng: random.Random, style: Style) -> Printing:
    labels = chinese_labels(style.small_enterprise, style.dialect) if style.language == "zh" else english_labels(rng)
    headings = ZH_HEADINGS if style.language == "zh" else EN_HEADINGS
    labels |= {f"#{key}": text for key, text in headings.items()}
    labels |= EN_LABELS if style.language == "en" else ZH_LABELS  # the income shapes' own lines
    if style.income_shape == "cas_total":
        labels |= ZH_RELABEL
    return Printing(
        style.language,
        style.small_enterprise,
        style.unit[2],
        style.negative,
        style.blank,
        style.separator,
        style.full_width,
        style.expenses_negative,
        labels,
    )


def _rows(
    order: list[str], columns: list[dict[str, float]], printing: Printing
) -> list[tuple[str, list[float | None]]]:
    rows: list[tuple[str, list[float | None]]] = []
    for line in order:
        if line.startswith("#"):
            rows.append(("#" + printing.label(line), []))
        else:
            rows.append((line, [printing.signed(line, c[line]) for c in columns]))
    return rows


def _xs(count: int) -> list[float]:
    return {1: [500.0], 2: [420.0, 520.0], 3: [360.0, 445.0, 530.0], 4: [330.0, 395.0, 465.0, 535.0]}[count]


def _title_block(style: Style, context: str, kind: str) -> list[tuple[float, str]]:
    zh = style.language == "zh"
    if style.family == "software":
        form = {"bs": "01", "is": "02", "cf": "03", "pbs": "01"}[kind]
        code = f"会小企{form}表" if style.small_enterprise else f"会企{form}表"
        return [(480.0, code), (60.0, f"编制单位：示例商贸有限公司        {context}        单位：元")]
    block = [(230.0, context)] if context else []
    if style.unit_place == "title" and (text := _unit_text(style)):
        block.append((440.0 if zh else 60.0, text))
    if style.unit_place == "except":
        block.append((60.0, f"(in {style.unit[0]} of dollars, except per share amounts)"))
    return block


def _unit_text(style: Style) -> str:
    label = style.unit[0]
    if style.language == "zh":
        return f"单位：{_money(style)}{label}" if label != "元" else "单位：元"
    return {
        "units": "",
        "thousands": "(in thousands of dollars)",
        "millions": "(in millions of dollars)",
        "$000s": "($000s)",
        "RMB'000": "(Expressed in RMB'000)",
    }[label]


def _headers(
    style: Style, columns: list[Column], xs: list[float], spanning: list[list[tuple[int, str, str]]]
) -> list[list[tuple[float, str, str]]]:
    rows: list[list[tuple[float, str, str]]] = []
    for row in spanning:
        rows.append([((xs[2 * g] + xs[2 * g + 1]) / 2 - 20, text, align) for g, text, align in row])
    rows.append([(x, c.header, "right") for x, c in zip(xs, columns, strict=True)])
    if style.unit_place == "columns" and style.family != "software":
        tag = _money(style) + style.unit[0] if style.language == "zh" else EN_COLUMN_TAGS[style.unit[0]]
        rows.append([(x, tag, "right") for x in xs])
    return rows


def _table(style: Style, kind: str, title: str, context: str, columns: list[Column], rows, spanning=()) -> Table:  # type: ignore[no-untyped-def]
    xs = _xs(len(columns))
    return Table(
        kind=kind,
        title=title,
        title_block=_title_block(style, context, kind),
        headers=_headers(style, columns, xs, list(spanning)),
        rows=rows,
        xs=xs,
        notes=style.notes,
        row_numbers=style.family == "software",
        split_at="short_term" if style.split and kind == "bs" else None,
    )


def make_variant(seed: int, folder: Path) -> Path:
    """Write variant ``seed`` (PDF and truth) into ``folder``; return the PDF's path."""
    rng = random.Random(seed)
    style = _choose_style(rng)
    _choose_market(seed, style)
    layout = _layout(rng, style)
    figures = _figures(rng, style, layout)
    printing = _printing(rng, style)
    if style.language == "en":
        _wrap_captions(random.Random(f"wraps-{seed}"), printing)
        if random.Random(f"bare-totals-{seed}").random() < 0.25:  # a 10-K's total assets, and the whole, uncaptioned
            printing.labels["total_assets"] = printing.labels["total_liabilities_and_equity"] = ""
        if random.Random(f"cash-dash-{seed}").random() < 0.25:  # Cash and cash equivalents - end of year
            printing.labels["begin"], printing.labels["end"] = (
                "Cash and cash equivalents - beginning of year",
                "Cash and cash equivalents - end of year",
            )
    lettered = style.language == "en" and random.Random(f"lettered-{seed}").random() < 0.2  # a. b. c. before titles
    equity_first = (
        style.language == "en"
        and not (style.net_assets or style.two_sided)
        and random.Random(f"equity-first-{seed}").random() < 0.2
    )
    path = folder / f"variant_{seed:05d}.pdf"
    page = Page(path)
    writer = Writer(page, style.dialect)
    page_of: dict[str, int] = {}
    cover = _opening(writer, style, layout)
    if cover and style.language == "zh" and random.Random(f"running-head-{seed}").random() < 0.3:
        writer.running_head = cover  # 示例科技股份有限公司 2024 年年度报告 atop every page after the first
    titles = ZH_TITLES if style.language == "zh" else EN_TITLES
    prefix = "" if style.family == "software" else "合并" if style.language == "zh" else "Consolidated "
    parent_prefix = "母公司" if style.language == "zh" else "Company "
    if style.dialect != "mainland":
        titles, prefix, parent_prefix = DIALECT_TITLES[style.dialect]
    bs_title = ("a. " if lettered else "") + prefix + rng.choice(titles["bs"])
    is_title = ("b. " if lettered else "") + prefix + rng.choice(titles["is"])
    split = random.Random(f"income-figures-{seed}")
    shaped = [shape_figures(style.income_shape, f, style.unit[2], split) for f in figures.income]
    income = _rows(ORDERS[style.income_shape], shaped, printing)
    is_table = _table(style, "is", is_title, layout.flow_context, layout.income, income, layout.income_headers)
    # A US 10-K prints its income statement before its balance sheet (a drawing of its own, so that
    # every other choice of the seed stays as it was).
    us_order = style.language == "en" and style.dialect == "mainland" and random.Random(f"order-{seed}").random() < 0.5
    if us_order:
        draw_table(writer, printing, is_table, page_of, style.share_pages)
    _draw_balance_sheet(writer, style, printing, layout, figures.balances, bs_title, "bs", page_of, equity_first)
    if not us_order:
        draw_table(writer, printing, is_table, page_of, style.share_pages)
    cash = _rows(CASH_ORDER, figures.cash, printing)
    if style.language == "en" and (draw := random.Random(f"discontinued-{seed}")).random() < 0.15:
        cash = _with_discontinued(draw, cash, printing)
    cf_title = ("c. " if lettered else "") + prefix + rng.choice(titles["cf"])
    draw_table(
        writer,
        printing,
        _table(style, "cf", cf_title, layout.flow_context, layout.cash, cash),
        page_of,
        style.share_pages,
    )
    if style.parent_too:
        parent = [balance_figures(rng, style.unit[2]) for _ in layout.balances]
        title = parent_prefix + rng.choice(titles["bs"])
        _draw_balance_sheet(writer, style, printing, layout, parent, title, "pbs", page_of)
    page.save()
    truth = _truth(style, layout, figures, page_of, seed)
    path.with_suffix(".truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


DISCONTINUED_LABELS = {  # wrapped after "from", the figures on the second line
    "operating_continuing": "Net cash provided by operating activities from\ncontinuing operations",
    "investing_continuing": "Net cash used in investing activities from\ncontinuing operations",
    "financing_continuing": "Net cash provided by financing activities from\ncontinuing operations",
    "#discontinued": "Cash flows from discontinued operations",
    "operating_discontinued": "Net cash provided by operating activities from\ndiscontinued operations",
    "financing_discontinued": "Net cash used in financing activities from\ndiscontinued operations",
    "discontinued_total": "Net cash used in discontinued operations",
}


def _with_discontinued(
    draw: random.Random, cash: list[tuple[str, list[float | None]]], printing: Printing
) -> list[tuple[str, list[float | None]]]:
    """ASC 205-20: each activity's continuing operations, then a section of the discontinued ones (operating
    and financing; none for investing) with their total. Each activity's net cash is unchanged: the
    continuing figure printed is it less its discontinued share."""
    rows = dict(cash)
    width = len(rows["operating"])
    apart = {
        line: [
            round(
                (draw.uniform(0.01, 0.05) if line == "operating" else -draw.uniform(0.01, 0.05)) * abs(v or 0),
                printing.decimals,
            )
            for v in rows[line]
        ]
        for line in ("operating", "financing")
    }
    continuing = {
        line: [
            round((v or 0) - d, printing.decimals)
            for v, d in zip(rows[line], apart.get(line, [0.0] * width), strict=True)
        ]
        for line in ("operating", "investing", "financing")
    }
    printing.labels |= DISCONTINUED_LABELS
    return [
        *((f"{line}_continuing", continuing[line]) for line in ("operating", "investing", "financing")),
        ("#" + DISCONTINUED_LABELS["#discontinued"], []),
        ("operating_discontinued", apart["operating"]),
        ("financing_discontinued", apart["financing"]),
        ("discontinued_total", [o + f for o, f in zip(apart["operating"], apart["financing"], strict=True)]),
        *((line, values) for line, values in cash if line not in ("operating", "investing", "financing")),
    ]


# Captions a 10-K wraps over two lines, the figures on the second; the first line ends on a joining word,
# and the second alone would name another line item (noncontrolling interests).
WRAPPED = {
    "net_profit": "Net income, including the portion attributable to\nnoncontrolling interests",
    "investing": "Net cash used in\ninvesting activities",
    "end": "Cash and cash equivalents at\nend of year",
}


def _wrap_captions(draw: random.Random, printing: Printing) -> None:
    for line, wrapped in WRAPPED.items():
        if draw.random() < 0.3:
            printing.labels[line] = wrapped


def _opening(writer: Writer, style: Style, layout: Layout) -> str:
    """The report's first lines: an auditor's report when there is one, the cover line, the preamble;
    returns the cover line ("" when none is printed)."""
    zh = style.language == "zh"
    year = max(c.end for c in layout.income).year
    company = "示例科技股份有限公司" if zh else "Example Holdings Inc."
    if style.auditor_first:
        auditor_pages(writer, style.language, company, year)
    if style.family != "software":
        interim = style.family != "annual" and not (zh and layout.flow_context.endswith("年度"))
        cover = f"{company} {year} 年{'半年度报告' if '半年度' in layout.flow_context else '第三季度报告' if '1-9' in layout.flow_context else '年度报告'}"
        cover = cover if zh else f"{company} {'Interim Report' if interim else 'Annual Report'} {year}"
        writer.line(150, cover, size=12)
        writer.down(20)
    else:
        cover = ""
    if style.unit_place == "preamble":
        if not zh and style.unit[0] not in ("thousands", "millions"):
            style.unit = ("thousands", 1_000, 0)
        writer.line(
            60,
            f"除特别注明外，金额单位为{_money(style)}{style.unit[0]}"
            if zh
            else f"All amounts are in {style.unit[0]} of dollars unless otherwise stated.",
        )
        writer.down(30)
    return cover


def _draw_balance_sheet(
    writer: Writer,
    style: Style,
    printing: Printing,
    layout: Layout,
    balances: list[dict[str, float]],
    title: str,
    kind: str,
    page_of: dict[str, int],
    equity_first: bool = False,
) -> None:
    order = NET_ASSETS_ORDER if style.net_assets else EQUITY_FIRST_ORDER if equity_first else BALANCE_ORDER
    if style.language == "zh" and style.family != "software":
        order = [line for line in order if line != "#equity"]
    rows = _rows(order, balances, printing)
    context = layout.balance_context if style.language == "zh" else ""
    table = _table(style, kind, title, context, layout.balances, rows)
    if style.two_sided:
        if style.unit_place == "columns" and style.family != "software":
            table.title_block.append(
                (440.0, _money(style) + style.unit[0])
            )  # over the right half, as the columns' unit
        headers = [c.header for c in layout.balances]
        if "日" in headers[0]:  # a full date does not fit over a half-page column: 期末余额 / 年初余额
            headers = [
                "期末余额" if c.end == max(b.end for b in layout.balances) else "年初余额" for c in layout.balances
            ]
        draw_two_sided(writer, printing, table, LEFT, RIGHT, headers, page_of)
    else:
        draw_table(writer, printing, table, page_of, style.share_pages)


def _truth(style: Style, layout: Layout, figures: Figures, page_of: dict[str, int], seed: int) -> dict[str, object]:
    multiplier = style.unit[1]
    printing = Printing(
        style.language, False, style.unit[2], style.negative, style.blank, style.separator, style.full_width, False, {}
    )
    values: dict[str, dict[str, object]] = {}
    derived = {"total_assets", "total_liabilities", "total_liabilities_and_equity"} if style.net_assets else set()
    for item in CORE_BALANCE:
        cells = {
            c.key: _cell(f[item], printing, multiplier)
            for c, f in zip(layout.balances, figures.balances, strict=True)
            if c.key
        }
        values[item] = {"values": cells} | ({"derived": True} if item in derived else {})
    for item, statement, line in (
        ("revenue", "income", "revenue"),
        ("net_profit", "income", "net_profit"),
        ("net_cash_from_operating", "cash", "operating"),
    ):
        columns = layout.income if statement == "income" else layout.cash
        drawn = figures.income if statement == "income" else figures.cash
        values[item] = {
            "values": {
                c.key: _cell(f[line], printing, multiplier) for c, f in zip(columns, drawn, strict=True) if c.key
            }
        }
    ends: dict[str, object] = {
        c.key: {"type": "balance_at", "date": c.end.isoformat()} for c in layout.balances if c.key
    }
    ends |= {
        c.key: {"type": "flow", "start": c.start.isoformat() if c.start else None, "end": c.end.isoformat()}
        for c in layout.income + layout.cash
        if c.key
    }
    return {
        "document": f"generated layout variant {seed}",
        "language": style.language,
        "currency": DIALECT_CURRENCY[style.dialect][1] if style.language == "zh" else "USD",
        "unit_as_printed": style.unit[0],
        "multiplier_to_whole_units": multiplier,
        "statement_pages": page_of,
        "period_end_dates": ends,
        "values": values,
        "style": style.__dict__ | {"unit": list(style.unit)},
    }


def _cell(value: float, printing: Printing, multiplier: int) -> dict[str, object]:
    return {"printed": printing.figure(value), "value": round(value * multiplier, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    register_cjk_font()
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in range(args.seed, args.seed + args.count):
        make_variant(seed, args.out)
    print(f"{args.count} variants in {args.out}")


if __name__ == "__main__":
    main()
