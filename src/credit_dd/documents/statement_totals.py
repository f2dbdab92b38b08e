"""Totals printed without a caption, named by the block they close.

North American statements often print a subtotal as a bare line of figures under a block
heading (``Current`` … ``1,026 1,118``; ``Revenues`` … ``13,449``). A bare line is a total only
when it equals, in every column, the sum of the rows above it in its block (subtotals counted
instead of their parts); it is then named after the block: ``total current assets``, ``total
assets``, ``total liabilities``, ``total equity``, and the last line after the equity block
``total liabilities and equity``. Nothing is guessed: a bare line that adds up to nothing is left
unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

_ASSETS = re.compile(r"\bassets\b", re.I)
_LIABILITIES = re.compile(r"\bliabilit", re.I)
_EQUITY = re.compile(r"equity|deficit", re.I)
_CURRENT = re.compile(r"^current\b", re.I)
_ACTIVITIES = re.compile(r"(operating|investing|financing)\s*activities", re.I)
_NON_CURRENT = re.compile(r"^(?:non[\s-]?current|long[\s-]?term)\b", re.I)
# Headings that can open a block of a statement; anything else (a date line, a remark) does not.
_BLOCK_HEADING = re.compile(r"assets|liabilit|equity|deficit|^current\b|revenues?|expenses|costs|activities", re.I)


@dataclass
class _Block:
    heading: str
    rows: list[dict[int, Decimal]] = field(default_factory=list)  # top-level rows: items and closed subtotals
    closed: bool = False  # its own captioned subtotal has been printed (Total current assets)


@dataclass
class BlockTotals:
    """Follows a statement's block headings and rows, and names its uncaptioned totals."""

    blocks: list[_Block] = field(default_factory=list)
    loose: list[dict[int, Decimal]] = field(default_factory=list)  # rows outside any open block
    balance_sheet: bool = True  # the whole-side rules below are a balance sheet's
    assets_total_seen: bool = False
    assets_seen: bool = False  # a heading of the assets side (ASSETS, Current assets)
    equity_seen: bool = False

    def heading(self, text: str) -> None:
        """A line of words only: it opens a block when it names one (ASSETS, Current, Revenues …)."""
        if len(text) > 60 or not _BLOCK_HEADING.search(text):
            return
        parent = self.blocks[-1].heading if self.blocks else ""
        if _CURRENT.match(text) and not (_ASSETS.search(text) or _LIABILITIES.search(text)):
            text = f"{text} {'liabilities' if _LIABILITIES.search(parent) else 'assets'}"
        self.equity_seen = self.equity_seen or (bool(_EQUITY.search(text)) and not _LIABILITIES.search(text))
        assets_side = self.balance_sheet and bool(_ASSETS.search(text)) and not _LIABILITIES.search(text)
        self.assets_seen = self.assets_seen or assets_side
        if _CURRENT.match(text) or not self.blocks or not _CURRENT.match(self.blocks[-1].heading):
            self.blocks.append(_Block(text))
        else:  # "Current" was closed by its subtotal earlier; a sibling heading replaces it, and what it
            closed = self.blocks.pop()  # held (its subtotal, rows after it) goes on counting in its parent
            (self.blocks[-1].rows if self.blocks else self.loose).extend(closed.rows)
            self.blocks.append(_Block(text))

    def row(self, values: dict[int, Decimal], captioned: bool) -> str | None:
        """Record a row; for an uncaptioned one, the caption of the block it totals, if it totals one."""
        if not values:
            return None
        for depth in range(len(self.blocks) - 1, -1, -1):
            block = self.blocks[depth]
            rows = [
                row for inner in self.blocks[depth:] for row in inner.rows
            ]  # a stray sub-heading does not hide rows
            if len(rows) < 2 or not _sums_to(rows, values):
                continue
            if captioned:  # a captioned subtotal stands for its parts; the block goes on
                block.rows = [values]
                block.closed = True
                del self.blocks[depth + 1 :]
                return None
            spanned = [inner.heading for inner in self.blocks[depth:]]
            del self.blocks[depth:]
            # Current assets … Total current assets, then the long-term rows and a bare line: the whole side
            whole_side = self.balance_sheet and block.closed and _CURRENT.match(block.heading)
            caption = self._caption(block.heading.split(maxsplit=1)[-1] if whole_side else block.heading)
            if self.balance_sheet and _equity_and_liabilities(spanned):
                caption = "total liabilities and equity"  # Equity … Current liabilities … a bare line
            if caption == "total assets":
                self.loose = []
            elif caption == "total liabilities" and _EQUITY.search(block.heading):
                self.blocks.append(_Block(block.heading, [values]))  # the equity half is still to come
            else:
                self._append(values)
            return caption
        if captioned and self._stands_for_rows_above(values):
            return None
        side = self.loose + [row for block in self.blocks for row in block.rows]  # everything since the last side
        if not captioned and len(side) >= 2 and (self.assets_total_seen or self.assets_seen) and _sums_to(side, values):
            # Current assets … Non-current assets … a bare line: total assets; after it, the other side's
            caption = "total liabilities and equity" if self.assets_total_seen else "total assets"
            self.loose, self.blocks, self.assets_total_seen = ([values] if self.assets_total_seen else []), [], True
            return caption
        self._append(values)
        return None

    def _stands_for_rows_above(self, values: dict[int, Decimal]) -> bool:
        """A captioned total of the last rows of its block, not of the whole block (Total non-current
        liabilities after Total current liabilities; Total liabilities after both): it stands for them."""
        rows = self.blocks[-1].rows if self.blocks else self.loose
        for count in range(1, len(rows) + 1):
            if _sums_to(rows[-count:], values):
                rows[-count:] = [values]
                return True
        return False

    def _append(self, values: dict[int, Decimal]) -> None:
        (self.blocks[-1].rows if self.blocks else self.loose).append(values)

    def _caption(self, heading: str) -> str:
        if _CURRENT.match(heading) or _NON_CURRENT.match(heading):
            return f"total {heading.lower()}"
        if activity := _ACTIVITIES.search(heading):  # OPERATING ACTIVITIES … 1,351: the net cash flow
            return f"net cash from {activity.group(1).lower()} activities"
        if not self.balance_sheet:
            return f"total {heading.lower()}"
        if _LIABILITIES.search(heading) and _EQUITY.search(heading):
            # LIABILITIES AND SHAREHOLDERS' EQUITY closes twice: its liabilities, then the whole.
            return "total liabilities and equity" if self.equity_seen else "total liabilities"
        if _ASSETS.search(heading) and not _LIABILITIES.search(heading):
            self.assets_total_seen = True
            return "total assets"
        if _LIABILITIES.search(heading):
            return "total liabilities"
        if _EQUITY.search(heading):
            return "total equity"
        return f"total {heading.lower()}"


def _equity_and_liabilities(headings: list[str]) -> bool:
    """Whether the blocks a bare line adds up are the equity and the liabilities, each under a heading of
    its own (a side printed equity first, as IFRS's "equity and liabilities" order does)."""
    equity = any(_EQUITY.search(h) and not _LIABILITIES.search(h) for h in headings)
    return equity and any(_LIABILITIES.search(h) and not _EQUITY.search(h) for h in headings)


def _sums_to(rows: list[dict[int, Decimal]], total: dict[int, Decimal]) -> bool:
    """Whether the rows add up to ``total`` in every column the total prints (within a printed unit)."""
    for column, value in total.items():
        if abs(sum((r.get(column, Decimal(0)) for r in rows), Decimal(0)) - value) > Decimal("0.5"):
            return False
    return True
