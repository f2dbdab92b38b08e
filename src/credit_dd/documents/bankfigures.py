"""Figures on a bank statement: its amounts as printed, and the balances and totals its summary prints.

Amounts carry two decimals whatever the country: ``1,234.56``, ``1.234,56`` and ``1 234,56``
(a decimal comma), ``(1,234.56)``, ``1,234.56-``, ``-£24.50``, ``24.50 DR`` / ``CR``. The
summary is found by what its lines say in any bank's words (opening balance, balance brought
forward, balance at 1 February, 期初余额; total money in, deposits and other credits, 收入合计 …),
and where a statement prints its totals as a row under the columns, by that row.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from credit_dd.documents.amounts import parse_amount
from credit_dd.documents.bankdates import parse_date_token
from credit_dd.documents.pdftext import TextLine
from credit_dd.documents.periods import find_dates

# 1.234,56 / 1 234,56 / 40,000,00 (a comma before the two decimals) and 44.079.83 (a dot between the thousands)
_DECIMAL_COMMA = re.compile(r"^(?P<int>\d{1,3}(?:[.\u00a0' ]\d{3})+|\d{1,3}(?:,\d{3})+|\d+),(?P<dec>\d{2})$")
_DOTTED_THOUSANDS = re.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+)\.(?P<dec>\d{2})$")
_CORE = re.compile(r"^(?P<lead>[^\d]*)(?P<body>\d[\d.,\u00a0' ]*\d)(?P<trail>[^\d]*)$")
_DR_CR = re.compile(r"\s*(?:DR|CR|Dr|Cr|dr|cr)$")


def money(text: str) -> Decimal | None:
    """A printed bank amount (signed when printed so), or ``None`` for anything else.

    Only figures with a decimal part or thousands separators count: a bare integer on a
    statement is a cheque or reference number, not money.
    """
    marked = _dr_cr_amount(text)
    if marked is not None:
        return marked
    if not any(ch in text for ch in ".,") or not any(ch.isdigit() for ch in text):
        return None
    return parse_amount(_point_decimal(text))


def marked_direction(text: str) -> bool:
    """Whether the figure carries its own direction (a Dr or Cr mark)."""
    return bool(_DR_CR.search(text.strip())) and any(ch.isdigit() for ch in text)


def _dr_cr_amount(text: str) -> Decimal | None:
    """``1,234.56Dr`` is money out, ``56.00 Cr`` money in."""
    if not marked_direction(text):
        return None
    value = money(_DR_CR.sub("", text.strip()))
    if value is None:
        return None
    return -abs(value) if text.strip()[-2:].lower() == "dr" else abs(value)


def _point_decimal(text: str) -> str:
    """The figure with a decimal point and comma thousands, as ``parse_amount`` reads it."""
    core = _CORE.match(text.strip())
    if core is None:
        return text
    body = core.group("body")
    for pattern in (_DECIMAL_COMMA, _DOTTED_THOUSANDS):
        if m := pattern.match(body):
            whole = re.sub(r"[.,\u00a0' ]", "", m.group("int"))
            body = f"{int(whole):,}.{m.group('dec')}"
            break
    return f"{core.group('lead')}{body}{core.group('trail')}"


OPENING = re.compile(
    r"期初余额|上期余额|承前余额|承前|opening balance|beginning balance|balance (?:brought )?forward|previous balance"
    r"|last month'?s balance|previous statement balance|starting balance|balance b/f",
    re.I,
)
CLOSING = re.compile(  # 期未余额: OCR's usual misreading of 末
    r"期[末未]余额|本期余额|closing balance|ending balance|new balance|balance carried forward|balance at close"
    r"|balance c/f|final balance",
    re.I,
)
TOTAL_IN = re.compile(
    r"total (?:money in|deposits|credits|paid in|receipts|in\b)|deposits and (?:other )?(?:additions|credits)"
    r"|贷方发生额合计|贷方合计|收入合计|本期收入合计|存入合计|收入总额|贷方总额",
    re.I,
)
TOTAL_OUT = re.compile(
    r"total (?:money out|withdrawals|debits|paid out|payments|out\b)|withdrawals and (?:other )?(?:subtractions|debits)"
    r"|借方发生额合计|借方合计|支出合计|本期支出合计|支取合计|支出总额|借方总额",
    re.I,
)
_BALANCE_DATED = re.compile(r"balance\s+(?:at|as at|as of|on)\s+\S", re.I)
_BALANCE_ON = re.compile(r"balance\s+(?:at|as at|as of|on)\s+(.+?)[:：]?\s*$|(.+?)\s*(?:的)?余额[:：]?$", re.I)


def is_summary_line(text: str) -> bool:
    """A line of the statement's summary (a balance or a total), never a transaction, dated or not."""
    return any(p.search(text) for p in (OPENING, CLOSING, TOTAL_IN, TOTAL_OUT)) or bool(_BALANCE_DATED.search(text))


def line_money(line: TextLine) -> list[Decimal]:
    """Every amount printed on a line, left to right."""
    return [value for w in line.words if (value := money(w.text)) is not None]


def printed_figure(lines: list[TextLine], pattern: re.Pattern[str], last: bool = False) -> float | None:
    """The figure printed on the first (or ``last``) line that says ``pattern``, or just below it (set a
    point lower)."""
    order = range(len(lines) - 1, -1, -1) if last else range(len(lines))
    for index in order:
        line = lines[index]
        if pattern.search(line.text):
            below = lines[index + 1 : index + 2]
            nearby = [line, *(b for b in below if b.page == line.page and b.top - line.top < 8)]
            for candidate in nearby:
                values = line_money(candidate)
                if values:
                    return float(values[-1])
    return None


def dated_balances(lines: list[TextLine]) -> list[tuple[date, float]]:
    """Balances the summary prints against a date ("Balance at 1 February 2025: £40,000.00"), in date order."""
    found = []
    for line in lines:
        values = line_money(line)
        if not values:
            continue
        label = " ".join(w.text for w in line.words if money(w.text) is None)
        match = _BALANCE_ON.search(label.strip())
        day = _label_date(match.group(1) or match.group(2)) if match else None
        if day is not None:
            found.append((day, float(values[-1])))
    return sorted(set(found))


def _label_date(text: str) -> date | None:
    dates = find_dates(text)
    if dates:
        return dates[0]
    day, _ = parse_date_token(text.strip().rstrip(":："), None)
    return day
