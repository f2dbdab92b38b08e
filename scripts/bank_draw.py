"""Drawing one generated bank statement (``bank_variants.py``): its words, its layout, its figures."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sample_pdf import Page

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
MONTHS += ["November", "December"]
DATE_FORMATS: dict[str, tuple[str, Callable[[date], str]]] = {
    "iso": ("any", lambda d: d.isoformat()),
    "slash_ymd": ("any", lambda d: f"{d:%Y/%m/%d}"),
    "dmy": ("en", lambda d: f"{d:%d/%m/%Y}"),
    "mdy": ("en", lambda d: f"{d:%m/%d/%Y}"),
    "dmy_dash": ("en", lambda d: f"{d:%d-%m-%Y}"),
    "d_mon_y": ("en", lambda d: f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"),
    "d_month": ("en", lambda d: f"{d.day} {MONTHS[d.month - 1]}"),
    "mon_d": ("en", lambda d: f"{MONTHS[d.month - 1][:3]} {d.day}"),
    "zh": ("zh", lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日"),
    "compact": ("zh", lambda d: f"{d:%Y%m%d}"),
}
HEADERS = {
    "en": {
        "date": ["Date", "Posting date", "Trans. date"],
        "description": ["Description", "Details", "Particulars", "Transaction details", "Narrative"],
        "out": ["Money out", "Paid out", "Withdrawals", "Debits", "Debit", "Payments", "Out", "Spent"],
        "in": ["Money in", "Paid in", "Deposits", "Credits", "Credit", "Receipts", "In", "Received"],
        "signed": ["Amount", "Transaction amount", "Amount ({code})"],
        "balance": ["Balance", "Running balance", "Balance ({code})"],
    },
    "zh": {
        "date": ["交易日期", "日期", "记账日期"],
        "description": ["摘要", "用途", "交易摘要"],
        "counterparty": ["对方户名", "对方账户名称"],
        "out": ["支出", "借方发生额", "借方金额", "付出金额"],
        "in": ["收入", "贷方发生额", "贷方金额", "存入金额"],
        "signed": ["交易金额", "发生额"],
        "balance": ["余额", "账户余额", "联机余额"],
    },
}
SUMMARY = {
    "en": {
        "opening": ["Opening balance", "Balance at {start}", "Previous balance", "Beginning balance"],
        "in": ["Total money in", "Total paid in", "Total deposits", "Total credits", "Total in"],
        "out": ["Total money out", "Total paid out", "Total withdrawals", "Total debits", "Total out"],
        "closing": ["Closing balance", "Balance at {end}", "New balance", "Ending balance"],
        "forward": ["Balance brought forward"],
        "carried": ["Balance carried forward"],
        "total": ["Total", "Totals"],
    },
    "zh": {
        "opening": ["期初余额", "上期余额"],
        "in": ["本期收入合计", "贷方发生额合计", "收入合计", "存入合计"],
        "out": ["本期支出合计", "借方发生额合计", "支出合计", "支取合计"],
        "closing": ["期末余额", "本期余额"],
        "forward": ["承前余额"],
        "carried": ["期末余额"],
        "total": ["合计", "本期合计"],
    },
}
SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "SGD": "S$", "HKD": "HK$", "CNY": "¥"}
WIDTHS = {"date": 72, "description": 150, "counterparty": 105, "out": 72, "in": 72, "signed": 80, "balance": 82}
NARROW = {"date": 70, "description": 95, "counterparty": 100, "out": 68, "in": 68, "signed": 75, "balance": 75}


def amount_text(value: float, style: Any, signed: bool = False) -> str:
    """A figure as this statement prints it: separators, currency sign, how money out is marked."""
    body = f"{abs(value):,.2f}"
    if style.decimal_comma:
        body = body.replace(",", "_").replace(".", ",").replace("_", ".")
    if style.symbol_on_amounts:
        body = SYMBOLS[style.currency] + body
    if value >= 0 or not signed:
        return body
    return {"minus": f"-{body}", "brackets": f"({body})", "trailing": f"{body}-"}[style.negative]


def _roles(style: Any) -> list[str]:
    money = ["out", "in"] if style.out_first else ["in", "out"]
    roles = ["date", "description"] + (["counterparty"] if style.counterparty else [])
    return roles + (money if style.money == "two" else ["signed"]) + (["balance"] if style.balance else [])


class _Sheet:
    """The statement being drawn: page, columns and the current line."""

    def __init__(self, path: Path, style: Any, rng: random.Random) -> None:
        self.page, self.style, self.rng = Page(path, "Core banking e-statement"), style, rng
        self.font = None if style.language == "zh" else "Helvetica"
        self.roles = _roles(style)
        words = HEADERS[style.language]
        self.heads = {r: rng.choice(words[r]).format(code=style.currency) for r in self.roles}
        self.words = {k: rng.choice(v) for k, v in SUMMARY[style.language].items()}
        widths = NARROW if style.counterparty else WIDTHS
        self.x, x = {}, 40.0
        for role in self.roles:
            self.x[role] = (x, x + widths[role])
            x += widths[role] + 6
        self.y = 50.0

    def text(self, x: float, s: str, size: float = 8.0, right: bool = False) -> None:
        (self.page.right if right else self.page.text)(x, self.y, s, size, self.font)

    def cell(self, role: str, s: str) -> None:
        left, right = self.x[role]
        if role in ("out", "in", "signed", "balance"):
            self.text(right, s, 7.5, right=True)
        else:
            self.text(left + 1, s, 7.5)

    def header(self) -> None:
        stacked = {r: h.split(" ", 1) for r, h in self.heads.items() if self.style.stacked and " " in h}
        for role, head in self.heads.items():
            self.cell(role, stacked[role][0] if role in stacked else head)
        if stacked:
            self.y += 9
            for role, parts in stacked.items():
                self.cell(role, parts[1])
        self.page.hline(40, self.x[self.roles[-1]][1], self.y + 4)
        self.y += 15


def _title_block(sheet: _Sheet, rows: list[Any], printed: dict[str, float]) -> None:
    zh, style = sheet.style.language == "zh", sheet.style
    sheet.text(40, "示例银行 账户交易明细" if zh else "Example Bank — Account statement", 12)
    sheet.y += 18
    sheet.text(
        40, "户名：示例机械有限公司   账号：6222 0210 0000 1234" if zh else "Account holder: Mr A Sample   No. 1234"
    )
    sheet.y += 13
    currency = {"CNY": "人民币", "USD": "美元"}.get(style.currency, style.currency) if zh else style.currency
    first, last = rows[0].day.replace(day=1), rows[-1].day
    period = (
        f"起止日期：{first.year}年{first.month:02d}月{first.day:02d}日 至 {last.year}年{last.month:02d}月{last.day:02d}日"
        if zh
        else f"Statement period: {first.day} {MONTHS[first.month - 1]} {first.year} to {last.day} {MONTHS[last.month - 1]} {last.year}"
    )
    sheet.text(
        40, f"{period}    {'币种' if zh else 'Currency'}：{currency}" if zh else f"{period}    Currency: {currency}"
    )
    sheet.y += 20
    if style.summary == "top":
        _summary_box(sheet, rows, printed)
    elif style.summary == "bottom" or not style.balance:
        _summary_line(sheet, "opening", printed["opening"], rows)


def _label(sheet: _Sheet, key: str, rows: list[Any]) -> str:
    first, last = rows[0].day.replace(day=1), rows[-1].day
    return sheet.words[key].format(
        start=f"{first.day} {MONTHS[first.month - 1]} {first.year}",
        end=f"{last.day} {MONTHS[last.month - 1]} {last.year}",
    )


def _summary_line(sheet: _Sheet, key: str, value: float, rows: list[Any]) -> None:
    colon = "：" if sheet.style.language == "zh" else ":"
    sheet.text(40, f"{_label(sheet, key, rows)}{colon}")
    sheet.text(300, amount_text(value, sheet.style, signed=True), right=True)
    sheet.y += 12


def _summary_box(sheet: _Sheet, rows: list[Any], printed: dict[str, float]) -> None:
    sheet.text(40, "账户汇总" if sheet.style.language == "zh" else "Your account summary", 9)
    sheet.y += 14
    for key in ("opening", "in", "out", "closing"):
        _summary_line(sheet, key, printed[key], rows)
    sheet.y += 10


def _row(sheet: _Sheet, row: Any) -> None:
    style = sheet.style
    sheet.cell("date", DATE_FORMATS[style.date_format][1](row.day))
    sheet.cell("description", row.description)
    if style.counterparty:
        sheet.cell("counterparty", row.counterparty)
    if style.money == "two":
        sheet.cell("in" if row.amount > 0 else "out", amount_text(row.amount, style))
    elif style.money == "signed":
        sheet.cell("signed", amount_text(row.amount, style, signed=True))
    else:
        mark = "CR" if row.amount > 0 else "DR"
        sheet.cell("signed", amount_text(row.amount, style) + (" " if sheet.rng.random() < 0.5 else "") + mark)
    if style.balance:
        sheet.cell("balance", amount_text(row.balance, style, signed=True))
    sheet.y += 13


def _balance_row(sheet: _Sheet, key: str, value: float, rows: list[Any]) -> None:
    sheet.cell("description", _label(sheet, key, rows))
    sheet.cell("balance", amount_text(value, sheet.style, signed=True))
    sheet.y += 13


def _bottom(sheet: _Sheet, rows: list[Any], printed: dict[str, float]) -> None:
    style = sheet.style
    if style.summary == "forward":
        _balance_row(sheet, "carried", printed["closing"], rows)
        return
    if style.summary == "bottom" and style.money == "two":
        sheet.cell("description", sheet.words["total"])
        sheet.cell("in", amount_text(printed["in"], style))
        sheet.cell("out", amount_text(printed["out"], style))
        sheet.y += 16
    elif style.summary == "bottom":
        sheet.y += 4
        _summary_line(sheet, "in", printed["in"], rows)
        _summary_line(sheet, "out", printed["out"], rows)
    if style.summary == "bottom" or not style.balance:
        _summary_line(sheet, "closing", printed["closing"], rows)


def draw_statement(path: Path, style: Any, rows: list[Any], printed: dict[str, float], rng: random.Random) -> None:
    """Draw the statement: title block, summary, header, rows over one or two pages, bottom lines."""
    sheet = _Sheet(path, style, rng)
    _title_block(sheet, rows, printed)
    sheet.header()
    if style.summary == "forward":
        _balance_row(sheet, "forward", printed["opening"], rows)
    for row in rows:
        if sheet.y > 780:
            sheet.text(300, "Page 1 of 2" if style.language == "en" else "第 1 页 共 2 页", 7)
            sheet.page.next_page()
            sheet.y = 60.0
            sheet.header()
        _row(sheet, row)
    _bottom(sheet, rows, printed)
    sheet.page.next_page()
    sheet.page.save()
