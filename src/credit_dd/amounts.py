"""Printed amounts: ``1,234.00``, ``(1,234.00)``, ``-1,234``, ``－``, ``—`` (blank as zero)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DASHES = frozenset({"-", "–", "—", "－", "−", "--", "——", "/"})
_AMOUNT = re.compile(
    r"^(?P<neg>[-−–－])?\+?\(?(?P<body>[-−]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\)?(?P<trail>-)?$"
)


def parse_amount(text: str) -> Decimal | None:
    """The value of a printed amount, or ``None`` when the text is not an amount.

    A lone dash is a printed zero. Parentheses and leading or trailing minus signs make
    the amount negative.
    """
    token = text.strip().replace("$", "").replace("¥", "").replace("￥", "")
    if token in DASHES:
        return Decimal(0)
    match = _AMOUNT.match(token)
    if not match:
        return None
    body = match.group("body").replace(",", "").replace("，", "").replace("−", "-")
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
