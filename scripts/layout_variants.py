"""Statement layouts by the hundred, each with its truth, to test the reader on more than the samples.

    .venv/bin/python scripts/layout_variants.py OUT_DIR [--count 300] [--seed 1]

Each variant is one PDF and a ``.truth.json`` in the corpus schema (see the corpus README), so
``benchmarks/accuracy.py OUT_DIR`` measures them exactly as it measures real reports. A seed
fixes every choice; the choices are what banks receive, not what our samples print:

- language zh or en; consolidated statements, sometimes followed by the parent-only ones;
- titles: 资产负债表 / 利润表 / 损益表 / 利润及利润分配表 / 现金流量表; Balance Sheet(s), Statement(s)
  of Financial Position, Operations, Income, Profit or Loss, Comprehensive Income, Cash Flows;
- units 元 / 千元 / 万元 / 百万元 / 亿元, thousands / millions / $000s / RMB'000 / whole units, declared
  in the title block, over the columns, in the report's preamble, or "except per share amounts";
- periods: full years (年度, 12月31日, "Year ended", "As at"), two or three year columns, 52/53-week
  years, half years (半年度, 1-6月, "Six months ended"), nine months (1-9月, 年初至报告期末);
  columns named 本期 / 上期, 本年累计 / 上年同期, 期末余额 / 上年年末余额 / 年初余额 or by date;
- one- and two-sided balance sheets; statements sharing a page, or a balance sheet split over two
  pages under a repeated title (（续）, "(continued)");
  a notes column (附注, Note); negatives as (1,234), -1,234 or －1,234; blanks as -, — or empty;
  full-width digits.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sample_pdf import Page, register_cjk_font

CORE = (
    "total_current_assets",
    "total_assets",
    "total_current_liabilities",
    "total_liabilities",
    "total_equity",
    "total_liabilities_and_equity",
    "revenue",
    "net_profit",
    "net_cash_from_operating",
)
ZH_UNITS = [("元", 1, 2), ("千元", 1_000, 0), ("万元", 10_000, 2), ("百万元", 1_000_000, 0), ("亿元", 100_000_000, 2)]
EN_UNITS = [
    ("units", 1, 0),
    ("thousands", 1_000, 0),
    ("millions", 1_000_000, 0),
    ("$000s", 1_000, 0),
    ("RMB'000", 1_000, 0),
]
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@dataclass
class Period:
    """One value column: its truth key, end, start (flows) and how its header prints."""

    key: str
    end: date
    start: date | None
    header: str


@dataclass
class Style:
    """Every printing choice of one variant."""

    language: str
    unit: tuple[str, int, int]
    unit_place: str
    negative: str
    blank: str
    full_width: bool
    notes: bool
    two_sided: bool
    share_pages: bool
    parent_too: bool
    split: bool = False  # the balance sheet runs on to a second page under a repeated title


def _choose_style(rng: random.Random) -> Style:
    language = rng.choice(["zh", "en"])
    unit = rng.choice(ZH_UNITS if language == "zh" else EN_UNITS)
    places = ["title", "columns", "preamble"] + (
        ["except"] if language == "en" and unit[0] in ("thousands", "millions") else []
    )
    return Style(
        language=language,
        unit=unit,
        unit_place=rng.choice(places) if unit[0] != "units" else "columns",
        negative=rng.choice(["brackets", "minus", "fullwidth_minus"] if language == "zh" else ["brackets", "minus"]),
        blank=rng.choice(["-", "—", ""]),
        full_width=(full_width := language == "zh" and rng.random() < 0.15),
        notes=rng.random() < 0.5,
        two_sided=language == "zh" and not full_width and rng.random() < 0.3,  # wide glyphs do not fit two sides
        share_pages=(share := rng.random() < 0.4),
        split=not share and rng.random() < 0.4,
        parent_too=rng.random() < 0.3,
    )


def _periods(rng: random.Random, language: str) -> tuple[str, list[Period], list[Period], str]:
    """(kind of report, balance columns, flow columns, the title-block line for flows)."""
    year = rng.randint(2016, 2026)
    count = rng.choice([2, 2, 3]) if language == "en" else 2
    kind = rng.choice(
        ["annual", "annual", "annual", "half", "nine", "week52"]
        if language == "en"
        else ["annual", "annual", "half", "nine"]
    )
    if kind == "week52":
        end = date(year, 12, 31) + timedelta(days=rng.randint(-6, 6))
        ends = [end]
        for _ in range(count - 1):  # 52 weeks back, or 53 when that keeps the year end within a week of 31 December
            back = ends[-1] - timedelta(weeks=52)
            ends.append(
                back
                if abs((back - date(back.year if back.month == 12 else back.year - 1, 12, 31)).days) <= 6
                else back - timedelta(weeks=1)
            )
        flows = [
            Period(f"FY{e.isoformat()}", e, ends[i + 1] + timedelta(days=1) if i + 1 < count else None, "")
            for i, e in enumerate(ends)
        ]
        return kind, [Period(e.isoformat(), e, None, "") for e in ends[:2]], flows, "52 weeks ended"
    months = {"annual": 12, "half": 6, "nine": 9}[kind]
    ends = [_month_end(year - i, months) for i in range(count)]
    flows = [Period(f"{kind}{e.year}", e, date(e.year, 1, 1), "") for e in ends]
    balance_ends = [ends[0], date(year - 1, 12, 31)] if kind != "annual" else ends[:2]
    balances = [Period(e.isoformat(), e, None, "") for e in balance_ends]
    return kind, balances, flows, ""


def _month_end(year: int, month: int) -> date:
    return (date(year, month % 12 + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)


def _headers(rng: random.Random, style: Style, kind: str, balances: list[Period], flows: list[Period]) -> str:
    """Fill in each column's printed header; return the title-block line for the flow statements."""
    zh = style.language == "zh"
    current, prior = balances[0], balances[-1]
    if zh:
        choice = rng.choice(["dates", "relative", "relative_open"])
        for p in balances:
            p.header = f"{p.end.year}年{p.end.month}月{p.end.day}日"
        if choice == "relative":
            current.header, prior.header = "期末余额", "上年年末余额"
        elif choice == "relative_open":
            current.header, prior.header = "期末余额", "年初余额"
        flow_choice = rng.choice(["this_last", "ytd", "years"] if kind == "annual" else ["this_last", "ytd", "months"])
        for i, p in enumerate(flows):
            p.header = {
                "this_last": ["本期金额", "上期金额"],
                "ytd": ["本年累计", "上年同期"],
                "years": [f"{p.end.year}年度"] * 2,
                "months": [f"{p.end.year}年1-{p.end.month}月"] * 2,
            }[flow_choice][min(i, 1)]
        span = {"annual": "年度", "half": "半年度", "nine": "1-9月"}[kind]
        return f"{flows[0].end.year}年{span}" if kind != "nine" else f"{flows[0].end.year}年1-9月"
    for p in balances:
        p.header = rng.choice(
            [
                f"{p.end:%B} {p.end.day}, {p.end.year}",
                f"{p.end.day} {p.end:%B} {p.end.year}",
                f"As at {p.end.day} {p.end:%B} {p.end.year}",
            ]
        )
    for p in flows:
        p.header = str(p.end.year - 1 if (p.end.month, p.end.day) <= (1, 7) else p.end.year)  # a 52-week year's own
    if kind == "week52":
        return "For the 52 weeks ended " + " and ".join(f"{p.end:%B} {p.end.day}, {p.end.year}" for p in flows)
    words = {"annual": "Year ended", "half": "Six months ended", "nine": "Nine months ended"}[kind]
    end = flows[0].end
    return f"{words} {end:%B} {end.day}," if rng.random() < 0.5 else f"For the {words.lower()} {end.day} {end:%B}"


# Statement lines: (zh label, en label, item or None). Totals are computed, never drawn at random.
BS_ASSETS = [("货币资金", "Cash and cash equivalents"), ("应收账款", "Trade receivables"), ("存货", "Inventories")]
BS_NON_CURRENT = [("固定资产", "Property, plant and equipment"), ("无形资产", "Intangible assets")]
BS_CURRENT_LIAB = [("短期借款", "Short-term borrowings"), ("应付账款", "Trade payables")]
BS_NON_CURRENT_LIAB = [("长期借款", "Long-term borrowings")]
BS_EQUITY = [("实收资本", "Share capital"), ("未分配利润", "Retained earnings")]


def _figures(rng: random.Random, decimals: int, columns: int) -> dict[str, list[float]]:
    """Printed figures per line and column; every total adds up as printed."""

    def draw(low: int, high: int) -> list[float]:
        return [round(rng.uniform(low, high), decimals) for _ in range(columns)]

    f: dict[str, list[float]] = {}
    for _, label in BS_ASSETS + BS_NON_CURRENT + BS_CURRENT_LIAB + BS_NON_CURRENT_LIAB:
        f[label] = draw(100, 90_000)
    f["Share capital"] = draw(1_000, 50_000)
    add = lambda *names: [round(sum(f[n][i] for n in names), decimals) for i in range(columns)]  # noqa: E731
    f["total_current_assets"] = add(*(label for _, label in BS_ASSETS))
    f["total_assets"] = add("total_current_assets", *(label for _, label in BS_NON_CURRENT))
    f["total_current_liabilities"] = add(*(label for _, label in BS_CURRENT_LIAB))
    f["total_liabilities"] = add("total_current_liabilities", *(label for _, label in BS_NON_CURRENT_LIAB))
    f["Retained earnings"] = [
        round(f["total_assets"][i] - f["total_liabilities"][i] - f["Share capital"][i], decimals)
        for i in range(columns)
    ]
    f["total_equity"] = add("Share capital", "Retained earnings")
    f["total_liabilities_and_equity"] = add("total_liabilities", "total_equity")
    f["revenue"] = draw(10_000, 900_000)
    f["Cost of sales"] = [round(r * rng.uniform(0.5, 1.05), decimals) for r in f["revenue"]]
    f["Other expenses"] = draw(0, 5_000)
    f["net_profit"] = [
        round(f["revenue"][i] - f["Cost of sales"][i] - f["Other expenses"][i], decimals) for i in range(columns)
    ]
    f["net_cash_from_operating"] = draw(-50_000, 90_000)
    f["Net cash from investing activities"] = draw(-50_000, 5_000)
    return f


def _format(value: float | None, style: Style) -> str:
    decimals = style.unit[2]
    if value is None or value == 0:
        return style.blank
    text = f"{abs(value):,.{decimals}f}"
    if value < 0:
        text = {"brackets": f"({text})", "minus": f"-{text}", "fullwidth_minus": f"－{text}"}[style.negative]
    return text.translate(FULL_WIDTH) if style.full_width else text


ZH_TITLES = {"bs": ["资产负债表"], "is": ["利润表", "损益表", "利润及利润分配表"], "cf": ["现金流量表"]}
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
ZH_LINES = {
    "total_current_assets": "流动资产合计",
    "total_assets": "资产总计",
    "total_current_liabilities": "流动负债合计",
    "total_liabilities": "负债合计",
    "total_equity": "所有者权益合计",
    "total_liabilities_and_equity": "负债和所有者权益总计",
    "Cash and cash equivalents": "货币资金",
    "Trade receivables": "应收账款",
    "Inventories": "存货",
    "Property, plant and equipment": "固定资产",
    "Intangible assets": "无形资产",
    "Short-term borrowings": "短期借款",
    "Trade payables": "应付账款",
    "Long-term borrowings": "长期借款",
    "Share capital": "实收资本",
    "Retained earnings": "未分配利润",
    "revenue": "一、营业收入",
    "Cost of sales": "减：营业成本",
    "Other expenses": "管理费用",
    "net_profit": "四、净利润（净亏损以“－”号填列）",
    "net_cash_from_operating": "经营活动产生的现金流量净额",
    "Net cash from investing activities": "投资活动产生的现金流量净额",
}
EN_LINES = {
    "total_current_assets": "Total current assets",
    "total_assets": "Total assets",
    "total_current_liabilities": "Total current liabilities",
    "total_liabilities": "Total liabilities",
    "total_equity": "Total equity",
    "total_liabilities_and_equity": "Total liabilities and equity",
    "revenue": "Revenue",
    "Cost of sales": "Cost of sales",
    "Other expenses": "Administrative expenses",
    "net_profit": "Net income (loss)",
    "net_cash_from_operating": "Net cash provided by (used in) operating activities",
    "Net cash from investing activities": "Net cash used in investing activities",
}
BS_ORDER = [
    "Cash and cash equivalents",
    "Trade receivables",
    "Inventories",
    "total_current_assets",
    "Property, plant and equipment",
    "Intangible assets",
    "total_assets",
    "Short-term borrowings",
    "Trade payables",
    "total_current_liabilities",
    "Long-term borrowings",
    "total_liabilities",
    "Share capital",
    "Retained earnings",
    "total_equity",
    "total_liabilities_and_equity",
]
IS_ORDER = ["revenue", "Cost of sales", "Other expenses", "net_profit"]
CF_ORDER = ["net_cash_from_operating", "Net cash from investing activities"]


class _Writer:
    """Draws statements top to bottom, starting a new page when one is full."""

    def __init__(self, page: Page, style: Style) -> None:
        self.page, self.style, self.y, self.number = page, style, 60.0, 1

    def line(self, x: float, text: str, size: float = 8.0, right: bool = False) -> None:
        (self.page.right if right else self.page.text)(x, self.y, text, size=size)

    def down(self, step: float = 14.0) -> None:
        self.y += step
        if self.y > 790:
            self.new_page()

    def new_page(self) -> None:
        self.page.next_page()
        self.y, self.number = 60.0, self.number + 1


def _label(style: Style, name: str) -> str:
    if style.language == "zh":
        return ZH_LINES[name]
    return EN_LINES.get(name, name)


def _unit_text(style: Style) -> str:
    label = style.unit[0]
    if style.language == "zh":
        return f"单位：人民币{label}" if label != "元" else "单位：元"
    return {
        "units": "",
        "thousands": "(in thousands of dollars)",
        "millions": "(in millions of dollars)",
        "$000s": "($000s)",
        "RMB'000": "(Expressed in RMB'000)",
    }[label]


def _draw_statement(
    w: _Writer,
    rng: random.Random,
    style: Style,
    kind: str,
    title: str,
    columns: list[Period],
    figures: dict[str, list[float]],
    context: str,
    order: list[str],
    page_of: dict[str, int],
) -> None:
    zh = style.language == "zh"
    if (not style.share_pages and w.y > 70) or w.y > 600:
        w.new_page()
    _title_block(w, style, title, kind, context, page_of)
    xs = [400, 500] if len(columns) == 2 else [340, 430, 520]
    w.line(60, "项目" if zh else "")
    if style.notes:
        w.line(262, "附注" if zh else "Notes", right=True)
    for x, column in zip(xs, columns, strict=True):
        w.line(x, column.header, right=True)
    w.down()
    _column_unit_tags(w, style, xs)
    for index, name in enumerate(order):
        if style.split and kind == "bs" and name == "Short-term borrowings":
            _continue_on_next_page(w, style, title, xs, columns)
        w.line(60 if name.startswith("total") or name in CORE else 70, _label(style, name))
        if style.notes and index % 3 == 1:
            w.line(262, f"五、{index}" if zh else str(index + 3), right=True)
        for x, value in zip(xs, figures[name], strict=False):
            w.line(x, _format(value, style), right=True)
        w.down()
    closing = (
        "法定代表人：张伟  主管会计工作负责人：李娜"
        if zh
        else "The accompanying notes are an integral part of these statements."
    )
    w.line(60, closing)
    w.down(30)


def _continue_on_next_page(w: _Writer, style: Style, title: str, xs: list[int], columns: list[Period]) -> None:
    """A statement split over two pages: the title again with （续） / (continued), the header row again."""
    w.new_page()
    w.line(240, title + ("（续）" if style.language == "zh" else " (continued)"), size=11)
    w.down(18)
    for x, column in zip(xs, columns, strict=True):
        w.line(x, column.header, right=True)
    w.down()


def _title_block(w: _Writer, style: Style, title: str, kind: str, context: str, page_of: dict[str, int]) -> None:
    w.line(240, title, size=11)
    page_of[kind] = w.number
    w.down(18)
    if context:
        w.line(230, context)
        w.down()
    if style.unit_place == "title" and _unit_text(style):
        w.line(440 if style.language == "zh" else 60, _unit_text(style))
        w.down()
    if style.unit_place == "except" and style.unit[0] in ("thousands", "millions"):
        w.line(60, f"(in {style.unit[0]} of dollars, except per share amounts)")
        w.down()


EN_COLUMN_TAGS = {"units": "$", "$000s": "$000s", "RMB'000": "RMB'000", "thousands": "$'000", "millions": "$ millions"}


def _column_unit_tags(w: _Writer, style: Style, xs: list[int] | tuple[int, ...]) -> None:
    """The unit printed over every value column (人民币千元, $'000, RMB'000, $)."""
    if style.unit_place != "columns":
        return
    tag = "人民币" + style.unit[0] if style.language == "zh" else EN_COLUMN_TAGS[style.unit[0]]
    for x in xs:
        w.line(x, tag, right=True)
    w.down()


def _draw_two_sided(
    w: _Writer,
    style: Style,
    title: str,
    columns: list[Period],
    figures: dict[str, list[float]],
    page_of: dict[str, int],
) -> None:
    """The classic Chinese layout: assets on the left, liabilities and equity on the right."""
    if w.y > 70:
        w.new_page()
    w.line(250, title, size=11)
    page_of["bs"] = w.number
    w.down(18)
    w.line(250, f"{columns[0].end.year}年{columns[0].end.month}月{columns[0].end.day}日")
    w.down()
    if style.unit_place == "title":
        w.line(440, _unit_text(style))
        w.down()
    _two_sided_rows(w, style, columns, figures)
    for column in columns:
        column.header = "期末余额" if column is columns[0] else "年初余额"


def _two_sided_rows(w: _Writer, style: Style, columns: list[Period], figures: dict[str, list[float]]) -> None:
    w.line(40, "资产")
    w.line(300, "负债和所有者权益")
    for x, column in zip([210, 275, 480, 550], columns * 2, strict=False):
        w.line(x, "期末余额" if column is columns[0] else "年初余额", right=True)
    w.down()
    _column_unit_tags(w, style, (210, 275, 480, 550))
    left = BS_ORDER[:7]
    right = BS_ORDER[7:]
    for row in range(max(len(left), len(right))):
        for names, x_label, xs in ((left, 40, (210, 275)), (right, 300, (480, 550))):
            if row < len(names):
                w.page.text(x_label, w.y, _label(style, names[row]), size=7.5)
                for x, value in zip(xs, figures[names[row]], strict=False):
                    w.page.right(x, w.y, _format(value, style), size=7.5)
        w.down()
    w.line(40, "法定代表人：张伟")
    w.down(30)


def make_variant(seed: int, folder: Path) -> Path:
    """Write variant ``seed`` (PDF and truth) into ``folder``; return the PDF's path."""
    rng = random.Random(seed)
    style = _choose_style(rng)
    kind, balances, flows, weeks = _periods(rng, style.language)
    context = _headers(rng, style, kind, balances, flows) if not weeks else ""
    if weeks:
        _headers(rng, style, "annual", balances, flows)
        context = "For the 52 weeks ended " + " and ".join(f"{p.end:%B} {p.end.day}, {p.end.year}" for p in flows)
    path = folder / f"variant_{seed:04d}.pdf"
    page = Page(path)
    w = _Writer(page, style)
    zh = style.language == "zh"
    report = {"annual": "年度报告", "half": "半年度报告", "nine": "第三季度报告", "week52": "年度报告"}[kind]
    w.line(
        150,
        f"示例科技股份有限公司 {flows[0].end.year} 年{report}"
        if zh
        else f"Example Holdings Inc. {'Interim Report' if kind in ('half', 'nine') else 'Annual Report'} {flows[0].end.year}",
        size=12,
    )
    w.down(20)
    if style.unit_place == "preamble":
        w.line(
            60,
            f"除特别注明外，金额单位为人民币{style.unit[0]}"
            if zh
            else f"All amounts are in {style.unit[0] if style.unit[0] in ('thousands', 'millions') else 'thousands'} of dollars unless otherwise stated.",
        )
        if not zh and style.unit[0] not in ("thousands", "millions"):
            style.unit = ("thousands", 1_000, 0)
        w.down(30)
    figures = _figures(rng, style.unit[2], max(len(balances), len(flows)))
    prefix = "合并" if zh else "Consolidated "
    titles = ZH_TITLES if zh else EN_TITLES
    page_of: dict[str, int] = {}
    bs_title = prefix + rng.choice(titles["bs"])
    bs_context = f"{balances[0].end.year}年{balances[0].end.month}月{balances[0].end.day}日" if zh else ""
    if style.two_sided and len(balances) == 2:
        _draw_two_sided(w, style, bs_title, balances, figures, page_of)
    else:
        _draw_statement(w, rng, style, "bs", bs_title, balances, figures, bs_context, BS_ORDER, page_of)
    _draw_statement(w, rng, style, "is", prefix + rng.choice(titles["is"]), flows, figures, context, IS_ORDER, page_of)
    _draw_statement(w, rng, style, "cf", prefix + rng.choice(titles["cf"]), flows, figures, context, CF_ORDER, page_of)
    if style.parent_too:
        parent = {k: [round(v * 0.6, style.unit[2]) for v in vs] for k, vs in figures.items()}
        parent_title = ("母公司" if zh else "Company ") + rng.choice(titles["bs"])
        _draw_statement(w, rng, style, "pbs", parent_title, balances, parent, bs_context, BS_ORDER, page_of)
    page.save()
    truth = _truth(style, balances, flows, figures, page_of, seed)
    path.with_suffix("").with_suffix(".truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return path


def _truth(
    style: Style,
    balances: list[Period],
    flows: list[Period],
    figures: dict[str, list[float]],
    page_of: dict[str, int],
    seed: int,
) -> dict[str, object]:
    multiplier = style.unit[1]
    values: dict[str, object] = {}
    for item in CORE:
        columns = flows if item in ("revenue", "net_profit", "net_cash_from_operating") else balances
        cells = {}
        for period, printed in zip(columns, figures[item], strict=False):
            cells[period.key] = {"printed": _format(printed, style), "value": round(printed * multiplier, 2)}
        values[item] = {"values": cells}
    ends: dict[str, object] = {p.key: {"type": "balance_at", "date": p.end.isoformat()} for p in balances}
    ends |= {
        p.key: {"type": "flow", "start": p.start.isoformat() if p.start else None, "end": p.end.isoformat()}
        for p in flows
    }
    return {
        "document": f"generated layout variant {seed}",
        "language": style.language,
        "currency": "CNY" if style.language == "zh" else "USD",
        "unit_as_printed": style.unit[0],
        "multiplier_to_whole_units": multiplier,
        "statement_pages": page_of,
        "period_end_dates": ends,
        "values": values,
        "style": style.__dict__ | {"unit": list(style.unit)},
    }


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
