"""Units, currencies and period columns as statements print them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from credit_dd.documents.labels import simplified

UNIT_SCALES: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "lakhs": Decimal(100_000),
    "crores": Decimal(10_000_000),
    "百万元": Decimal(1_000_000),
    "仟元": Decimal(1_000),
    "亿元": Decimal(100_000_000),
    "thousands": Decimal(1_000),
    "millions": Decimal(1_000_000),
    "billions": Decimal(1_000_000_000),
    "units": Decimal(1),
}

_ZH_UNIT = re.compile(r"(?:(?<!编制)单位|金额单位|货币单位)[^\n]{0,16}?(百万元|千元|仟元|万元|亿元|元)")
# 人民币千元 printed over the columns, without 单位; 人民币元 alone on its line (not in a sentence)
_ZH_CURRENCY_UNIT = re.compile(
    r"(?:人民币|港币|美元|新台币)\s*(百万元|千元|仟元|万元|亿元)|^\s*(?:人民币|港币|新台币)\s*(元)\s*$", re.M
)
# English units, matched on text with its spaces removed (some PDFs lose them: "(millionsofCanadiandollars)").
_EN_THOUSANDS = re.compile(
    r"inthousands|thousandsof|\(thousands\)|(?<!\d)[$£€]?['’]000(?![\d'’])|\$000s?|\b000s\b|in\w{3}thousands|\(000\)|千元",
    re.I,
)
_EN_MILLIONS = re.compile(
    r"inmillions|millionsof|\(millions\)|\$millions|\b(?:rmb|usd|hkd|us\$|hk\$|cad|c\$|gbp|eur|[$£€])(?:m|mn|million)\b",
    re.I,
)
# £m, US$m, $ millions, €'000 over the columns: a currency sign or code and the scale, as one heading.
_MONEY_SIGN = r"(?<![A-Za-z\d])(?:US\$|HK\$|S\$|C\$|A\$|NT\$|RMB|USD|HKD|GBP|EUR|SGD|CAD|AUD|JPY|INR|[$£€¥₹])\s?"
# India's scales: ₹ in lakhs (10^5), INR crores (10^7); a rupee sign may extract as a backtick.
_INDIAN = re.compile(r"(?:\b(?:inr|rs\.?)|[₹`]|\bin)\s*(?:in\s+)?(lakhs?|lacs?|crores?)\b", re.I)
# (Millions, except per share amounts), (Thousands of dollars): a scale opening a bracketed heading.
_BRACKETED_SCALE = re.compile(r"\(\s*(?:dollars\s+|amounts\s+)?(?:in\s+)?(millions|thousands|billions)\b", re.I)
_SYMBOL_MILLIONS = re.compile(_MONEY_SIGN + r"(?:m|mn|mln|million|millions)(?![A-Za-z\d])")
_SYMBOL_THOUSANDS = re.compile(_MONEY_SIGN + r"(?:k|000|'000|’000|thousands?)(?![A-Za-z\d'’])")
_EN_BILLIONS = re.compile(r"inbillions|billionsof|\(billions\)", re.I)
_WHOLE_UNITS = re.compile(
    r"^(?:[$£€¥￥]|s\$|c\$|us\$|hk\$|rmb|cny|usd|gbp|eur|hkd|sgd|cad|(?:人民币|新台币|港币|美金)?元)$", re.I
)
_PREAMBLE = re.compile(
    r"除特别注明外|除另有注明外|除另有说明外|unless\s*otherwise\s*(?:stated|indicated|noted|specified)", re.I
)
_CURRENCIES = (
    ("USD", re.compile(r"\bUSD\b|US\$|美元|U\.S\.\s*dollars", re.I)),
    ("HKD", re.compile(r"\bHKD\b|HK\$|港币|港元", re.I)),
    ("EUR", re.compile(r"\bEUR\b|€|欧元", re.I)),
    ("CNY", re.compile(r"\bRMB\b|\bCNY\b|人民币|renminbi", re.I)),
    ("TWD", re.compile(r"\bTWD\b|NT\$|新台币", re.I)),  # matched on simplified text (新台幣 → 新台币)
    ("JPY", re.compile(r"\bJPY\b|日元|日圆|円|\byen\b", re.I)),
    ("INR", re.compile(r"\bINR\b|₹|\brupees?\b", re.I)),
    ("CAD", re.compile(r"\bCAD\b|C\$|canadian\s*(?:dollars|\$)", re.I)),
    ("GBP", re.compile(r"\bGBP\b|£|pounds?\s*sterling", re.I)),
    ("SGD", re.compile(r"\bSGD\b|S\$|singapore\s*dollars", re.I)),
)

# Years as printed in Chinese: 2024, or the Republic of China's 113 (民國113年 = 2024, Taiwan filings).
_ZH_YEAR_NUMBER = r"(\d{4}|1\d\d)"
_NOT_A_START = r"(?!\s*(?:至|到|起至|－|—|-|~|～)\s*\d{1,2}\s*月)"  # 1月1日至12月31日: a start whose end follows
_ZH_DATE = re.compile(_ZH_YEAR_NUMBER + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日" + _NOT_A_START)
# 2024年1月1日至12月31日, 113年及112年1月1日至12月31日: periods ending on the second date, in each year.
_ZH_SPAN = re.compile(
    _ZH_YEAR_NUMBER
    + r"\s*年\s*(?:(?:及|和|与|與)\s*"
    + _ZH_YEAR_NUMBER
    + r"\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:至|到|起至|－|—|-|~|～)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
# 民國 113 年及 112 年 12 月 31 日: two years sharing a month and day.
_ZH_TWO_YEARS = re.compile(
    _ZH_YEAR_NUMBER
    + r"\s*年\s*(?:及|和|与|與)\s*"
    + _ZH_YEAR_NUMBER
    + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    + _NOT_A_START
)
# 2020 年 1—12 月, 2023年1至3月, 2025年1-9月: a flow period's months within one year.
_ZH_MONTH_RANGE = re.compile(_ZH_YEAR_NUMBER + r"\s*年\s*(?:度\s*)?(\d{1,2})\s*[-—–~～至到]+\s*(\d{1,2})\s*月")
_ZH_YEAR = re.compile(_ZH_YEAR_NUMBER + r"\s*年\s*度")


def western_year(printed: str) -> int:
    """A printed Chinese year as the Gregorian one: 民國 years (three digits) are 1911 years on."""
    year = int(printed)
    return year + 1911 if year < 1000 else year


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
_EN_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r"\s*,?\s+(\d{4})\b", re.I)
_EN_DATE_MDY = re.compile(r"\b" + _MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})\b", re.I)
_YEAR = re.compile(
    r"^(?:fy\s?|year\s|financial year\s)?(19[89]\d|20\d\d)(?:年)?(?:\s*(?:rmb|cny|usd|hkd|人民币|元|rmb'000|'000))?$",
    re.I,
)

# Column headings that name a period relative to the statement date.
CURRENT_COLUMN = re.compile(
    r"期末|本期|本年|本月|年末余额|期末数|期末金额|本报告期|current\s*(?:year|period|month)|this\s*(?:year|period|month)"
    r"|期未(?:余额|数|金额)",  # OCR's commonest slip on these words: 末 read as 未 (no header says 期未)
    re.I,
)
PRIOR_COLUMN = re.compile(
    r"期初|上期|上年|年初|同期|prior\s*(?:year|period)|previous\s*(?:year|period)|last\s*year|comparative", re.I
)
# 上年同期 on a balance sheet (rare) is the same date a year earlier, not the year end.
PRIOR_SAME_DATE = re.compile(r"同期")
RELATIVE_COLUMN = re.compile(CURRENT_COLUMN.pattern + "|" + PRIOR_COLUMN.pattern, re.I)


@dataclass(frozen=True)
class Unit:
    """A printed unit: its label and how many currency units one printed unit is."""

    label: str
    scale: Decimal


def detect_unit(text: str) -> Unit | None:
    """The unit a text declares, if it declares one (单位：万元, 單位：新台幣仟元, (in thousands), RMB'000, $ millions)."""
    text = simplified(text)
    match = _ZH_UNIT.search(text) or _ZH_CURRENCY_UNIT.search(text)
    if match:
        label = next(group for group in match.groups() if group)
        return Unit(label, UNIT_SCALES[label])
    if indian := _INDIAN.search(text):
        return Unit(
            "crores" if indian.group(1).lower().startswith("cr") else "lakhs",
            UNIT_SCALES["crores" if indian.group(1).lower().startswith("cr") else "lakhs"],
        )
    if bracketed := _BRACKETED_SCALE.search(text):
        return Unit(bracketed.group(1).lower(), UNIT_SCALES[bracketed.group(1).lower()])
    for pattern, label in ((_SYMBOL_MILLIONS, "millions"), (_SYMBOL_THOUSANDS, "thousands")):
        if pattern.search(text):
            return Unit(label, UNIT_SCALES[label])
    squashed = re.sub(r"\s+", "", text)
    for pattern, label in ((_EN_BILLIONS, "billions"), (_EN_MILLIONS, "millions"), (_EN_THOUSANDS, "thousands")):
        if pattern.search(squashed):
            return Unit(label, UNIT_SCALES[label])
    return None


def declares_whole_units(column_labels: list[str]) -> bool:
    """Columns headed by a bare currency (``£``, ``RMB``, ``元``): figures in whole currency units."""
    return any(_WHOLE_UNITS.match(part) for label in column_labels for part in simplified(label).split())


def preamble_unit(text: str) -> Unit | None:
    """A unit the report declares once for all its figures (除特别注明外，金额单位为人民币百万元)."""
    found = None
    text = simplified(text)
    for match in _PREAMBLE.finditer(text):
        found = detect_unit(text[max(0, match.start() - 80) : match.end() + 40]) or found
    return found


def detect_currency(text: str) -> str | None:
    """The ISO currency the text names first (RMB/人民币 → CNY), if any."""
    text = simplified(text)  # 港幣 reads as 港币
    hits = [(m.start(), code) for code, pattern in _CURRENCIES if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date | None:
    """The last day of a month (None for a month that does not exist)."""
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1) + relativedelta(day=31)


def _month(name: str) -> int:
    return [m[:3] for m in _MONTHS].index(name[:3].lower()) + 1


_CN_NUMERAL = re.compile(r"[〇零一二三四五六七八九十]+(?=\s*[年月日])")
_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
# 113.12.31: a 民國 date with dots (the year's three digits tell it from a decimal)
_ROC_DOTTED = re.compile(r"(?<![\d.])(1\d\d)\.(\d{1,2})\.(\d{1,2})(?![\d.])")


def _cn_number(numeral: str) -> str:
    """一一三 → 113, 二〇二四 → 2024 (digit by digit); 十二 → 12, 三十一 → 31 (with tens)."""
    if "十" not in numeral:
        return "".join(str(_CN_DIGITS[ch]) for ch in numeral)
    tens, _, units = numeral.partition("十")
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0))


# 至 1 2 月 3 1 日: a justified header spaces a number's digits apart before 年 / 月 / 日
_SPACED_DIGITS = re.compile(r"(?<!\d)\d(?: \d){1,3}(?=\s*[年月日])")


def arabic_dates(text: str) -> str:
    """Dates written in Chinese numerals as digits (民國一一三年十二月三十一日 → 民國113年12月31日), and
    digits spaced apart as one number (1 2 月 3 1 日 → 12月31日)."""
    text = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _CN_NUMERAL.sub(lambda m: _cn_number(m.group(0)), text)


def find_dates(text: str) -> list[date]:
    """Every full date printed in the text, in reading order."""
    text = arabic_dates(text)
    found: list[tuple[int, date | None]] = []
    for m in _ROC_DOTTED.finditer(text):
        found.append((m.start(), _safe_date(western_year(m[1]), int(m[2]), int(m[3]))))
    for m in _ZH_DATE.finditer(text):
        found.append((m.start(), _safe_date(western_year(m[1]), int(m[2]), int(m[3]))))
    for m in _ZH_TWO_YEARS.finditer(text):
        found.append((m.start(), _safe_date(western_year(m[1]), int(m[3]), int(m[4]))))
    for m in _ZH_SPAN.finditer(text):
        found += [(m.start(), _safe_date(western_year(y), int(m[3]), int(m[4]))) for y in (m[1], m[2]) if y]
    for m in _ISO_DATE.finditer(text):
        found.append((m.start(), _safe_date(int(m[1]), int(m[2]), int(m[3]))))
    for m in _EN_DATE_DMY.finditer(text):
        found.append((m.start(), _safe_date(int(m[3]), _month(m[2]), int(m[1]))))
    for m in _EN_DATE_MDY.finditer(text):
        found.append((m.start(), _safe_date(int(m[3]), _month(m[1]), int(m[2]))))
    for m in _ZH_MONTH_RANGE.finditer(text):
        found.append((m.start(), month_end(western_year(m[1]), int(m[3]))))
    for m in _ZH_YEAR.finditer(text):
        found.append((m.start(), date(western_year(m[1]), 12, 31)))
    return [d for _, d in sorted(found, key=lambda pair: pair[0]) if d is not None]


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where the text prints dates or years (113 年 12 月 31 日, 2024年度, December 31, 2024), as (start, end)."""
    found = sorted(
        (m.start(), m.end())
        for pattern in (_ZH_DATE, _ZH_MONTH_RANGE, _ZH_YEAR, _EN_DATE_DMY, _EN_DATE_MDY, _ROC_DOTTED)
        for m in pattern.finditer(text)
    )
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def column_date(heading: str, statement_date: date | None, balance_sheet: bool) -> date | None:
    """The period end a column heading stands for.

    A date or a year is taken as printed (a bare year means its 31 December). 期末/本期 mean
    the statement date; 期初/上年年末 mean the previous year end on a balance sheet and the
    same date a year earlier on an income or cash-flow statement.
    """
    year = _YEAR.match(heading.strip())
    if year:
        return date(int(year.group(1)), 12, 31)
    return column_end(heading, statement_date, balance_sheet, None)


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_earlier(day: date) -> date:
    """The same day a year before (29 February → 28 February)."""
    if (day.month, day.day) == (2, 29):
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


@dataclass(frozen=True)
class Span:
    """What a value column covers: a balance at ``end``, or a flow from ``start`` to ``end``."""

    end: date
    start: date | None = None


_MONTH_DAY_EN = re.compile(r"\b" + _MONTH_NAME + r"\s+(\d{1,2})\b(?!\s*,?\s*\d{4})", re.I)
_DAY_MONTH_EN = re.compile(r"\b(\d{1,2})\s+" + _MONTH_NAME + r"\b(?!\s*,?\s*\d{4})", re.I)
_ZH_MONTH_DAY = re.compile(r"(?<!年)(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_BARE_YEAR = re.compile(r"(?<![\d.,])(19[89]\d|20\d\d)(?![\d.,])")
_N_MONTHS = re.compile(r"\b(three|six|nine|twelve|3|6|9|12)[\s-]*months?\b|(三|六|九|十二|3|6|9|12)\s*个\s*月", re.I)
_N_WEEKS = re.compile(r"\b(52|53)[\s-]*weeks?\b", re.I)
_MONTH_COUNT = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "三": 3, "六": 6, "九": 9, "十二": 12}
_RANGE = re.compile(r"(\d{1,2})\s*[-—–~～至到]+\s*(\d{1,2})\s*月")
_FULL_YEAR = re.compile(
    r"年度|全年|years?\s*ended|year\s*end|fiscal\s*year|financial\s*year|for\s*the\s*year|\byear\b|\bfy\s?\d", re.I
)
_HALF_YEAR = re.compile(r"半年|half[\s-]*year|interim|中期|季度|quarter", re.I)
_ONE_MONTH = re.compile(r"本月|当月|this\s*month|current\s*month", re.I)  # an accounting package's 本月金额
_YEAR_TO_DATE = re.compile(
    r"年初至报告期末|年初到报告期末|本年累计|上年同期累计|年初至今|year[\s-]*to[\s-]*date|\bytd\b", re.I
)


def _months(count_text: str) -> int:
    return _MONTH_COUNT.get(count_text.lower()) or int(count_text)


def flow_start(end: date, label: str, context: str, interim_report: bool) -> date | None:
    """The first day a flow column covers, from its heading, then its title block.

    A quarter or half-year is never taken for a year: an income statement ending anywhere but
    a year end (or within a week of 31 December, a 52/53-week year) is a full year only when
    the statement says so; in an interim report it runs from the year start (年初至报告期末).
    """
    for text in (label, context):
        if weeks := _N_WEEKS.search(text):
            return date.fromordinal(end.toordinal() - 7 * int(weeks.group(1)) + 1)
        if count := _N_MONTHS.search(text):
            return months_before(end, _months(count.group(1) or count.group(2)))
        if span := _RANGE.search(text):
            return months_before(end, int(span.group(2)) - int(span.group(1)) + 1)
        if _ONE_MONTH.search(text) and not _YEAR_TO_DATE.search(text):
            return months_before(end, 1)
        if _YEAR_TO_DATE.search(text):
            return date(end.year, 1, 1)
        if _FULL_YEAR.search(text) and not _HALF_YEAR.search(text):
            return months_before(end, 12)  # "Year ended", 年度: a year, even in a report that says "interim"
    if not interim_report and near_year_end(end):
        return months_before(end, 12)
    return date(end.year, 1, 1) if interim_report else None


def months_before(end: date, months: int) -> date:
    """The day after the same day ``months`` earlier: where a period of that length ending at ``end`` starts."""
    at_month_end = end == month_end(end.year, end.month)
    day = end - relativedelta(months=months, day=31 if at_month_end else end.day)
    return day + timedelta(days=1)


def near_year_end(day: date) -> bool:
    """Within a week of 31 December: a calendar year end, or a 52/53-week year's."""
    return (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 7)


def fiscal_year(end: date) -> int:
    """The fiscal year a period ending on ``end`` belongs to (2 January 2016 ends fiscal 2015)."""
    return end.year - 1 if end.month == 1 and end.day <= 7 else end.year


_GLUED_MONTH = re.compile(r"(?<=[a-z])(?=(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\b)")


def context_month_day(context: str) -> tuple[int, int] | None:
    """A month and day printed without a year (\"December 31,\", \"12月31日\") for bare-year columns."""
    context = _GLUED_MONTH.sub(" ", context)  # "YearsendedAugust 31," from a PDF that lost its spaces
    if match := _MONTH_DAY_EN.search(context):
        return _month(match.group(1)), int(match.group(2))
    if match := _DAY_MONTH_EN.search(context):
        return _month(match.group(2)), int(match.group(1))
    if match := _ZH_MONTH_DAY.search(context):
        return int(match.group(1)), int(match.group(2))
    return None


_SPAN_WORD = re.compile(r"至|到|起|~|～|\bto\b|\bthrough\b")


def column_end(
    label: str, statement_date: date | None, balance_sheet: bool, month_day: tuple[int, int] | None
) -> date | None:
    """The date a value column ends on: a printed date (the second of a span, 2024年1月1日至2024年12月31日),
    a bare year, or 本期/上期 against the statement date."""
    dates = find_dates(label)
    if dates:
        return dates[-1] if len(dates) > 1 and _SPAN_WORD.search(label) else dates[0]
    year = _BARE_YEAR.search(label)
    if year and not (statement_date and RELATIVE_COLUMN.search(label)):
        month, day = month_day or ((statement_date.month, statement_date.day) if statement_date else (12, 31))
        return _safe_date(int(year.group(1)), month, day) or _safe_date(int(year.group(1)), month, 28)
    if statement_date is None:
        return None
    if PRIOR_COLUMN.search(label):
        if balance_sheet and not PRIOR_SAME_DATE.search(label):
            return date(statement_date.year - 1, 12, 31)
        return year_earlier(statement_date)
    if CURRENT_COLUMN.search(label):
        return statement_date
    return None
