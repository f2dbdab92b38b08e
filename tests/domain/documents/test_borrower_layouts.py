"""Layouts borrowers send and other markets print (issue 26, points 3, 4 and 6), built word by word."""

from __future__ import annotations

from datetime import date

from credit_dd.documents.amounts import parse_amount
from credit_dd.documents.history import merge_statements
from credit_dd.documents.labels import default_synonyms
from credit_dd.documents.page_scan import ScannedPage, statement_pages
from credit_dd.documents.pdftext import MIXED_FONTS, PdfText, Word, join_digit_groups, join_font_fragments
from credit_dd.documents.statements import extract_statements, split_parent_only
from tests.conftest import text_pdf

Row = list[tuple[str, float]]


def _right(text: str, x1: float) -> tuple[str, float]:
    return text, x1 - 6 * len(text)


def _history(*pages: list[Row]):  # type: ignore[no-untyped-def]
    pdf: PdfText = text_pdf(*pages)
    group, _ = split_parent_only(extract_statements(pdf, "fs.pdf"))
    return merge_statements(group, "CNY")


def test_an_accounting_package_export_keeps_the_year_so_far_not_the_month() -> None:
    """利润表 with 本月金额 beside 本年累计金额 and the month only in the 编制单位 line: the year so far."""
    history = _history(
        [
            [("资产负债表", 250)],
            [("编制单位：示例商贸有限公司", 60), ("2025年11月30日", 250), ("单位：元", 400)],
            [("项目", 60), ("行次", 230), ("期末余额", 330), ("年初余额", 450)],
            [("资产总计", 60), ("8", 240), _right("5000.00", 400), _right("4000.00", 520)],
            [("负债和所有者权益总计", 60), ("18", 240), _right("5000.00", 400), _right("4000.00", 520)],
        ],
        [
            [("利润表", 250)],
            [("编制单位：示例商贸有限公司", 60), ("2025年11月", 250), ("单位：元", 400)],
            [("项目", 60), ("行次", 230), ("本月金额", 330), ("本年累计金额", 440)],
            [("一、营业收入", 60), ("1", 240), _right("300.00", 400), _right("3200.00", 520)],
            [("四、净利润", 60), ("9", 240), _right("20.00", 400), _right("250.00", 520)],
        ],
    )
    november = date(2025, 11, 30)
    assert history.get(november, "revenue") == 3200.0 and history.get(november, "net_profit") == 250.0
    assert history.starts[november] == date(2025, 1, 1)
    assert history.get(date(2024, 12, 31), "total_assets") == 4000.0


def test_three_month_columns_before_nine_month_ones_give_the_nine_months() -> None:
    """A 10-Q: Three Months Ended | Nine Months Ended over 2023 2022 2023 2022: the year to date is kept."""
    history = _history(
        [
            [("Consolidated Statements of Operations", 200)],
            [("(in millions)", 60)],
            [("Three Months Ended", 330), ("Nine Months Ended", 450)],
            [("September 30,", 335), ("September 30,", 455)],
            [("2023", 330), ("2022", 380), ("2023", 450), ("2022", 500)],
            [("Revenue", 60), _right("100", 354), _right("90", 404), _right("290", 474), _right("260", 524)],
            [("Net income", 60), _right("10", 354), _right("9", 404), _right("29", 474), _right("26", 524)],
        ]
    )
    end = date(2023, 9, 30)
    assert history.get(end, "revenue") == 290_000_000 and history.starts[end] == date(2023, 1, 1)
    assert history.get(date(2022, 9, 30), "net_profit") == 26_000_000


def test_a_june_year_end_is_a_year_from_july() -> None:
    """Year ended June 30, over bare years: 2025-06-30, from 2024-07-01."""
    history = _history(
        [
            [("Consolidated Statement of Income", 220)],
            [("Year ended June 30,", 300)],
            [("(in thousands of dollars)", 60)],
            [("2025", 370), ("2024", 470)],
            [("Revenue", 60), _right("5,000", 400), _right("4,000", 500)],
        ]
    )
    assert history.get(date(2025, 6, 30), "revenue") == 5_000_000
    assert history.starts[date(2025, 6, 30)] == date(2024, 7, 1)


def test_a_taiwan_statement_reads_in_traditional_characters_roc_years_and_account_codes() -> None:
    """個體資產負債表, 民國 113 年, 單位：新台幣仟元, 1XXX 資產總計: total assets at 2024-12-31, in NT$ thousands."""
    pdf: PdfText = text_pdf(
        [
            [("統一企業股份有限公司", 220)],
            [("個 體 資 產 負 債 表", 220)],
            [("民國 113 年及 112 年 12 月 31 日", 210)],
            [("單位：新台幣仟元", 430)],
            [("113 年 12 月 31 日", 300), ("112 年 12 月 31 日", 430)],
            [("1XXX", 30), ("資產總計", 60), _right("267,982,112", 400), _right("252,906,212", 530)],
            [("2XXX", 30), ("負債總計", 60), _right("132,781,761", 400), _right("128,018,480", 530)],
            [("3XXX", 30), ("權益總計", 60), _right("135,200,351", 400), _right("124,887,732", 530)],
        ]
    )
    statement = extract_statements(pdf, "tw.pdf")[0]
    values = statement.values[date(2024, 12, 31)]
    assert statement.currency == "TWD" and statement.unit == "仟元"
    assert values["total_assets"].value == 267_982_112_000 and values["total_equity"].value == 135_200_351_000
    assert statement.values[date(2023, 12, 31)]["total_liabilities"].value == 128_018_480_000


def test_a_net_assets_balance_sheet_gets_its_totals_derived_and_marked() -> None:
    """Net current assets, net assets = total equity, no total assets or liabilities line: derived, marked."""
    statement = extract_statements(
        text_pdf(
            [
                [("Statement of Financial Position", 200)],
                [("(in thousands of dollars)", 60)],
                [("31 December 2025", 330), ("31 December 2024", 450)],
                [("Total non-current assets", 60), _right("6,000", 400), _right("5,000", 520)],
                [("Total current assets", 60), _right("4,000", 400), _right("3,000", 520)],
                [("Total current liabilities", 60), _right("2,500", 400), _right("2,000", 520)],
                [("Net current assets", 60), _right("1,500", 400), _right("1,000", 520)],
                [("Total non-current liabilities", 60), _right("1,500", 400), _right("1,000", 520)],
                [("Net assets", 60), _right("6,000", 400), _right("5,000", 520)],
                [("Total equity", 60), _right("6,000", 400), _right("5,000", 520)],
            ]
        ),
        "uk.pdf",
    )[0]
    values = statement.values[date(2025, 12, 31)]
    assert values["total_assets"].value == 10_000_000 and values["total_assets"].derived
    assert (
        values["total_liabilities"].value == 4_000_000
        and values["total_liabilities"].derived_from == "liabilities_split"
    )
    assert values["total_liabilities_and_equity"].value == 10_000_000 and values["net_assets"].value == 6_000_000


def test_a_net_profit_printed_only_in_its_two_shares_is_their_sum_marked_derived() -> None:
    """The owners' and the non-controlling interests' shares with no consolidated line: the net profit is
    derived from them; a statement that prints the net profit keeps its own line."""

    def income(*last: list[tuple[str, float]]):  # type: ignore[no-untyped-def]
        return extract_statements(
            text_pdf(
                [
                    [("Consolidated Statements of Income", 200)],
                    [("(in millions)", 60)],
                    [("Year Ended December 31,", 330)],
                    [("2025", 380), ("2024", 500)],
                    [("Revenues", 60), _right("1,000", 400), _right("900", 520)],
                    [("Income before income taxes", 60), _right("200", 400), _right("150", 520)],
                    [("Income tax expense", 60), _right("50", 400), _right("40", 520)],
                    *last,
                ]
            ),
            "us.pdf",
        )[0].values[date(2025, 12, 31)]

    shares = income(
        [("Net income attributable to Example Corp.", 60), _right("140", 400), _right("100", 520)],
        [("Net income attributable to noncontrolling interests", 60), _right("10", 400), _right("10", 520)],
    )
    assert shares["net_profit"].value == 150_000_000 and shares["net_profit"].derived
    assert shares["net_profit_to_owners"].value == 140_000_000
    printed = income(
        [("Net income", 60), _right("150", 400), _right("110", 520)],
        [("Less: Net income attributable to noncontrolling interests", 60), _right("10", 400), _right("10", 520)],
        [("Net income attributable to Example Corp.", 60), _right("140", 400), _right("100", 520)],
    )
    assert printed["net_profit"].value == 150_000_000 and not printed["net_profit"].derived


def test_figures_printed_with_spaces_apostrophes_or_indian_grouping_are_one_number() -> None:
    """1 234 567 (three words a space apart) is joined; 1'234'567 and 3,56,099 (lakhs) parse; columns stay apart."""
    words = [
        Word("1", 100, 105, 10),
        Word("234", 107.5, 122, 10),
        Word("567.00", 124.5, 150, 10),
        Word("890", 200, 215, 10),
    ]
    assert [w.text for w in join_digit_groups(words)] == ["1,234,567.00", "890"]
    assert [w.text for w in join_digit_groups([Word("(", 10, 13, 5), Word("37,596,018)", 14, 60, 5)])] == [
        "(37,596,018)"
    ]
    assert parse_amount("1'234'567") == 1_234_567 and parse_amount("3,56,099") == 356_099
    assert parse_amount("12,34") is None


def test_a_word_split_where_a_font_subset_changes_is_one_word_and_not_an_edit() -> None:
    """短 | 期借款 in two subsets of one font are one word; digits in two subsets are not 'mixed fonts'."""
    label = join_font_fragments([Word("短", 60, 68, 5, "AAAAAA+Zen"), Word("期借款", 68, 92, 5, "AAAAAB+Zen")])
    figure = join_font_fragments([Word("４", 300, 308, 5, "AAAAAA+Zen"), Word("７", 308, 316, 5, "AAAAAB+Zen")])
    edited = join_font_fragments([Word("12", 300, 310, 5, "Arial"), Word("3", 310, 315, 5, "Times")])
    assert [w.text for w in label] == ["短期借款"] and MIXED_FONTS not in figure[0].fontname
    assert MIXED_FONTS in edited[0].fontname


def test_small_enterprise_and_ifrs_captions_are_in_the_vocabulary() -> None:
    """会小企03表's 现金净增加额 / 期末现金余额, IFRS turnover and US GAAP 'Net (loss) income' map to their items."""
    table = default_synonyms()
    cases = {
        ("cash_flow", "四、现金净增加额"): "net_increase_in_cash",
        ("cash_flow", "五、期末现金余额"): "cash_equivalents_end",
        ("balance_sheet", "固定资产账面价值"): "fixed_assets",
        ("income_statement", "Turnover"): "revenue",
        ("income_statement", "Net (loss) income"): "net_profit",
        ("income_statement", "Revenue from operations"): "revenue",
        ("balance_sheet", "Total equity and liabilities"): "total_liabilities_and_equity",
        ("income_statement", "本期淨利（淨損）"): "net_profit",
    }
    assert {key: getattr(table.match(*key), "item", None) for key in cases} == cases


def test_a_long_report_is_laid_out_only_on_its_statement_pages() -> None:
    """Of 40 pages, the cover and preamble, each statement's title page and the table pages after it."""
    prose = "本公司管理层对财务报表负责。" * 5
    table = "\n".join(f"项目{i} 1,{i:03d},000.00 2,{i:03d},000.00" for i in range(12))
    pages = [ScannedPage(n, prose, 200) for n in range(1, 41)]
    pages[19] = ScannedPage(20, "合并资产负债表\n" + table, 400)
    pages[20] = ScannedPage(21, table, 400)
    pages[21] = ScannedPage(22, "负债和所有者权益总计 9.00 8.00\n法定代表人：张伟", 60)
    chosen = statement_pages(pages)
    assert chosen == {1, 2, 3, 20, 21, 22}
    assert statement_pages([ScannedPage(n, prose, 200) for n in range(1, 41)]) is None  # no title: read it all


def test_a_document_that_prints_statements_is_financial_statements_whatever_else_it_says() -> None:
    """A results announcement that quotes contracts and prints a cash-flow statement with balance-sheet and
    income-statement titles is financial statements, not a contract and not 'a cash-flow statement'."""
    from credit_dd.documents.files import ParsedDocument, _classify

    pdf: PdfText = text_pdf(
        [[("Results announcement", 200)], [("The group signed a supply contract and agreement with a customer.", 60)]],
        [[("Consolidated Balance Sheet", 200)], [("Total assets are shown in the appendix.", 60)]],
        [[("Consolidated Income Statement", 200)], [("See the appendix.", 60)]],
        [
            [("Consolidated Statement of Cash Flows", 200)],
            [("(in thousands of dollars)", 60)],
            [("2025", 370), ("2024", 470)],
            [("Net cash from operating activities", 60), _right("5,000", 400), _right("4,000", 500)],
            [("Net cash used in investing activities", 60), _right("(1,000)", 400), _right("(900)", 500)],
        ],
    )
    doc = ParsedDocument(file="results.pdf", sha256="s", size=1, true_type="pdf")
    _classify(doc, pdf, "USD")
    assert doc.kind == "financial_statements"
    unread = ParsedDocument(file="annex.pdf", sha256="s", size=1, true_type="pdf")
    _classify(
        unread, text_pdf([[("Contract annex", 60)], [("Balance Sheet", 200)], [("Income Statement", 200)]]), "USD"
    )
    assert unread.kind == "financial_statements" and any("Balance Sheet" in e for e in unread.evidence)


def _ifrs_income_statement(cost: str, tax: str) -> list[Row]:
    return [
        [("Consolidated Income Statement", 200)],
        [("For the year ended 31 December", 60), ("£'000", 450)],
        [("2025", 400), ("2024", 500)],
        [("Revenue", 60), _right("1,000", 424), _right("900", 524)],
        [("Cost of sales", 60), _right(cost, 424), _right(cost, 524)],
        [("Gross profit", 60), _right("400", 424), _right("300", 524)],
        [("Administrative expenses", 60), _right("(100)", 424), _right("(100)", 524)],
        [("Profit before tax", 60), _right("300", 424), _right("200", 524)],
        [("Income tax", 60), _right(tax, 424), _right(tax, 524)],
        [("Profit for the year", 60), _right("225", 424), _right("125", 524)],
    ]


def test_costs_printed_negative_are_costs_and_the_ratios_take_them_so() -> None:
    """IFRS prints Cost of sales (600) and Income tax (75): the canonical costs are costs, so the gross
    margin is 40%, not 160%, and profit before tax less the tax is the profit for the year."""
    from credit_dd.analysis.ratios import compute

    history = _history(_ifrs_income_statement("(600)", "(75)"))
    year = date(2025, 12, 31)
    assert [history.get(year, i) for i in ("cost_of_sales", "admin_expenses", "income_tax")] == [
        600_000.0,
        100_000.0,
        75_000.0,
    ]
    assert compute(history)[year]["gross_margin"].value == 0.4
    printed = history.values[year]["cost_of_sales"].printed
    assert printed in ("(600)", "")  # the token stays as printed


def test_a_statement_that_prints_its_costs_positive_keeps_a_tax_credit_negative() -> None:
    """会企02表's convention: costs positive; a tax printed (75) there is a credit, and stays one."""
    history = _history(_ifrs_income_statement("600", "(75)"))
    year = date(2025, 12, 31)
    assert history.get(year, "cost_of_sales") == 600_000.0 and history.get(year, "income_tax") == -75_000.0
