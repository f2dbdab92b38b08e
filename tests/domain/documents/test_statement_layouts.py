"""Statement layouts the samples do not have, built word by word (no PDF needed)."""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.documents.history import merge_statements
from credit_dd.documents.pdftext import PdfText
from credit_dd.documents.statement_headings import title_kind
from credit_dd.documents.statements import extract_statements, split_parent_only
from tests.conftest import text_pdf

Row = list[tuple[str, float]]  # (word, x0) pairs; each word is 6 pt a character wide


def _pdf(*pages: list[Row]) -> PdfText:
    return text_pdf(*pages)  # type: ignore[no-any-return]


def _right(text: str, x1: float) -> tuple[str, float]:
    """A figure right-aligned on ``x1``."""
    return text, x1 - 6 * len(text)


def _history(pdf: PdfText, scope: str = "group"):  # type: ignore[no-untyped-def]
    group, parent = split_parent_only(extract_statements(pdf, "fs.pdf"))
    return merge_statements(parent if scope == "parent" else group, "CNY")


def test_a_full_year_income_statement_under_a_year_heading_lands_on_its_year() -> None:
    """合并利润表 / 2025年度 / 本期金额 上期金额: 2025 under 2025-12-31, 2024 under 2024-12-31."""
    pdf = _pdf(
        [
            [("合并利润表", 250)],
            [("2025年度", 260)],
            [("单位：元", 480)],
            [("项目", 60), ("本期金额", 330), ("上期金额", 450)],
            [("一、营业收入", 60), _right("1,000.00", 400), _right("800.00", 520)],
            [("五、净利润", 60), _right("100.00", 400), _right("80.00", 520)],
        ]
    )
    history = _history(pdf)
    assert history.get(date(2025, 12, 31), "revenue") == 1000.0
    assert history.get(date(2024, 12, 31), "revenue") == 800.0
    assert history.starts[date(2025, 12, 31)] == date(2025, 1, 1)


def test_a_quarter_is_never_taken_for_a_year() -> None:
    """A third-quarter report's 年初至报告期末 income statement covers January to September."""
    pdf = _pdf(
        [
            [("某某股份有限公司2025年第三季度报告", 150)],
            [("合并年初到报告期末利润表", 220)],
            [("单位：元", 480)],
            [("项目", 60), ("本期发生额", 330), ("上期发生额", 450)],
            [("一、营业总收入", 60), _right("3,000.00", 400), _right("2,000.00", 520)],
        ]
    )
    history = _history(pdf)
    assert history.get(date(2025, 9, 30), "revenue") == 3000.0
    assert history.starts[date(2025, 9, 30)] == date(2025, 1, 1)
    assert history.get(date(2024, 9, 30), "revenue") == 2000.0


def test_a_unit_declared_once_in_the_preamble_applies() -> None:
    """除特别注明外，金额单位为人民币百万元 on an earlier page scales the statement by 10^6."""
    pdf = _pdf(
        [[("财务报表附注", 60)], [("除特别注明外，金额单位为人民币百万元", 60)]],
        [
            [("合并资产负债表", 250)],
            [("项目", 60), ("2025年12月31日", 300), ("2024年12月31日", 430)],
            [("资产总计", 60), _right("9,266,671", 400), _right("8,603,024", 520)],
        ],
    )
    statement = extract_statements(pdf, "fs.pdf")[0]
    assert statement.unit == "百万元" and not statement.unit_assumed
    assert statement.values[date(2025, 12, 31)]["total_assets"].value == 9_266_671_000_000


def test_no_unit_anywhere_is_read_as_units_and_says_so() -> None:
    """A statement with no unit printed is read in whole units and marked unit_assumed."""
    pdf = _pdf(
        [
            [("Balance Sheet", 250)],
            [("As at", 60), ("31 December 2025", 300), ("31 December 2024", 430)],
            [("Total assets", 60), _right("1,234", 400), _right("1,000", 520)],
        ]
    )
    statement = extract_statements(pdf, "fs.pdf")[0]
    assert statement.unit_assumed and statement.values[date(2025, 12, 31)]["total_assets"].value == 1234


def test_group_and_parent_columns_in_one_table_are_kept_apart() -> None:
    """本集团 | 本行 over four stacked columns: the group's figures and the bank's own, each dated."""
    pdf = _pdf(
        [
            [("合并及银行资产负债表", 240)],
            [("单位：人民币百万元", 400)],
            [("本集团", 300), ("本银行", 450)],
            [("2025年", 270), ("2024年", 340), ("2025年", 410), ("2024年", 480)],
            [("12月31日", 262), ("12月31日", 332), ("12月31日", 402), ("12月31日", 472)],
            [("资产总计", 60), _right("9,000", 320), _right("8,000", 390), _right("7,000", 460), _right("6,000", 530)],
        ]
    )
    assert _history(pdf).get(date(2025, 12, 31), "total_assets") == 9_000_000_000
    assert _history(pdf).get(date(2024, 12, 31), "total_assets") == 8_000_000_000
    assert _history(pdf, "parent").get(date(2025, 12, 31), "total_assets") == 7_000_000_000


def test_a_52_week_year_is_that_fiscal_year() -> None:
    """Years ended December 31, 2016 and January 2, 2016: 2015's column ends on 2 January 2016."""
    pdf = _pdf(
        [
            [("Consolidated Statements of Earnings", 200)],
            [("For the years ended December 31, 2016 and January 2, 2016", 60)],
            [("(millions of Canadian dollars)", 60), ("2016", 450), ("2015(i)", 520)],
            [("Revenue", 60), ("$", 410), _right("46,385", 475), ("$", 490), _right("45,394", 560)],
            [("Net Earnings", 60), ("$", 410), _right("990", 475), ("$", 490), _right("589", 560)],
        ]
    )
    history = _history(pdf)
    assert history.get(date(2016, 1, 2), "revenue") == 45_394_000_000
    assert history.get(date(2016, 12, 31), "net_profit") == 990_000_000
    assert history.starts[date(2016, 12, 31)] == date(2016, 1, 3)


def test_totals_printed_without_a_caption_are_named_by_their_block() -> None:
    """Current … 1,026; ASSETS … 14,424: bare lines that sum their block are its totals."""
    pdf = _pdf(
        [
            [("Consolidated Statements of Financial Position", 150)],
            [("(millions of dollars)", 60), ("August 31, 2018", 390), ("August 31, 2017", 490)],
            [("ASSETS", 60)],
            [("Current", 60)],
            [("Cash", 70), _right("384", 480), _right("507", 560)],
            [("Accounts receivable", 70), _right("642", 480), _right("611", 560)],
            [_right("1,026", 480), _right("1,118", 560)],
            [("Goodwill", 70), _right("13,398", 480), _right("13,255", 560)],
            [_right("14,424", 480), _right("14,373", 560)],
        ]
    )
    history = _history(pdf)
    assert history.get(date(2018, 8, 31), "total_current_assets") == 1_026_000_000
    assert history.get(date(2018, 8, 31), "total_assets") == 14_424_000_000


def test_a_bare_line_that_adds_up_to_nothing_is_not_read() -> None:
    """An uncaptioned line that is not its block's sum is left unread, never guessed."""
    pdf = _pdf(
        [
            [("Balance Sheet", 250)],
            [("(in thousands)", 60), ("2025", 450), ("2024", 520)],
            [("Current", 60)],
            [("Cash", 70), _right("100", 475), _right("90", 545)],
            [("Inventories", 70), _right("50", 475), _right("40", 545)],
            [_right("151", 475), _right("130", 545)],
        ]
    )
    assert _history(pdf).get(date(2025, 12, 31), "total_current_assets") is None


def test_wrapped_labels_with_the_figures_on_the_first_line_are_joined() -> None:
    """所有者权益（或股东权 196,957… / 益）合计 is total equity."""
    pdf = _pdf(
        [
            [("合并资产负债表", 250)],
            [("单位：元", 480)],
            [("项目", 60), ("2021年12月31日", 300), ("2020年12月31日", 430)],
            [("所有者权益（或股东权", 60), _right("196,957.34", 400), _right("167,720.28", 520)],
            [("益）合计", 60)],
        ],
    )
    history = _history(pdf)
    assert history.get(date(2021, 12, 31), "total_equity") == 196_957.34
    assert history.get(date(2020, 12, 31), "total_equity") == 167_720.28


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("合并资产负债表", "balance_sheet"),
        ("1 、合并资产负债表", "balance_sheet"),
        ("合幵及银行资产负债表", "balance_sheet"),
        ("合并及公司利润表 – 按中国会计准则编制", "income_statement"),
        ("2、合并年初到报告期末利润表", "income_statement"),
        ("Consolidated Statements of Operations", "income_statement"),
        ("CONSOLIDATED STATEMENTS OF FINANCIAL POSITION", "balance_sheet"),
        ("Condensed Consolidated Statement of Profit or Loss and Other Comprehensive Income", "income_statement"),
        ("Consolidated Statements of Cash Flows (continued)", "cash_flow"),
        ("合并所有者权益变动表", "other"),
        ("资产负债表日后事项", None),
        ("本公司在资产负债表中将持有待售的非流动资产列报", None),
        ("(3). 期末公司已背书或贴现且在资产负债表日尚未到期的应收票据", None),
    ],
)
def test_only_a_whole_title_line_starts_a_statement(text: str, kind: str | None) -> None:
    """A title line starts a statement; a sentence in the notes that mentions one does not."""
    assert title_kind(text) == kind


@pytest.mark.parametrize(
    ("end", "label", "context", "interim", "start"),
    [
        (
            date(2018, 8, 31),
            "2018",
            "Years ended August 31,",
            True,
            date(2017, 9, 1),
        ),  # "interim dividend" on the cover
        (date(2025, 6, 30), "本期金额", "2025年半年度", True, date(2025, 1, 1)),
        (date(2024, 9, 30), "6 months to 30 September 2024", "", True, date(2024, 4, 1)),
        (date(2025, 9, 30), "本期发生额", "合并年初到报告期末利润表", True, date(2025, 1, 1)),
        (date(2016, 1, 2), "2015", "For the 52 weeks ended January 2, 2016", False, date(2015, 1, 4)),
        (date(2025, 9, 30), "2025", "", False, None),  # nothing says how long: never assumed a year
    ],
)
def test_a_flow_column_starts_where_its_heading_says(
    end: date, label: str, context: str, interim: bool, start: date | None
) -> None:
    """Years, halves, year-to-date, N months and 52 weeks, from the column first, then the title block."""
    from credit_dd.documents.periods import flow_start

    assert flow_start(end, label, context, interim) == start
