"""A statement's own totals footed from its rows, on the income-statement shapes the standards allow.

The rows are written from the standard captions (Regulation S-X Rule 5-03's costs and expenses,
single-step and multi-step forms; HKFRS as Hong Kong prints it), not from any filing: each shape
must prove its revenue by a footing.
"""

from __future__ import annotations

import pytest

from credit_dd.documents.labels import default_synonyms
from credit_dd.documents.statements_model import ExtractedStatement, PrintedRow
from credit_dd.validation.footings import Footing, statement_footings

Shape = list[tuple[str, float | None, float | None]]


def _footings(shape: Shape) -> list[Footing]:
    table = default_synonyms()
    rows = []
    for n, (label, *values) in enumerate(shape):
        found = table.match("income_statement", label)
        printed = {column: v for column, v in enumerate(values) if v is not None}
        item = found.item if found else None
        rows.append(PrintedRow(label=label, values=printed, page=1, y=100.0 + 12 * n, x=60.0, step=1.0, item=item))
    return statement_footings(ExtractedStatement.model_construct(kind="income_statement", rows=rows))


SHAPES: dict[str, tuple[Shape, list[tuple[int, tuple[int, ...]]]]] = {
    # Single step: an income printed in brackets among the costs is a credit, not one more cost.
    "single step, other (income) expense in brackets": (
        [
            ("Revenues", 1000, 900),
            ("Cost of sales", 600, 550),
            ("Selling, general and administrative", 200, 180),
            ("Interest expense", 50, 40),
            ("Other (income) expense, net", -20, -10),
            ("Income before income taxes", 170, 140),
        ],
        [(5, (0, 1, 2, 3, 4))],
    ),
    "costs and expenses under their heading, with their total": (
        [
            ("Revenues", 1000, 900),
            ("Costs and expenses:", None, None),
            ("Cost of sales", 600, 550),
            ("Selling, general and administrative", 200, 180),
            ("Other (income) expense, net", -20, -10),
            ("Total costs and expenses", 780, 720),
            ("Income before income taxes", 220, 180),
        ],
        [(5, (2, 3, 4)), (6, (0, 5))],
    ),
    # The same with the costs printed negative: the credit among them is then printed positive.
    "costs printed negative under their heading, a credit positive": (
        [
            ("Revenue", 1000, 900),
            ("Costs and expenses:", None, None),
            ("Cost of revenue", -600, -550),
            ("Selling, general and administrative", -200, -180),
            ("Other (income) expense, net", 20, 10),
            ("Total costs and expenses", -780, -720),
            ("Earnings before income taxes", 220, 180),
        ],
        [(5, (2, 3, 4)), (6, (0, 5))],
    ),
    # An income printed positive among expenses captioned without the word "expense".
    "other income among expenses without the word": (
        [
            ("Net sales", 1000, 900),
            ("Cost of sales", 600, 550),
            ("Selling, general and administrative", 200, 180),
            ("Other income", 20, 10),
            ("Operating income", 220, 180),
        ],
        [(4, (0, 1, 2, 3))],
    ),
    "research, marketing and administration without the word": (
        [
            ("Revenues", 1000, 900),
            ("Cost of revenues", 400, 350),
            ("Research and development", 200, 180),
            ("Sales and marketing", 150, 140),
            ("General and administrative", 60, 45),
            ("Income from operations", 190, 185),
        ],
        [(5, (0, 1, 2, 3, 4))],
    ),
    # "(gain) loss", "(recoveries)": a loss or cost printed positive, the gain in brackets, no heading.
    "gains in brackets among the costs, no heading": (
        [
            ("Net sales", 1000, 900),
            ("Cost of sales", 600, 550),
            ("Selling, general, and administrative expenses", 200, 180),
            ("Divestitures (gain) loss, net", -40, 15),
            ("Restructuring, impairment, and other exit costs (recoveries)", 10, -5),
            ("Operating profit", 230, 160),
        ],
        [(5, (0, 1, 2, 3, 4))],
    ),
    # "Other income (expense), net": the brackets say it is printed as it goes, income positive.
    "other income (expense) printed as it goes": (
        [
            ("Net revenues", 1000, 900),
            ("Cost of revenues", 700, 650),
            ("Operating income", 300, 250),
            ("Other income (expense), net", 15, -5),
            ("Income before income taxes", 315, 245),
        ],
        [(2, (0, 1)), (4, (2, 3))],
    ),
}


def test_hong_kong_expenses_and_profits_foot() -> None:
    """開支 is an expense and 溢利 a result: 經營溢利 = 收益 − 銷售成本 − 開支, so the revenue is proven."""
    rows: Shape = [
        ("收益", 1000.0, None),
        ("銷售成本", 600.0, None),
        ("銷售及分銷開支", 120.0, None),
        ("行政開支", 50.0, None),
        ("經營溢利", 230.0, None),
    ]
    assert [(f.total, f.parts) for f in _footings(rows)] == [(4, (0, 1, 2, 3))]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_standard_income_statement_shape_foots_and_proves_its_revenue(shape: str) -> None:
    rows, expected = SHAPES[shape]
    assert [(f.total, f.parts) for f in _footings(rows)] == expected


def test_a_row_net_of_something_that_does_not_foot_is_an_item_not_a_result() -> None:
    """Accounts receivable, net foots its rows; "Other (income) expense, net" does not, and is signed as
    the costs around it are."""
    rows: Shape = [
        ("Revenues", 1000, None),
        ("Costs and expenses:", None, None),
        ("Cost of sales", 600, None),
        ("Other (income) expense, net", -20, None),
        ("Total costs and expenses", 580, None),
    ]
    assert [(f.total, f.parts) for f in _footings(rows)] == [(4, (2, 3))]
    rows[3] = ("Other (income) expense, net", 20, None)  # a misread sign proves nothing
    assert _footings(rows) == []
