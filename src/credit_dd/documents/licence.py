"""Business licence (营业执照) fields read from its text."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel

from credit_dd.documents.periods import find_dates

_FIELDS = {
    # A name runs to the end of its field: single spaces belong to it ("Riverside Components Ltd").
    "name": re.compile(
        r"(?:名\s*称|企业名称|company\s*name|name\s*of\s*(?:the\s*)?company)\s*[:：]?\s*(\S+(?: (?=[A-Za-z(&])\S+)*)",
        re.I,
    ),
    "unified_social_credit_code": re.compile(r"统一社会信用代码\s*[:：]?\s*([0-9A-HJ-NPQRTUWXY]{18})"),
    "legal_representative": re.compile(r"法定代表人\s*[:：]?\s*(\S+)"),
}
_ESTABLISHED = re.compile(r"成立日期\s*[:：]?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2})")
_TERM = re.compile(r"营业期限\s*[:：]?\s*(.+)")
_CAPITAL = re.compile(
    r"注册资本\s*[:：]?\s*(?:人民币)?\s*([0-9,，.]+|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(亿|万)?\s*元"
)
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {c: i for i, c in enumerate("〇壹贰叁肆伍陆柒捌玖")}
_DIGITS["两"] = 2
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


def chinese_number(text: str) -> int | None:
    """``壹仟万`` → 10000000, ``一百二十`` → 120; ``None`` for anything else."""
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        elif ch == "亿":
            total = (total + section + digit) * _LARGE_UNITS[ch]
            section = digit = 0
        elif ch == "万":
            total += (section + digit) * _LARGE_UNITS[ch]
            section = digit = 0
        else:
            return None
    return total + section + digit


def _capital(match: re.Match[str]) -> float | None:
    figure, scale = match.group(1).replace(",", "").replace("，", ""), match.group(2)
    if re.fullmatch(r"\d+(?:\.\d+)?", figure):
        value: float | None = float(figure)
    else:
        number = chinese_number(figure)
        value = float(number) if number is not None else None
    if value is None:
        return None
    return value * {"亿": 1e8, "万": 1e4}.get(scale or "", 1.0)


class BusinessLicence(BaseModel):
    """What a business licence states."""

    name: str | None = None
    unified_social_credit_code: str | None = None
    legal_representative: str | None = None
    established_on: date | None = None
    term_start: date | None = None
    term_end: date | None = None
    term_unlimited: bool = False
    registered_capital: float | None = None  # yuan


def extract_licence(text: str) -> BusinessLicence:
    """Read the licence fields printed in ``text``; absent fields stay ``None``."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])", "", text)
    found: dict[str, object] = {}
    for name, pattern in _FIELDS.items():
        match = pattern.search(text)
        if match:
            found[name] = match.group(1).strip()
    established = _ESTABLISHED.search(text)
    if established:
        dates = find_dates(established.group(1))
        found["established_on"] = dates[0] if dates else None
    capital = _CAPITAL.search(text)
    if capital:
        found["registered_capital"] = _capital(capital)
    term = _TERM.search(text)
    if term:
        dates = find_dates(term.group(1))
        found["term_unlimited"] = "长期" in term.group(1) or "永久" in term.group(1)
        if dates:
            found["term_start"] = dates[0]
        if len(dates) > 1:
            found["term_end"] = dates[-1]
    return BusinessLicence.model_validate(found)
