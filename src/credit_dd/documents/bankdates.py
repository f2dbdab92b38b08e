"""The dates of bank-statement rows: one token or several, with or without the year.

``2025-11-03``, ``2025/11/03``, ``20251103``, ``2025年11月03日``, ``03/11/2025`` and ``11/03/2025``
(the order decided by the dates that cannot be read the other way), ``12th Feb``, ``12 Feb 2022``,
``Feb 12, 2022``, ``07 / 07``. A row printed without its year takes the statement's.
"""

from __future__ import annotations

import re
from datetime import date

from credit_dd.documents.pdftext import TextLine, Word

_SHORT_DATE = re.compile(r"(?<![\d/.#-])(\d{1,2})[-/](\d{1,2})(?:[-/]\d{2,4})?(?![\d/.-])")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec"
_WORD_DATE = re.compile(
    rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+({_MONTHS})[a-z]*\.?(?:[\s,-]+(\d{{2,4}}))?$"
    rf"|^({_MONTHS})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$",
    re.I,
)
DATE_TOKEN = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$|^(\d{4})(\d{2})(\d{2})$|^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2,4}))?$"
)


def day_first_order(text: str) -> bool:
    """Whether slash or dash dates in this text are day/month (03/11/2025 = 3 November).

    Decided by the dates that cannot be read the other way (a first part over 12 means
    day first); month first when nothing decides, as US statements print.
    """
    day_first = month_first = 0
    for m in _SHORT_DATE.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        day_first += first > 12 >= second
        month_first += second > 12 >= first
    return day_first > month_first


def _word_date(text: str, year_hint: int | None) -> tuple[date | None, bool]:
    """``12th Feb``, ``12 Feb 2022``, ``Feb 12, 2022``: a date with the month in words."""
    m = _WORD_DATE.match(text.strip())
    if not m:
        return None, False
    day, month_name, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
    month = MONTH_NAMES.index(month_name[:3].lower()) + 1
    y = int(year) if year else (year_hint or 1900)
    y = y + 2000 if y < 100 else y
    try:
        return date(y, month, int(day)), True
    except ValueError:
        return None, True


def parse_date_token(text: str, year_hint: int | None, day_first: bool = False) -> tuple[date | None, bool]:
    """(date, looks_like_a_date). ``02-29`` in a non-leap year is a date-shaped non-date."""
    m = DATE_TOKEN.match(text.strip())
    if not m:
        return _word_date(text, year_hint)
    if m.group(1) or m.group(4):
        y, mo, d = (
            (int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m.group(1)
            else (int(m.group(4)), int(m.group(5)), int(m.group(6)))
        )
    else:
        mo, d = (int(m.group(8)), int(m.group(7))) if day_first else (int(m.group(7)), int(m.group(8)))
        y = int(m.group(9)) if m.group(9) else (year_hint or 1900)
        y = y + 2000 if y < 100 else y
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None, False
    try:
        return date(y, mo, d), True
    except ValueError:
        return None, True


def date_candidates(words: list[Word]) -> list[tuple[int, int, str]]:
    """(index, words used, text) of what may be a row's date among its first words.

    Dates come as one token (``2025-11-03``, ``02/07``), or spread over two or three
    (``12th Feb``, ``07 / 07``, ``Feb 12, 2022``).
    """
    out = []
    for index in range(min(3, len(words))):
        for span in (3, 2, 1):
            chunk = words[index : index + span]
            if len(chunk) < span or (span > 1 and any(b.x0 - a.x1 > 8 for a, b in zip(chunk, chunk[1:], strict=False))):
                continue
            glue = "" if span > 1 and any(w.text == "/" for w in chunk) else " "
            out.append((index, span, glue.join(w.text for w in chunk)))
    return out


def full_date_tokens(lines: tuple[TextLine, ...] | list[TextLine]) -> list[date]:
    """Dates printed as one token with their year (01-07-2023, 24/07/2023) near the statement's top."""
    found = []
    for line in lines:
        for word in line.words:
            if re.fullmatch(r"\d{1,2}[-/]\d{1,2}[-/]\d{4}", word.text):
                day, ok = parse_date_token(word.text, None, day_first=True)
                if day is not None and ok:
                    found.append(day)
    return found


def within_year(day: date | None, raw: str, statement_date: date | None) -> date | None:
    """A row printed without its year (02/07, 12th Feb) falls before the statement date, not after it."""
    if day is None or statement_date is None or re.search(r"\d{4}", raw):
        return day
    if day.year != statement_date.year:
        day = _safe_replace_year(day, statement_date.year)
    if day is not None and (day - statement_date).days > 31:
        day = _safe_replace_year(day, statement_date.year - 1)
    return day


def _safe_replace_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:
        return None
