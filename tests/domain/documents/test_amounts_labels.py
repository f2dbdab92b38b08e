"""Printed amounts, labels, units and period columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from credit_dd.documents.amounts import parse_amount
from credit_dd.documents.labels import default_synonyms, normalise_label
from credit_dd.documents.periods import column_date, detect_unit


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.00", Decimal("1234.00")),
        ("(1,234.00)", Decimal("-1234.00")),
        ("-1,234", Decimal("-1234")),
        ("－", Decimal(0)),
        ("—", Decimal(0)),
        ("-2,038,791,290.11", Decimal("-2038791290.11")),
        ("(1,234", None),
        ("1,23", None),
        ("营业收入", None),
    ],
)
def test_it_reads_printed_amounts(text: str, value: Decimal | None) -> None:
    """It reads separators, bracketed and signed negatives, and dashes as zero."""
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("label", "kind", "item"),
    [
        ("四、利润总额（亏损总额以“－”号", "income_statement", "total_profit"),
        ("其中：营业收入", "income_statement", "revenue"),
        ("其中：利息费用", "income_statement", "interest_expense"),
        ("Less: Cost of sales", "income_statement", "cost_of_sales"),
        ("Finance costs", "income_statement", "financial_expenses"),
        ("Profit/(loss) for the year", "income_statement", "net_profit"),
        ("(Loss)/profit before tax", "income_statement", "total_profit"),
        ("Trade receivables (Note 5)", "balance_sheet", "accounts_receivable"),
        ("合同负债", "balance_sheet", "advances_from_customers"),
        ("负债和所有者权益（或股东权益）总计", "balance_sheet", "total_liabilities_and_equity"),
        ("Total shareholders’ equity", "balance_sheet", "total_equity"),
        ("Net cash (used in)/generated from operating activities", "cash_flow", "net_cash_from_operating"),
        ("其他应收款", "balance_sheet", "other_receivables"),
        ("应收款项融资", "balance_sheet", None),
    ],
)
def test_it_maps_printed_labels_to_canonical_items(label: str, kind: str, item: str | None) -> None:
    """It maps Chinese and English (IFRS, CAS) wordings through the synonym table."""
    found = default_synonyms().match(kind, label)  # type: ignore[arg-type]
    assert (found.item if found else None) == item


def test_normalising_keeps_the_core_of_a_label() -> None:
    """It strips enumerations, prefixes and remarks, nothing else."""
    assert normalise_label("五、净利润（净亏损以“－”号填列）") == "净利润"
    assert normalise_label("(a) Trade receivables") == "trade receivables"


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("单位：元", 1),
        ("单位：万元", 10_000),
        ("金额单位：人民币千元", 1_000),
        ("(Expressed in RMB'000)", 1_000),
        ("RMB million", 1_000_000),
        ("In thousands of US dollars", 1_000),
    ],
)
def test_it_detects_the_printed_unit(text: str, scale: int) -> None:
    """It reads 元/千元/万元/百万元 and English thousands and millions."""
    unit = detect_unit(text)
    assert unit is not None and unit.scale == scale


@pytest.mark.parametrize(
    ("heading", "balance_sheet", "expected"),
    [
        ("期末余额", True, date(2025, 12, 31)),
        ("上年年末余额", True, date(2024, 12, 31)),
        ("期初余额", True, date(2024, 12, 31)),
        ("上期金额", False, date(2024, 12, 31)),
        ("2024", True, date(2024, 12, 31)),
        ("31 December 2024", True, date(2024, 12, 31)),
        ("2024年12月31日", True, date(2024, 12, 31)),
        ("Notes", True, None),
        ("期未余额", True, date(2025, 12, 31)),  # OCR's 末 read as 未
        ("期未数", True, date(2025, 12, 31)),
    ],
)
def test_it_dates_period_columns(heading: str, balance_sheet: bool, expected: date | None) -> None:
    """It dates a period column from its heading and the statement date."""
    assert column_date(heading, date(2025, 12, 31), balance_sheet) == expected


def test_a_quarter_prior_column_is_the_same_quarter_a_year_earlier() -> None:
    """上期发生额 of a Q1 income statement is Q1 of the previous year; 期初 of its balance sheet is the year start."""
    assert column_date("上期发生额", date(2018, 3, 31), False) == date(2017, 3, 31)
    assert column_date("期初余额", date(2018, 3, 31), True) == date(2017, 12, 31)


@pytest.mark.parametrize(
    ("label", "core"),
    [
        ("货币资金 五、1", "货币资金"),
        ("应收账款 七（3）", "应收账款"),
        ("存货 附注5", "存货"),
        ("Inventories (note 7)", "inventories"),
    ],
)
def test_note_references_after_a_label_are_dropped(label: str, core: str) -> None:
    """Note references (五、1, 七（3）, 附注5, note 7) are not part of the label."""
    assert normalise_label(label) == core


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Dec 31, 2025", date(2025, 12, 31)), ("31 Dec. 2024", date(2024, 12, 31)), ("2025.12.31", date(2025, 12, 31))],
)
def test_abbreviated_and_dotted_dates_are_read(text: str, expected: date) -> None:
    """Month abbreviations and dotted dates are dates too."""
    from credit_dd.documents.periods import find_dates

    assert find_dates(text) == [expected]


def test_a_year_column_may_carry_its_currency() -> None:
    """'2025 RMB' and 'Year 2024' head period columns."""
    assert column_date("2025 RMB", None, True) == date(2025, 12, 31)
    assert column_date("Year 2024", None, False) == date(2024, 12, 31)


def test_bank_dates_follow_the_statement_order() -> None:
    """03/11/2025 is 3 November when the statement also prints 25/11/2025, else 11 March."""
    from credit_dd.documents.bankdates import day_first_order, parse_date_token

    assert day_first_order("03/11/2025 x 25/11/2025") is True
    assert day_first_order("07/02 x 07/14") is False
    assert parse_date_token("03/11/2025", None, day_first=True)[0] == date(2025, 11, 3)
    assert parse_date_token("03/11/2025", None)[0] == date(2025, 3, 11)
    assert parse_date_token("02-29", 2022) == (None, True)


def test_fake_bold_is_detected_only_where_glyphs_overlap() -> None:
    """Glyphs drawn twice within a point are fake bold; neighbouring glyphs are not."""
    from credit_dd.documents.pdftext import drawn_twice

    def char(text: str, x: float) -> dict[str, object]:
        return {"text": text, "x0": x, "top": 100.0}

    assert drawn_twice([char("S", 10.0), char("S", 10.4), char("t", 16.0)])
    assert not drawn_twice([char("1", 10.0), char("1", 14.5), char("1", 19.0)])


def test_a_label_wrapped_over_two_lines_is_matched_by_its_start() -> None:
    """四、汇率变动对现金及现金等价物 / 的影响 is the exchange-rate effect; a short or ambiguous start is not."""
    table = default_synonyms()
    found = table.match_wrapped("cash_flow", "四、汇率变动对现金及现金等价物")
    assert found is not None and found.item == "fx_effect_on_cash"
    assert table.match_wrapped("balance_sheet", "应收") is None
