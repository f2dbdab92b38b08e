"""Units, currencies and period columns as statements print them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

UNIT_SCALES: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "百万元": Decimal(1_000_000),
    "亿元": Decimal(100_000_000),
    "thousands": Decimal(1_000),
    "millions": Decimal(1_000_000),
    "units": Decimal(1),
}

_ZH_UNIT = re.compile(r"(?:单位|金额单位|货币单位)\s*[:：]?\s*(?:人民币|港币|美元)?\s*(百万元|千元|万元|亿元|元)")
_EN_THOUSANDS = re.compile(r"in thousands|'000|’000|\(thousands\)|thousands of|in \w{3} thousands|\b000s\b", re.I)
_EN_MILLIONS = re.compile(r"in millions|\bmillions of|\b(?:rmb|usd|hkd|us\$|hk\$)\s?(?:m|mn|million)\b", re.I)
_CURRENCIES = (
    ("USD", re.compile(r"\bUSD\b|US\$|美元|U\.S\. dollars", re.I)),
    ("HKD", re.compile(r"\bHKD\b|HK\$|港币|港元", re.I)),
    ("EUR", re.compile(r"\bEUR\b|€|欧元", re.I)),
    ("CNY", re.compile(r"\bRMB\b|\bCNY\b|人民币|renminbi", re.I)),
)

_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ZH_YEAR = re.compile(r"(\d{4})\s*年\s*度")
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NAME = r"(" + "|".join(f"{m[:3]}(?:{m[3:]})?" for m in _MONTHS) + r")\.?"
_EN_DATE_DMY = re.compile(r"\b(\d{1,2})\s+" + _MONTH_NAME + r"\s*,?\s+(\d{4})\b", re.I)
_EN_DATE_MDY = re.compile(r"\b" + _MONTH_NAME + r"\s+(\d{1,2})\s*,?\s+(\d{4})\b", re.I)
_YEAR = re.compile(
    r"^(?:fy\s?|year\s|financial year\s)?(19[89]\d|20\d\d)(?:年)?(?:\s*(?:rmb|cny|usd|hkd|人民币|元|rmb'000|'000))?$",
    re.I,
)

# Column headings that name a period relative to the statement date.
CURRENT_COLUMN = re.compile(
    r"期末|本期|本年|年末余额|期末数|期末金额|current (?:year|period)|this (?:year|period)", re.I
)
PRIOR_COLUMN = re.compile(r"期初|上期|上年|年初|prior (?:year|period)|previous (?:year|period)|last year", re.I)


@dataclass(frozen=True)
class Unit:
    """A printed unit: its label and how many currency units one printed unit is."""

    label: str
    scale: Decimal


def detect_unit(text: str) -> Unit | None:
    """The unit a statement's header declares, if it declares one."""
    match = _ZH_UNIT.search(text)
    if match:
        return Unit(match.group(1), UNIT_SCALES[match.group(1)])
    if _EN_MILLIONS.search(text):
        return Unit("millions", UNIT_SCALES["millions"])
    if _EN_THOUSANDS.search(text):
        return Unit("thousands", UNIT_SCALES["thousands"])
    return None


def detect_currency(text: str) -> str | None:
    """The ISO currency the text names first (RMB/人民币 → CNY), if any."""
    hits = [(m.start(), code) for code, pattern in _CURRENCIES if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return [m[:3] for m in _MONTHS].index(name[:3].lower()) + 1


def find_dates(text: str) -> list[date]:
    """Every full date printed in the text, in reading order."""
    found: list[tuple[int, date | None]] = []
    for m in _ZH_DATE.finditer(text):
        found.append((m.start(), _safe_date(int(m[1]), int(m[2]), int(m[3]))))
    for m in _ISO_DATE.finditer(text):
        found.append((m.start(), _safe_date(int(m[1]), int(m[2]), int(m[3]))))
    for m in _EN_DATE_DMY.finditer(text):
        found.append((m.start(), _safe_date(int(m[3]), _month(m[2]), int(m[1]))))
    for m in _EN_DATE_MDY.finditer(text):
        found.append((m.start(), _safe_date(int(m[3]), _month(m[1]), int(m[2]))))
    for m in _ZH_YEAR.finditer(text):
        found.append((m.start(), date(int(m[1]), 12, 31)))
    return [d for _, d in sorted(found, key=lambda pair: pair[0]) if d is not None]


def column_date(heading: str, statement_date: date | None, balance_sheet: bool) -> date | None:
    """The period end a column heading stands for.

    A date or a year is taken as printed (a bare year means its 31 December). 期末/本期 mean
    the statement date; 期初/上年年末 mean the previous year end on a balance sheet and the
    same date a year earlier on an income or cash-flow statement.
    """
    dates = find_dates(heading)
    if dates:
        return dates[0]
    year = _YEAR.match(heading.strip())
    if year:
        return date(int(year.group(1)), 12, 31)
    if statement_date is None:
        return None
    if PRIOR_COLUMN.search(heading):
        if balance_sheet:
            return date(statement_date.year - 1, 12, 31)
        return _year_earlier(statement_date)
    if CURRENT_COLUMN.search(heading):
        return statement_date
    return None


def _year_earlier(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)
