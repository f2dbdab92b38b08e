"""A statement's own totals, footed from its printed rows: the first proof a figure was read right.

Every standard format prints a total under the rows it adds up (流动资产合计, Total current assets,
Total costs and expenses) and a chain of results each equal to the one before plus the rows between
(gross profit, 营业利润, profit before tax, net profit; 经营活动现金流入小计 − 流出小计 = 净额). So a
row that reads like a total foots when, in every value column, it equals the sum of the entries
just above it, a subtotal standing for the rows it closed. A row is added with the sign its
statement gives it:

- as printed, and subtracted under 减： / Less: (on a balance sheet, that one row; in an income
  statement, every row up to the next 加： or result, as 会企02表 prints it);
- expenses (开支 in Hong Kong), costs, taxes and cash paid are subtracted where they are printed
  positive (a Chinese income statement; the outflows of a Chinese cash-flow statement), or taken as
  printed where the statement prints them negative (IFRS, US GAAP), or every figure is taken as
  printed (a US "other income (expense)" block): each convention of ``CONVENTIONS`` is tried;
- 其中 / of which rows, and the rows indented under them or continuing them in lower case
  ("of which: interest expense" / "interest income"), are parts of the row above, not entries.

Only a total that equals its rows to within their rounding, in every column, counts; a total that
does not foot proves nothing either way (the rows may be laid out beyond these rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from credit_dd.documents.labels import normalise_label
from credit_dd.documents.statements import ExtractedStatement, PrintedRow

_OF_WHICH = re.compile(r"^\s*(?:其中|of\s+which|including|incl\.)", re.I)
_CONTINUES = re.compile(r"^\s*[a-z]")  # a caption in lower case continues the enumeration above it
_SUBTRACT = re.compile(r"^\s*(?:减|less)\s*[:：]?", re.I)
_ADD = re.compile(r"^\s*(?:加|add)\s*[:：]", re.I)
_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\(?[ivx]+\)|[A-Z][.)]\s)")
_PRINTED_SIGN = re.compile(  # "Other income (expense), net": the brackets say which way it is printed
    r"以\s*[“\"]?\s*[－\-—]\s*[”\"]?\s*号|损失以|亏损以|\(loss\)|\(losses\)|gains?\s*\(loss(?:es)?\)|\(expenses?\)|\(charges?\)",
    re.I,
)
_OUTGOING = {
    "income_statement": re.compile(
        r"成本|费用|开支|税金|支出|所得税|(?<!收益)损失|cost|expense|tax|depreciation|amortization|impairment"
        # the expenses US statements caption without the word (Selling, general and administrative)
        r"|administrative|selling|marketing|research and development|occupancy|compensation|salaries|wages"
        r"|advertising|restructuring|operation and maintenance|purchased power|provision for (?:credit|loan) losses"
        # "Divestitures (gain) loss, net": a loss printed positive, the gain in brackets
        r"|\((?:gains?|income|benefits?|recoveries|credits?)\)\s*(?:loss(?:es)?|expenses?|costs?|charges?)\b",
        re.I,
    ),
    "cash_flow": re.compile(
        r"流出|支付|偿还|购建|购买|\bpayments?\b|\bpaid\b|\bpurchases?\b|\brepayments?\b|\bacquisitions?\b", re.I
    ),
    "balance_sheet": re.compile(r"^$"),
}
# A heading whose rows are costs; with a bank's (Regulation S-X Article 9): Interest expense,
# Noninterest expense, Provision(s) for credit losses.
_EXPENSE_HEADING = re.compile(
    r"^(?:operating\s+|interest\s+|non-?\s?interest\s+|other\s+)?(?:costs?\s+and\s+expenses?|expenses?)\s*:?$"
    r"|^provisions?\s+for\s+(?:credit|loan)(?:\s+and\s+\w+)?\s+losses\s*:?$",
    re.I,
)
_RESULT = re.compile(  # a total or a result: taken as printed when it does not foot
    r"合计|总计|小计|总值|总额|净额|净增加|利润|毛利|溢利|净收入|净收益|净利|净亏损|净损失|净资产"
    r"|^total|subtotal|^net\b|gross\s+(?:profit|margin)|^(?:operating\s+)?(?:income|profit|loss|earnings)\b(?!\s+tax)"
    r"|(?:income|profit|loss|earnings)\s+(?:before|from)|comprehensive|^$",
    re.I,
)
# Accounts receivable, net: a total of the rows above less their allowance, when it foots them; when it
# does not, an item ("Other (income) expense, net"), signed as items are, not a result.
_NET_OF = re.compile(r",\s*net$|\bnet\s+of\b|净值|账面价值", re.I)
# The heading that opens a balance sheet's equity block (not "Liabilities and Equity").
_EQUITY_HEADING = re.compile(
    r"^(?!.*liabilit)(?!.*负债).*(?:equity|deficit|(?:stock|share)holders['’]?(?:\s+(?:investment|funds))?"
    r"|所有者权益|股东权益|权益)\W*$",
    re.I,
)
# "Income tax expense": a cost, not a result, but the total of its current and deferred parts when it foots them.
_TAX_LINE = re.compile(r"^(?:total\s+)?income\s+tax", re.I)
_CLOSES_BLOCK = re.compile(r"合计|总计|小计|^total|subtotal", re.I)


def _reads_as_total(label: str) -> bool:
    """A normalised caption that names a total, a result or a figure net of something."""
    return bool(_RESULT.search(label) or _NET_OF.search(label))


CONVENTIONS = ("labels", "printed_negatives", "printed", "costs", "signed")


@dataclass(frozen=True)
class Footing:
    """A total that equals the entries above it: the total's row and the rows it adds up (indices)."""

    total: int
    parts: tuple[int, ...]


@dataclass
class _Entry:
    values: dict[int, float]
    rows: tuple[int, ...]
    step: float
    mezzanine: bool = False


@dataclass
class _Run:
    """Footing one side of one statement under one sign convention."""

    kind: str
    convention: str  # "labels": costs subtracted by their captions; "printed_negatives": what is printed
    # negative is taken as printed, other costs by caption (IFRS, US GAAP); "printed": every figure as
    # printed; "costs": after an income statement's top line, what is printed positive is a cost until
    # the first result (Revenues, Cost of revenues, Marketing, … Operating income); "signed": every
    # figure as printed whatever heading it stands under (costs printed negative beneath "Costs and
    # expenses:", and a credit among them positive)
    entries: list[_Entry] = field(default_factory=list)
    minus: bool = False  # inside a 减： group or under an expense heading
    nested: list[float] = field(default_factory=list)  # the open 其中 groups: the least indentation of their rows
    parent_x: float = 0.0  # indentation of the last row that was an entry
    after_assets: int | None = None  # entries after total assets: the liabilities, until the equity heading
    liabilities: dict[int, float] | None = None
    step: float = 0.0
    found: list[Footing] = field(default_factory=list)

    def heading(self, row: PrintedRow) -> None:
        if self.kind == "income_statement" and _EXPENSE_HEADING.match(row.label.strip()):
            self.minus = True
        if self.after_assets is not None and self.liabilities is None and _EQUITY_HEADING.search(row.label):
            block = [e for e in self.entries[self.after_assets :] if not e.mezzanine]
            columns = {c for e in block for c in e.values}
            self.liabilities = {c: sum(e.values.get(c, 0.0) for e in block) for c in columns}
            self.step = max((e.step for e in block), default=0.0) * (len(block) + 1) / 2

    def add(self, index: int, row: PrintedRow) -> None:
        if self._inside_of_which(row):
            return
        label = normalise_label(row.label)
        if _NET_OF.search(label):  # a result only by the rest of its caption
            remainder = _NET_OF.sub("", label).strip() or "-"
        else:
            remainder = label
        result = bool(_RESULT.search(remainder) or not row.label.strip())  # III Total income (I+II)
        total = result or bool(
            _NET_OF.search(label) or _TAX_LINE.match(label)
        )  # Income tax expense = current + deferred
        if not (total and self._foots(index, row)):
            sign = 1.0 if result and not _SUBTRACT.match(row.label) else self._sign(row)  # a result, as printed
            values = {column: sign * value for column, value in row.values.items()}
            self.entries.append(_Entry(values, (index,), row.step, row.item == "mezzanine_equity"))
            if self.convention == "costs" and self.kind == "income_statement" and len(self.entries) == 1:
                self.minus = True
        if row.item == "total_assets" and self.kind == "balance_sheet":
            self.after_assets = len(self.entries)

    def _inside_of_which(self, row: PrintedRow) -> bool:
        """Parts of the row above (其中：营业成本 and the rows under it) are not entries.

        A 其中 row indented under its parent keeps the rows at its own indentation (其中：利息费用 /
        利息收入); one printed at its parent's indentation keeps only the rows indented deeper."""
        if _SUBTRACT.match(row.label) or _ADD.match(row.label) or _ENUMERATED.match(row.label):
            self.nested.clear()
        if self.nested and _CONTINUES.match(row.label):
            return True  # "of which: interest expense" / "interest income": the enumeration goes on
        while self.nested and row.x < self.nested[-1]:
            self.nested.pop()
        if _OF_WHICH.match(row.label):
            indented = row.x > self.parent_x + 0.5
            self.nested.append(row.x - 0.5 if indented else row.x + 0.5)
            return True
        if self.nested:
            return True
        self.parent_x = row.x
        return False

    def _sign(self, row: PrintedRow) -> float:
        if _ADD.match(row.label):
            self.minus = False
        subtract = bool(_SUBTRACT.match(row.label))
        if subtract:
            self.minus = self.kind == "income_statement"  # 会企02表's 减： covers the rows after it
        if self.convention != "labels" and any(v < 0 for v in row.values.values()):
            return 1.0  # printed negative: the statement signed it itself
        if subtract:
            return -1.0
        if self.convention == "signed":
            return 1.0  # costs printed negative, so a credit among them is printed positive
        if _PRINTED_SIGN.search(row.label) or (self.convention in ("printed", "costs") and not self.minus):
            return 1.0
        return -1.0 if self.minus or _OUTGOING[self.kind].search(row.label) else 1.0

    def _foots(self, index: int, row: PrintedRow) -> bool:
        """Whether the row totals a run of entries just above it; if so it stands for them from now on."""
        columns = [c for c, v in row.values.items() if v]
        if not columns:
            return False
        for count in range(2, len(self.entries) + 1):
            suffix = self.entries[-count:]
            tolerance = max([row.step, *(e.step for e in suffix)]) * (count + 1) / 2 + 1e-6
            sums = {c: sum(e.values.get(c, 0.0) for e in suffix) for c in row.values}
            for sign in (1.0, -1.0):
                if all(abs(sums[c] - sign * row.values[c]) <= tolerance for c in row.values):
                    self._close(index, row, suffix, count, sign)
                    return True
        return False

    def _close(self, index: int, row: PrintedRow, suffix: list[_Entry], count: int, sign: float) -> None:
        self.found.append(Footing(index, tuple(i for e in suffix for i in e.rows)))
        del self.entries[-count:]
        self.entries.append(_Entry({c: sign * v for c, v in row.values.items()}, (index,), row.step))
        if self.kind != "income_statement" or not _CLOSES_BLOCK.search(row.label):
            self.minus = False  # a result ends the 减： group; a block total keeps the heading's sign


_INCOME_PART = re.compile(r"收入|收益|\bincome\b", re.I)  # 其中：利息收入 is taken off its parent


def of_which_footings(statement: ExtractedStatement) -> list[Footing]:
    """A row whose 其中 / of which parts add up to it (财务费用 = 利息费用 − 利息收入; Finance costs = of
    which interest expense − interest income), in every column: the parts are proven by their parent.
    A group of one part, or one whose parent holds more than its parts (exchange losses, fees), proves
    nothing."""
    found = []
    rows = statement.rows
    for index, row in enumerate(rows):
        if not _OF_WHICH.match(row.label) or index == 0 or not rows[index - 1].values:
            continue
        parent, group = rows[index - 1], [index]
        for following in range(index + 1, len(rows)):
            candidate = rows[following]
            part = candidate.x > parent.x + 0.5 or _CONTINUES.match(candidate.label)
            if not candidate.values or not part or _reads_as_total(normalise_label(candidate.label)):
                break
            group.append(following)
        if len(group) > 1 and _adds_up(parent, [rows[i] for i in group]):
            found.append(Footing(index - 1, tuple(group)))
    return found


def _adds_up(parent: PrintedRow, parts: list[PrintedRow]) -> bool:
    tolerance = max(r.step for r in [parent, *parts]) * (len(parts) + 1) / 2 + 1e-6
    for column, value in parent.values.items():
        total = sum((-1.0 if _INCOME_PART.search(p.label) else 1.0) * p.values.get(column, 0.0) for p in parts)
        if abs(total - value) > tolerance:
            return False
    return bool(parent.values)


def statement_footings(statement: ExtractedStatement) -> list[Footing]:
    """Every total of the statement that foots, under either sign convention (each total once)."""
    found: dict[int, Footing] = {}
    sides = _sides(statement.rows)
    for side in sorted(set(sides)):
        sequence = [(i, row) for i, row in enumerate(statement.rows) if sides[i] == side]
        for convention in CONVENTIONS:
            run = _Run(statement.kind, convention)
            for index, row in sequence:
                if row.values:
                    run.add(index, row)
                else:
                    run.heading(row)
            for footing in run.found:
                found.setdefault(footing.total, footing)
    return [found[index] for index in sorted(found)]


def _sides(rows: list[PrintedRow]) -> list[int]:
    """Each row's side; a line of figures without a label is on the side of the row above it."""
    sides, last = [], 0
    for row in rows:
        last = row.side if row.side >= 0 else last
        sides.append(last)
    return sides


@dataclass(frozen=True)
class LiabilitiesBlock:
    """What a balance sheet without a total-liabilities line prints as liabilities: the rows after total
    assets and before the equity heading (mezzanine equity left out), summed per column."""

    values: dict[int, float]
    tolerance: float


def liabilities_block(statement: ExtractedStatement) -> LiabilitiesBlock | None:
    """The sum of a one-sided balance sheet's liability rows, when it prints total assets and an equity heading."""
    if statement.kind != "balance_sheet":
        return None
    run = _Run(statement.kind, "printed", after_assets=0)  # a page continuing the sheet may start at liabilities
    for index, row in enumerate(statement.rows):
        if row.values:
            run.add(index, row)
        else:
            run.heading(row)
    return None if run.liabilities is None else LiabilitiesBlock(run.liabilities, run.step + 1e-6)
