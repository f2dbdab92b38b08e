"""Printed amounts: ``1,234.00``, ``(1,234.00)``, ``-1,234``, ``－``, ``—`` (blank as zero).

Thousands are separated by commas, by apostrophes (``1'234'567``, Swiss) or, in the Indian system,
by a comma after the thousands and then every two digits (``3,56,099`` lakhs). Digit groups
separated by spaces (``1 234 567``) are joined into one word before they get here
(``join_digit_groups``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

DASHES = frozenset({"-", "–", "—", "－", "−", "--", "——", "/"})
_GROUPED = r"\d{1,3}(?:[,，]\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:['’]\d{3})+"
_AMOUNT = re.compile(rf"^(?P<neg>[-−–－])?\+?\(?(?P<body>[-−]?(?:{_GROUPED})(?:\.\d+)?|\d+(?:\.\d+)?)\)?(?P<trail>-)?$")
_SEPARATORS = str.maketrans("", "", ",，'’")


# A currency sign or code glued to the figure: £2,937.11, -£1,078.54, S$22,800, RMB1,000.00, €12.50
_CURRENCY_PREFIX = re.compile(r"^([-−–－(]?)(?:US\$|HK\$|S\$|C\$|A\$|RMB|CNY|USD|GBP|EUR|SGD|HKD|[£€$¥￥])(?=[\d(])")
_DR_CR = re.compile(r"^(?P<figure>.*\d)\s*(?P<mark>DR|CR|Dr|Cr|dr|cr)$")


def signed_by_dr_cr(text: str) -> Decimal | None:
    """A bank figure with a Dr/Cr suffix (``1,234.00Dr`` is money out, ``Cr`` money in), else ``None``."""
    match = _DR_CR.match(text.strip())
    if not match:
        return None
    value = parse_amount(match.group("figure"))
    if value is None:
        return None
    return -abs(value) if match.group("mark").lower() == "dr" else abs(value)


def parse_amount(text: str) -> Decimal | None:
    """The value of a printed amount, or ``None`` when the text is not an amount.

    A lone dash is a printed zero. Parentheses and leading or trailing minus signs make
    the amount negative.
    """
    token = _CURRENCY_PREFIX.sub(r"\1", unicodedata.normalize("NFKC", text).strip())  # full-width １２３，４５６
    token = token.replace("$", "").replace("¥", "").replace("￥", "")
    if token in DASHES:
        return Decimal(0)
    match = _AMOUNT.match(token)
    if not match:
        return None
    body = match.group("body").translate(_SEPARATORS).replace("−", "-")
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    bracketed = token.startswith("(") or token[1:2] == "(" or token.endswith(")")
    if bracketed and (token.startswith("(") or token[1:2] == "(") != token.endswith(")"):
        return None  # "(1,234" is a fragment, not an amount
    if match.group("neg") or match.group("trail") or bracketed:
        value = -abs(value)
    return value


def is_bare_small_integer(text: str) -> bool:
    """A short integer without separators: a row number (行次) or a note reference, not money."""
    return text.isdigit() and len(text) <= 3
