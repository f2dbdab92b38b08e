"""The captions, titles, currencies and cover lines of the standard formats of each market.

Written from the formats (会企 / 会小企, TIFRS for Taiwan, HKFRS as Hong Kong prints it, IAS 1 and
IAS 7, Regulation S-X, Ind AS Schedule III, Japanese GAAP in English), not from documents at hand:
a caption of a core figure that the vocabulary misses leaves the figure missing on every report of
that market.
"""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.documents.labels import default_synonyms
from credit_dd.documents.pdftext import TextLine, Word
from credit_dd.documents.periods import declares_whole_units, detect_currency, detect_unit
from credit_dd.documents.statement_columns import is_body_line
from credit_dd.documents.statement_headings import is_continuation, misread_title_kind, title_kind, title_scope
from credit_dd.documents.statement_sections import _report_period_date

B, P, C = "balance_sheet", "income_statement", "cash_flow"  # balance sheet, profit and loss, cash flow
CAPTIONS = [
    # Taiwan (TIFRS): a year of loss prints 本期淨損; 負債及權益總額 beside 總計
    (P, "本期淨損", "net_profit"),
    (P, "本年度淨損", "net_profit"),
    (P, "本期稅後淨利（淨損）", "net_profit"),
    (B, "負債及權益總額", "total_liabilities_and_equity"),
    # Hong Kong (HKFRS in traditional characters)
    (P, "收益", "revenue"),
    (P, "營業額", "revenue"),
    (P, "年內溢利", "net_profit"),
    (P, "期內（虧損）／溢利", "net_profit"),
    (P, "除稅前溢利", "total_profit"),
    (P, "經營溢利", "operating_profit"),
    (P, "所得稅開支", "income_tax"),
    (P, "銷售成本", "cost_of_sales"),
    (B, "資產總值", "total_assets"),
    (B, "流動資產總值", "total_current_assets"),
    (B, "流動負債總值", "total_current_liabilities"),
    (B, "負債總值", "total_liabilities"),
    (B, "總權益", "total_equity"),
    (B, "權益及負債總額", "total_liabilities_and_equity"),
    (B, "資產淨值", "net_assets"),
    (C, "經營活動所得現金淨額", "net_cash_from_operating"),
    (C, "經營活動（所用）／所得現金淨額", "net_cash_from_operating"),
    (C, "投資活動所用現金淨額", "net_cash_from_investing"),
    (C, "融資活動（所用）／所得現金淨額", "net_cash_from_financing"),
    (C, "現金及現金等價物增加淨額", "net_increase_in_cash"),
    (C, "年初現金及現金等價物", "cash_equivalents_begin"),
    (C, "年末現金及現金等價物", "cash_equivalents_end"),
    # IFRS, UK and Commonwealth, Ind AS, US GAAP, Japanese GAAP in English
    (P, "Profit for the financial year", "net_profit"),
    (P, "Net loss for the period", "net_profit"),
    (P, "Net income for the year", "net_profit"),
    (P, "Total revenue from operations", "revenue"),
    (P, "Net sales and revenues", "revenue"),
    (B, "Total liabilities and net assets", "total_liabilities_and_equity"),
    (C, "Net loss for the period", "cash_flow_net_profit"),
    # the FASB taxonomy's standard labels and the forms filings print beside them
    (P, "Net income (loss), including portion attributable to noncontrolling interest", "net_profit"),
    (P, "Net loss and comprehensive loss", "net_profit"),  # a company without other comprehensive income
    (P, "Net income for the quarter", "net_profit"),
    (P, "Net profit after tax", "net_profit"),
    (P, "Profit for the period attributable to equity holders of the company", "net_profit_to_owners"),
    (P, "Sales and other operating revenues", "revenue"),
    (P, "Net operating revenues", "revenue"),
    (P, "Total revenues, net", "revenue"),
    (C, "Net cash used for operating activities", "net_cash_from_operating"),
    (C, "Cash provided by operating activities, net", "net_cash_from_operating"),
    (B, "Total shareowners' equity", "total_equity"),
    (B, "Total partners' capital", "total_equity"),
    (B, "Total members' equity", "total_equity"),
    (B, "Total Example Inc. stockholders' equity", "equity_to_owners"),  # before non-controlling interests
    (B, "Total liabilities and partners' capital", "total_liabilities_and_equity"),
    (B, "Total liabilities and shareowners' equity", "total_liabilities_and_equity"),
    (B, "Total liabilities and stockholders' equity", "total_liabilities_and_equity"),
    # continuing operations alone leave out the discontinued: not the whole figure, a part of it
    (C, "Net cash provided by operating activities of continuing operations", "operating_continuing"),
    # what must stay apart: comprehensive income is not the profit, other income not the revenue
    (P, "Total comprehensive income for the year", None),
    (P, "Other comprehensive income for the year", None),
    (P, "其他收益", None),
]


@pytest.mark.parametrize(("kind", "label", "item"), CAPTIONS)
def test_each_markets_captions_map_to_their_items(kind: str, label: str, item: str | None) -> None:
    found = default_synonyms().match(kind, label)  # type: ignore[arg-type]
    assert (found.item if found else None) == item


@pytest.mark.parametrize(
    ("title", "kind", "scope"),
    [
        ("合併資產負債表", "balance_sheet", "consolidated"),  # Taiwan: 併, not 并
        ("合併綜合損益表", "income_statement", "consolidated"),
        ("個體綜合損益表", "income_statement", "single"),
        ("綜合損益表", "income_statement", "single"),  # Taiwan's comprehensive income, not a scope
        ("綜合財務狀況表", "balance_sheet", "consolidated"),  # Hong Kong: 綜合 is consolidated
        ("綜合損益及其他全面收益表", "income_statement", "consolidated"),
        ("綜合現金流量表", "cash_flow", "consolidated"),
        ("綜合全面收益表", "other", "consolidated"),
        ("綜合權益變動表", "other", "consolidated"),
    ],
)
def test_taiwan_and_hong_kong_titles_are_statements_of_their_scope(title: str, kind: str, scope: str) -> None:
    assert (title_kind(title), title_scope(title)) == (kind, scope)


def test_a_title_continued_in_traditional_characters_continues_its_statement() -> None:
    assert is_continuation("合併資產負債表（續）") and is_continuation("资产负债表（续）")


def test_currencies_are_named_in_either_script() -> None:
    assert detect_currency("單位：港幣千元") == "HKD"
    assert detect_currency("單位：新台幣仟元") == "TWD"
    assert detect_currency("(in millions of yen)") == "JPY"
    assert declares_whole_units(["新台幣元"]) and declares_whole_units(["港幣元"])


def test_a_currency_in_whole_units_on_its_own_line_declares_the_unit() -> None:
    """人民币元 over a two-sided sheet's columns is a declaration; the same words inside a sentence are not."""
    assert detect_unit("人民币元") is not None and detect_unit("人民币元").scale == 1  # type: ignore[union-attr]
    assert detect_unit("港幣元") is not None
    assert detect_unit("金额为人民币元的部分") is None


def test_a_taiwan_cover_dates_the_report_in_roc_years() -> None:
    assert _report_period_date("示例科技股份有限公司 109 年半年度报告") == date(2020, 6, 30)
    assert _report_period_date("示例科技股份有限公司 2024 年年度报告") == date(2024, 12, 31)


def test_an_ocr_title_one_character_off_a_long_standard_title_still_opens_its_statement() -> None:
    """合并利润及利泪分配表 (润 read as 泪) is the income statement; a short title, or other words before it, is not."""
    assert misread_title_kind("合并利润及利泪分配表") == "income_statement"
    assert misread_title_kind("示例科技股份有限公司合并资产负侦表") == "balance_sheet"
    assert misread_title_kind("利泪表") is None  # three characters: one off is too close to anything
    assert misread_title_kind("其他现金流量表") is None  # not after scope words alone


def test_a_lone_bare_number_is_not_a_table_row() -> None:
    """A cover date OCR lost its characters from (2026年年度 read as 20264645) does not start the table."""
    lone = TextLine(page=1, top=100.0, words=(Word("20264645", 300.0, 340.0, 100.0, "ocr"),))
    row = TextLine(
        page=1,
        top=114.0,
        words=(Word("营业收入", 60.0, 100.0, 114.0, "ocr"), Word("654,335.76", 300.0, 340.0, 114.0, "ocr")),
    )
    assert not is_body_line(lone) and is_body_line(row)
