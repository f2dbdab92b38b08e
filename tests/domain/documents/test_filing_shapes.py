"""Shapes real filings print that the other layout tests do not: written from the formats (US 10-K
statements under Regulation S-X, IFRS statements in a Japanese translation, Taiwan's audited
statements), word by word, not copied from any filing."""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.documents.files import ParsedDocument, _classify
from credit_dd.documents.labels import default_synonyms, normalise_label
from credit_dd.documents.pdftext import PdfText, Word, join_digit_groups
from credit_dd.documents.periods import find_dates
from credit_dd.documents.statement_headings import consolidated_kinds_named, title_kind, title_scope
from credit_dd.documents.statements import extract_statements, split_parent_only
from credit_dd.policy.findings import message_in
from credit_dd.validation.relations import relation_outcomes
from tests.conftest import text_pdf

Row = list[tuple[str, float]]


def _right(text: str, x1: float) -> tuple[str, float]:
    return text, x1 - 6 * len(text)


def _spaced(text: str, x0: float) -> Row:
    """A caption as the separate words a PDF gives, each 6 pt a character, one space apart."""
    words, x = [], x0
    for word in text.split():
        words.append((word, x))
        x += 6 * (len(word) + 1)
    return words


def _row(label: str, now: str, before: str, x: float = 40) -> Row:
    """A caption at ``x`` and its two figures, right-aligned in the columns at 450 and 550."""
    return [(label, x), _right(now, 450), _right(before, 550)]


def _history(*pages: list[Row]):  # type: ignore[no-untyped-def]
    from credit_dd.documents.history import merge_statements

    group, _ = split_parent_only(extract_statements(text_pdf(*pages), "fs.pdf"))
    return merge_statements(group, "USD")


def _statements(*pages: list[Row]):  # type: ignore[no-untyped-def]
    pdf: PdfText = text_pdf(*pages)
    return extract_statements(pdf, "fs.pdf")


def test_two_columns_brackets_touching_are_two_figures() -> None:
    """( 442,563,391)( 92): an accounting format sets each opening bracket at its column's left edge, and
    the closing bracket of one figure touches the opening bracket of the next (one word to pdfplumber)."""
    words = [Word("(", 290, 295, 5), Word("442,563,391)(", 328, 394, 5), Word("92)", 412, 428, 5)]
    assert [w.text for w in join_digit_groups(words)] == ["(442,563,391)", "(92)"]
    with_sign = [Word("(", 290, 295, 5), Word("$", 297, 302, 5), Word("1,138,821)", 338, 388, 5)]
    assert [w.text for w in join_digit_groups(with_sign)] == ["(1,138,821)"]


def test_digits_spaced_apart_before_month_and_day_are_one_number() -> None:
    """113 年 1 月 1 日 / 至 1 2 月 3 1 日: a justified header spaces 12 and 31 apart; the period ends on
    31 December 2024 (民國113年), not on 1 January."""
    assert find_dates("113 年 1 月 1 日 至 1 2 月 3 1 日") == [date(2024, 12, 31)]
    assert find_dates("1 1 3 年 1 2 月 3 1 日") == [date(2024, 12, 31)]


def test_a_taiwan_flow_column_headed_over_two_lines_covers_its_year() -> None:
    statements = _statements(
        [
            [("個體現金流量表", 200)],
            [("民國 113 年及 112 年 1 月 1 日至 12 月 31 日", 150)],
            [("單位：新台幣仟元", 420)],
            [("113 年 1 月 1 日", 350), ("112 年 1 月 1 日", 480)],
            [("至", 362), ("1 2", 372), ("月", 392), ("3 1", 402), ("日", 422)]
            + [("至", 492), ("1 2", 502), ("月", 522), ("3 1", 532), ("日", 552)],
            [("營業活動之現金流量", 40)],
            [("本期稅前淨利", 50), _right("36,304,438", 420), _right("17,838,952", 550)],
            [("營業活動之淨現金流入", 50), _right("30,000,000", 420), _right("20,000,000", 550)],
        ]
    )
    (cash_flow,) = statements
    assert cash_flow.starts == {date(2024, 12, 31): date(2024, 1, 1), date(2023, 12, 31): date(2023, 1, 1)}


def test_a_caption_ending_on_a_joining_word_goes_on_to_the_next_line() -> None:
    """The caption "Net earnings, including earnings attributable to redeemable and" / "noncontrolling interests":
    one caption, the consolidated net earnings; the share of redeemable and non-controlling interests
    is not the owners'."""
    history = _history(
        [
            [("Consolidated Statements of Earnings", 200)],
            [("(In Millions)", 200), ("2023", 420), ("2022", 520)],
            [("Net sales", 40), _right("20,094.2", 450), _right("18,992.8", 550)],
            [("Net earnings, including earnings attributable to redeemable and", 40)],
            [("noncontrolling interests", 46), _right("2,609.6", 450), _right("2,735.0", 550)],
            [("Net earnings attributable to redeemable and noncontrolling interests", 40)]
            + [_right("15.7", 450), _right("27.7", 550)],
            [("Net earnings attributable to Example Inc.", 40), _right("2,593.9", 450), _right("2,707.3", 550)],
        ]
    )
    year = date(2023, 12, 31)
    assert history.get(year, "net_profit") == 2_609_600_000
    assert history.get(year, "net_profit_to_nci") == 15_700_000
    assert history.get(year, "net_profit_to_owners") == 2_593_900_000


def test_fiscal_year_columns_end_on_the_balance_sheet_date() -> None:
    """Flows headed "Fiscal Year / 2023 2022 2021" in a report whose balance sheets are at 28 May 2023
    and 29 May 2022 (a 52/53-week year ending in May) end on those dates, not on 31 December."""
    history = _history(
        [
            [("Consolidated Statements of Earnings", 200)],
            [("(In Millions)", 200)],
            [("Fiscal Year", 420)],
            [("2023", 330), ("2022", 430), ("2021", 530)],
            [("Net sales", 40), _right("20,094.2", 360), _right("18,992.8", 460), _right("18,127.0", 560)],
            [("Net earnings", 40), _right("2,609.6", 360), _right("2,735.0", 460), _right("2,346.0", 560)],
        ],
        [
            [("Consolidated Balance Sheets", 200)],
            [("(In Millions)", 200), ("May 28, 2023", 380), ("May 29, 2022", 480)],
            [("Cash and cash equivalents", 40), _right("585.5", 440), _right("569.4", 540)],
            [("Total assets", 40), _right("31,451.7", 440), _right("31,091.6", 540)],
        ],
    )
    assert history.get(date(2023, 5, 28), "revenue") == 20_094_200_000
    assert history.get(date(2022, 5, 29), "revenue") == 18_992_800_000
    assert history.get(date(2021, 5, 28), "revenue") == 18_127_000_000  # no balance sheet: its month and day
    assert history.starts[date(2023, 5, 28)] == date(2022, 5, 30)
    assert history.get(date(2023, 12, 31), "revenue") is None


def test_a_january_year_end_is_left_as_read() -> None:
    """One retailer's fiscal 2023 ends on 28 January 2024, another's on 28 January 2023: a bare year is
    not put on either balance-sheet date (it stays unproven rather than paired with the wrong one)."""
    history = _history(
        [
            [("Consolidated Statements of Earnings", 200)],
            [("(In Millions)", 200)],
            [("Fiscal Year", 420)],
            [("2023", 330), ("2022", 430), ("2021", 530)],
            [("Net sales", 40), _right("152,669", 360), _right("157,403", 460), _right("151,157", 560)],
        ],
        [
            [("Consolidated Balance Sheets", 200)],
            [("(In Millions)", 200), ("January 28, 2024", 360), ("January 29, 2023", 470)],
            [("Cash and cash equivalents", 40), _right("3,760", 450), _right("2,757", 550)],
            [("Total assets", 40), _right("76,530", 450), _right("76,445", 550)],
        ],
    )
    assert history.get(date(2023, 1, 29), "revenue") is None and history.get(date(2024, 1, 28), "revenue") is None


def test_uncaptioned_totals_after_sibling_blocks_are_total_assets_and_the_whole() -> None:
    """A US balance sheet prints total assets and total liabilities and equity without captions: the
    "Other assets" block after "Current assets" closed must not drop what the current block held."""
    history = _history(
        [
            [("Consolidated Balance Sheets", 200)],
            [("(In thousands)", 200), ("December 31, 2022", 360), ("December 31, 2021", 470)],
            [("ASSETS", 200)],
            [("Current assets", 40)],
            [("Cash and cash equivalents", 50), _right("5,912", 450), _right("4,703", 550)],
            [("Accounts receivable, net", 50), _right("852", 450), _right("584", 550)],
            [("Total current assets", 60), _right("6,764", 450), _right("5,287", 550)],
            [("Property and equipment, net", 40), _right("5,224", 450), _right("14,435", 550)],
            [("Other assets", 40)],
            [("Goodwill", 50), _right("5,129", 450), _right("3,581", 550)],
            [("Other long-term assets, net", 50), _right("1,029", 450), _right("490", 550)],
            [("Total other assets", 60), _right("6,158", 450), _right("4,071", 550)],
            [_right("18,146", 450), _right("23,793", 550)],
            [("LIABILITIES AND STOCKHOLDERS' EQUITY", 150)],
            [("Current liabilities", 40)],
            [("Accounts payable", 50), _right("370", 450), _right("286", 550)],
            [("Accrued liabilities", 50), _right("100", 450), _right("100", 550)],
            [("Total current liabilities", 60), _right("470", 450), _right("386", 550)],
            [("Long-term debt, net", 40), _right("7,433", 450), _right("11,771", 550)],
            [("Stockholders' equity", 40)],
            [("Common stock, $0.01 par value: authorized 1,000,000,000 shares, issued and", 50)],
            [("outstanding 379,087,524 and 453,803,759 shares", 56), _right("3,791", 450), _right("4,538", 550)],
            [("Retained earnings", 50), _right("6,452", 450), _right("7,098", 550)],
            [("Total stockholders' equity", 60), _right("10,243", 450), _right("11,636", 550)],
            [_right("18,146", 450), _right("23,793", 550)],
        ]
    )
    end = date(2022, 12, 31)
    assert history.get(end, "total_assets") == 18_146_000
    assert history.get(end, "total_liabilities_and_equity") == 18_146_000
    assert history.get(end, "total_equity") == 10_243_000


def test_uncaptioned_total_assets_and_whole_after_captioned_blocks_without_an_assets_heading() -> None:
    """Current assets … Non-current assets … a bare line (total assets); a total of the last rows of a block
    (Total non-current liabilities, then Total liabilities) stands for them; a bare line after the equity
    is the whole."""
    history = _history(
        [
            [("Balance Sheets", 200)],
            [("(In millions)", 200), ("December 31, 2022", 360), ("December 31, 2021", 470)],
            [("Current assets", 40)],
            [("Cash and cash equivalents", 50), _right("5,912", 450), _right("4,703", 550)],
            [("Accounts receivable, net", 50), _right("852", 450), _right("584", 550)],
            [("Total current assets", 60), _right("6,764", 450), _right("5,287", 550)],
            [("Non-current assets", 40)],
            [("Property and equipment, net", 50), _right("5,224", 450), _right("14,435", 550)],
            [("Goodwill", 50), _right("5,129", 450), _right("3,581", 550)],
            [("Total non-current assets", 60), _right("10,353", 450), _right("18,016", 550)],
            [_right("17,117", 450), _right("23,303", 550)],
            [("Current liabilities", 40)],
            [("Accounts payable", 50), _right("1,370", 450), _right("1,286", 550)],
            [("Accrued liabilities", 50), _right("1,100", 450), _right("1,100", 550)],
            [("Total current liabilities", 60), _right("2,470", 450), _right("2,386", 550)],
            [("Long-term debt", 50), _right("7,433", 450), _right("11,771", 550)],
            [("Total non-current liabilities", 60), _right("7,433", 450), _right("11,771", 550)],
            [("Total liabilities", 60), _right("9,903", 450), _right("14,157", 550)],
            [("Equity", 40)],
            [("Common stock", 50), _right("3,791", 450), _right("4,538", 550)],
            [("Retained earnings", 50), _right("3,423", 450), _right("4,608", 550)],
            [("Total equity", 60), _right("7,214", 450), _right("9,146", 550)],
            [_right("17,117", 450), _right("23,303", 550)],
        ]
    )
    end = date(2022, 12, 31)
    assert history.values[end]["total_assets"].value == 17_117_000_000
    whole = history.values[end]["total_liabilities_and_equity"]
    assert whole.value == 17_117_000_000 and not whole.derived  # read from the bare line, not derived


def test_a_bare_line_after_the_current_block_and_the_long_term_rows_is_the_whole_side() -> None:
    """Current assets: … Total current assets, then long-term rows without a heading, then a bare line:
    total assets (not a second total of current assets); the same on the liabilities side."""
    history = _history(
        [
            [("Consolidated Balance Sheets", 200)],
            [("(In millions)", 200), ("December 31, 2022", 360), ("December 31, 2021", 470)],
            [("Current assets:", 40)],
            [("Cash and cash equivalents", 50), _right("5,912", 450), _right("4,703", 550)],
            [("Accounts receivable, net", 50), _right("852", 450), _right("584", 550)],
            [("Total current assets", 60), _right("6,764", 450), _right("5,287", 550)],
            [("Property and equipment, net", 40), _right("5,224", 450), _right("14,435", 550)],
            [("Goodwill", 40), _right("5,129", 450), _right("3,581", 550)],
            [_right("17,117", 450), _right("23,303", 550)],
            [("Current liabilities:", 40)],
            [("Accounts payable", 50), _right("1,370", 450), _right("1,286", 550)],
            [("Accrued liabilities", 50), _right("1,100", 450), _right("1,100", 550)],
            [("Total current liabilities", 60), _right("2,470", 450), _right("2,386", 550)],
            [("Long-term debt", 40), _right("7,433", 450), _right("11,771", 550)],
            [_right("9,903", 450), _right("14,157", 550)],
            [("Stockholders' equity:", 40)],
            [("Common stock", 50), _right("3,791", 450), _right("4,538", 550)],
            [("Retained earnings", 50), _right("3,423", 450), _right("4,608", 550)],
            [("Total stockholders' equity", 60), _right("7,214", 450), _right("9,146", 550)],
            [_right("17,117", 450), _right("23,303", 550)],
        ]
    )
    figures = history.values[date(2022, 12, 31)]
    assert figures["total_current_assets"].value == 6_764_000_000
    assert figures["total_assets"].value == 17_117_000_000
    assert figures["total_liabilities"].value == 9_903_000_000
    assert not figures["total_liabilities_and_equity"].derived


def test_a_number_inside_a_caption_is_part_of_it() -> None:
    """The caption "outstanding 379,087,524 shares … 3,791": the share count is words of the caption, not a figure
    (a number once in a statement is no column of its own)."""
    (sheet,) = _statements(
        [
            [("Balance Sheets", 200)],
            [("(In thousands)", 200), ("2022", 536), ("2021", 616)],
            [("Cash", 10), _right("1,100", 560), _right("1,090", 640)],
            [("Accounts receivable", 10), _right("1,250", 560), _right("1,240", 640)],
            [("Inventories", 10), _right("1,310", 560), _right("1,280", 640)],
            [("Accounts payable", 10), _right("1,120", 560), _right("1,110", 640)],
            [("Long-term debt", 10), _right("1,400", 560), _right("1,420", 640)],
            [("Deferred income taxes", 10), _right("1,060", 560), _right("1,055", 640)],
            [("Other long-term liabilities", 10), _right("1,035", 560), _right("1,030", 640)],
            [("Operating lease liabilities", 10), _right("1,075", 560), _right("1,070", 640)],
            _spaced("Common stock, authorized 1,000,000,000 shares, outstanding 379,087,524 shares", 10)
            + [_right("3,791", 560), _right("4,538", 640)],
        ]
    )
    row = sheet.rows[-1]
    assert row.label.endswith("379,087,524 shares") and row.values == {0: 3_791_000, 1: 4_538_000}


def test_note_lists_between_caption_and_figures_and_a_caption_around_its_figures() -> None:
    """IFRS statements translated from Japanese: "Revenue 4,26 2,239,017" (notes 4 and 26; the second
    line of notes below), and "Net cash provided by (used in) operating" / the figures / "activities"."""
    history = _history(
        [
            [("b. Consolidated statement of income", 60)],
            [("Notes", 200), ("FY2023", 300), ("FY2024", 400)],
            [("(Millions of yen)", 300), ("(Millions of yen)", 400)],
            [("Revenue", 40), ("4,26", 205), _right("2,239,017", 350), _right("2,577,643", 450)],
            [("8,10", 205)],
            [("Cost of sales", 40), ("11,12", 205), _right("2,011,471", 350), _right("2,355,951", 450)],
            [("Gross profit", 40), _right("227,546", 350), _right("221,692", 450)],
        ],
        [
            [("e. Consolidated statements of cash flows", 60)],
            [("Notes", 200), ("FY2023", 300), ("FY2024", 400)],
            [("(Millions of yen)", 300), ("(Millions of yen)", 400)],
            [("Cash flows from operating activities", 40)],
            [("Income before tax", 50), _right("61,208", 350), _right("51,885", 450)],
            [("Depreciation and amortization", 50), _right("124,497", 350), _right("175,980", 450)],
            [("Net cash provided by (used in) operating", 50)],
            [_right("185,705", 350), _right("227,865", 450)],
            [("activities", 50)],
        ],
    )
    fy2024 = date(2024, 12, 31)
    assert history.get(fy2024, "revenue") == 2_577_643_000_000
    assert history.get(fy2024, "cost_of_sales") == 2_355_951_000_000
    assert history.get(fy2024, "net_cash_from_operating") == 227_865_000_000


def test_generic_captions_under_a_cash_heading_and_cash_moved_to_held_for_sale() -> None:
    """The captions "Cash, cash equivalents, and restricted cash" / "Net increase for the period" / "Balance, beginning
    of period" / "Balance, end of period"; the change in cash classified as held for sale is a part of
    the net change (ASC 205-20), not the net change, and the chain holds with it."""
    history = _history(
        [
            [("Consolidated Statements of Cash Flows", 200)],
            [("(In thousands)", 200), ("2022", 420), ("2021", 520)],
            [("Net cash provided by operating activities", 40), _right("1,756", 450), _right("1,373", 550)],
            [("Net cash provided by investing activities", 40), _right("2,118", 450), _right("1,544", 550)],
            [("Net cash used in financing activities", 40), _right("(3,024)", 450), _right("(2,814)", 550)],
            [("Effect of exchange rate on cash, cash equivalents, and restricted cash", 40)]
            + [_right("9", 450), _right("(2)", 550)],
            [("Change in cash and cash equivalents classified as assets held for sale", 40)]
            + [_right("(26)", 450), _right("—", 550)],
            [("Cash, cash equivalents, and restricted cash", 40)],
            [("Net increase for the period", 50), _right("833", 450), _right("101", 550)],
            [("Balance, beginning of period", 50), _right("5,203", 450), _right("5,102", 550)],
            [("Balance, end of period", 50), _right("6,036", 450), _right("5,203", 550)],
        ]
    )
    end = date(2022, 12, 31)
    assert history.get(end, "net_increase_in_cash") == 833_000
    assert history.get(end, "cash_held_for_sale_change") == -26_000
    assert history.get(end, "cash_equivalents_begin") == 5_203_000
    assert history.get(end, "cash_equivalents_end") == 6_036_000
    held = {(o.name, o.period): o.holds for o in relation_outcomes(history)}
    assert held[("net_increase", end)] and held[("cash_roll", end)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a. Consolidated statement of financial position", "balance_sheet"),
        ("b. Consolidated statement of income", "income_statement"),
        ("(e) Consolidated statements of cash flows", "cash_flow"),
        ("iii. Statements of Cash Flows", "cash_flow"),
        ("(1) Consolidated financial statements", None),
        ("CONSOLIDATED STATEMENTS OF SHAREHOLDERS’ EQUITY", "other"),  # a typographic apostrophe
    ],
)
def test_titles_enumerated_by_letters_and_roman_numerals(text: str, kind: str | None) -> None:
    assert title_kind(text) == kind


@pytest.mark.parametrize(
    ("kind", "label", "item"),
    [
        ("income_statement", "Net income before allocation to noncontrolling interests", "net_profit"),
        (
            "income_statement",
            "Net income (loss), including portion attributable to noncontrolling interest",
            "net_profit",
        ),
        (
            "income_statement",
            "Net earnings attributable to redeemable and noncontrolling interests",
            "net_profit_to_nci",
        ),
        ("income_statement", "Net income attributable to Example Inc. common shareholders", "net_profit_to_owners"),
        ("income_statement", "51000 減：利息費用(附註六(卅三)及七)", "interest_expense"),  # a five-digit account code
        ("cash_flow", "Cash and cash equivalents - end of year", "cash_equivalents_end"),
        (
            "cash_flow",
            "Net increase in cash and cash equivalents, including cash classified as held for sale",
            "net_increase_in_cash",
        ),
        ("cash_flow", "Cash and cash equivalents, beginning of year", "cash_equivalents_begin"),
        (
            "cash_flow",
            "Increase in cash and cash equivalents included in assets held for sale",
            "cash_held_for_sale_change",
        ),
        (
            "cash_flow",
            "Net earnings, including earnings attributable to noncontrolling interests",
            "cash_flow_net_profit",
        ),
        ("cash_flow", "Impact of exchange rates on cash, cash equivalents and restricted cash", "fx_effect_on_cash"),
        (
            "cash_flow",
            "Net cash provided by (used in) operating activities, continuing operations",
            "operating_continuing",
        ),
        ("cash_flow", "Cash used in investing activities - discontinued operations", "investing_discontinued"),
        ("cash_flow", "Net cash used in discontinued operations", "discontinued_cash_flows"),
    ],
)
def test_captions_of_the_standard_labels(kind: str, label: str, item: str) -> None:
    found = default_synonyms().match(kind, label)  # type: ignore[arg-type]
    assert found is not None and found.item == item, normalise_label(label)


def _company_balance_sheet(*before: Row) -> list[Row]:
    return [
        *before,
        [("Company Balance Sheet", 200)],
        [("(In thousands)", 200), ("2022", 420), ("2021", 520)],
        [("Cash and cash equivalents", 40), _right("1,100", 450), _right("1,090", 550)],
        [("Investments in subsidiaries", 40), _right("9,250", 450), _right("9,240", 550)],
        [("Total assets", 40), _right("10,350", 450), _right("10,330", 550)],
    ]


def test_a_parent_balance_sheet_never_stands_in_for_a_group_one_the_report_names() -> None:
    """ "Company balance sheet" is the parent's own (UK Companies Act). When the report names a consolidated
    balance sheet the reader could not take (here only in its contents), the parent's is set aside: the
    group's figures are missing, never the parent's taken for them."""
    assert title_scope("Company Balance Sheet") == "parent"
    assert title_scope("Example Company Balance Sheet") == "single"  # a company's name, not the scope
    pdf = text_pdf(_company_balance_sheet([("Contents: Consolidated balance sheet, page 3", 40)]))
    assert consolidated_kinds_named(pdf.text) == {"balance_sheet"}
    group, parent = split_parent_only(extract_statements(pdf, "fs.pdf"), consolidated_kinds_named(pdf.text))
    assert group == [] and [s.kind for s in parent] == ["balance_sheet"]
    alone = text_pdf(_company_balance_sheet())  # a parent company's own report: its statements are the ones
    group, parent = split_parent_only(extract_statements(alone, "fs.pdf"), consolidated_kinds_named(alone.text))
    assert [s.kind for s in group] == ["balance_sheet"] and parent == []


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("income_statement", "Net income before income taxes and minority interest"),  # before tax: not net profit
        ("cash_flow", "Foreign exchange loss"),  # an operating adjustment, not the effect on cash
        ("cash_flow", "Cash and cash equivalents of discontinued operations, end of period"),
        ("cash_flow", "Less: cash classified as held for sale, end of year"),
        ("cash_flow", "Cash held in escrow, net change"),
        ("cash_flow", "Net change in cash overdrafts"),
    ],
)
def test_captions_that_name_no_core_figure_stay_unmapped(kind: str, label: str) -> None:
    found = default_synonyms().match(kind, label)  # type: ignore[arg-type]
    assert found is None or found.item not in (
        "net_profit",
        "fx_effect_on_cash",
        "cash_equivalents_end",
        "net_increase_in_cash",
    ), found.item


def test_a_heading_names_only_the_cash_captions_under_it() -> None:
    """ "Net change in cash overdrafts" under "Cash flows from financing activities" is no net increase in
    cash; a repeated header line ending on a comma does not swallow the caption after it."""
    history = _history(
        [
            [("Consolidated Statements of Cash Flows", 200)],
            [("(In millions)", 200), ("2022", 420), ("2021", 520)],
            [("Net cash provided by operating activities", 40), _right("1,000", 450), _right("900", 550)],
            [("Cash flows from financing activities", 40)],
            [("Net change in cash overdrafts", 50), _right("35", 450), _right("20", 550)],
            [("Years Ended December 31,", 400)],
            [("Net cash used in financing activities", 40), _right("(500)", 450), _right("(600)", 550)],
        ]
    )
    end = date(2022, 12, 31)
    assert history.get(end, "net_increase_in_cash") is None
    assert history.get(end, "net_cash_from_financing") == -500_000_000


def test_a_parent_statement_set_aside_is_named_in_a_finding() -> None:
    """The only balance sheet read is the parent's and the report names a consolidated one: the document
    is still financial statements, and a finding says the group's could not be read."""
    pdf = text_pdf(_company_balance_sheet([("Contents: Consolidated balance sheet, page 3", 40)]))
    doc = ParsedDocument(file="a.pdf", sha256="0", size=1, true_type="pdf")
    _classify(doc, pdf, "GBP")
    assert doc.kind == "balance_sheet" and doc.statements == [] and len(doc.parent_statements) == 1
    assert [i.code for i in doc.issues] == ["GROUP_STATEMENT_NOT_READ"]
    assert "consolidated balance sheet" in doc.issues[0].message
    assert "合并资产负债表" in message_in(doc.issues[0], "zh")


def test_the_whole_side_rules_are_a_balance_sheets_own() -> None:
    """A cash-flow statement's "Changes in operating assets:" heading does not make a bare line after it
    total assets."""
    from decimal import Decimal

    from credit_dd.documents.statement_totals import BlockTotals

    for balance_sheet, expected in ((False, "total changes in operating assets:"), (True, "total assets")):
        blocks = BlockTotals(balance_sheet=balance_sheet)
        blocks.heading("Changes in operating assets:")
        blocks.row({0: Decimal(30)}, captioned=True)
        blocks.row({0: Decimal(20)}, captioned=True)
        blocks.heading("Investing activities")
        blocks.row({0: Decimal(-10)}, captioned=True)
        assert blocks.row({0: Decimal(40)}, captioned=False) == expected


def _sheet_then_cash_flow(opening_cash: str, closing_cash: str) -> list[list[Row]]:
    return [
        [
            [("Consolidated Balance Sheets", 200)],
            [("(In millions)", 200), ("December 31, 2022", 360), ("December 31, 2021", 470)],
            [("Cash and cash equivalents", 40), _right("1,250", 450), _right("1,000", 550)],
            [("Total assets", 40), _right("9,250", 450), _right("9,000", 550)],
        ],
        [
            [("Consolidated Statements of Cash Flows", 200)],
            [("2022", 420), ("2021", 520)],
            [("Net cash provided by operating activities", 40), _right("1,400", 450), _right("1,300", 550)],
            [("Net cash used in investing activities", 40), _right("(900)", 450), _right("(800)", 550)],
            [("Net cash used in financing activities", 40), _right("(250)", 450), _right("(400)", 550)],
            [("Net increase in cash and cash equivalents", 40), _right("250", 450), _right("100", 550)],
            [("Cash and cash equivalents at beginning of year", 40), _right(opening_cash, 450), _right("900", 550)],
            [("Cash and cash equivalents at end of year", 40), _right(closing_cash, 450), _right("1,000", 550)],
        ],
    ]


def test_a_statement_without_its_unit_line_takes_the_documents_and_a_tie_proves_it() -> None:
    """A cash-flow statement run on to a page without the unit line is read in the one unit the statements
    before it declare; its own footings cannot tell the scale, so its figures are proven only once a tie
    with a statement that prints the unit holds (closing cash = the balance sheet's cash)."""
    from credit_dd.validation.dating import Dating
    from credit_dd.validation.evidence import gather_evidence

    end = date(2022, 12, 31)
    for opening, closing, proven in (("1,000", "1,250", True), ("1,100", "1,350", False)):
        statements = _statements(*_sheet_then_cash_flow(opening, closing))
        cash_flow = next(s for s in statements if s.kind == "cash_flow")
        assert cash_flow.unit_inherited and not cash_flow.unit_assumed and cash_flow.unit == "millions"
        assert cash_flow.values[end]["net_cash_from_operating"].value == 1_400_000_000
        evidence = gather_evidence(Dating(statements={"fs.pdf": statements}), "USD")
        assert evidence[("fs.pdf", end, "net_cash_from_operating")].unverifiable is not proven


def test_column_years_repeated_on_a_continuation_page_are_no_row() -> None:
    """The cash-flow statement runs on to a second page that repeats "2022 2021" under a header line:
    the years are headings again, not a row of figures."""
    (cash_flow,) = _statements(
        [
            [("Consolidated Statements of Cash Flows", 200)],
            [("(In millions)", 200), ("2022", 420), ("2021", 520)],
            [("Net cash provided by operating activities", 40), _right("1,000", 450), _right("900", 550)],
            [("Net cash used in investing activities", 40), _right("(300)", 450), _right("(200)", 550)],
        ],
        [
            [("(In millions, except as noted, and", 40)],
            [("2022", 420), ("2021", 520)],
            [("Net cash used in financing activities", 40), _right("(500)", 450), _right("(600)", 550)],
        ],
    )
    assert [r.values for r in cash_flow.rows if r.values and not r.item] == []


def _equity_first_sheet(minority: int, beside_label: str = "Non-controlling interests") -> list[Row]:
    """An IFRS statement of financial position printing equity first and no total-liabilities line, as a
    utility prints its capitalization (the equity and the long-term debt) before the liabilities; with
    ``minority``, non-controlling interests beside the shareholders' equity."""
    beside = [[(beside_label, 40), _right(f"{minority:,}", 450), _right(f"{minority:,}", 550)]]
    return [
        [("Consolidated Statement of Financial Position", 200)],
        [("(In millions)", 200), ("December 31, 2022", 360), ("December 31, 2021", 470)],
        [("Property, plant and equipment", 40), _right("8,000", 450), _right("7,500", 550)],
        [("Cash and cash equivalents", 40), _right(f"{1_000 + minority:,}", 450), _right(f"{900 + minority:,}", 550)],
        [("Total assets", 40), _right(f"{9_000 + minority:,}", 450), _right(f"{8_400 + minority:,}", 550)],
        [("EQUITY AND LIABILITIES", 40)],
        [("Share capital", 40), _right("1,000", 450), _right("1,000", 550)],
        [("Retained earnings", 40), _right("2,000", 450), _right("1,700", 550)],
        [("Total shareholders' equity", 40), _right("3,000", 450), _right("2,700", 550)],
        *(beside if minority else []),
        [("Long-term debt", 40), _right("4,000", 450), _right("3,900", 550)],
        [("Total capitalization", 40), _right(f"{7_000 + minority:,}", 450), _right(f"{6_600 + minority:,}", 550)],
        [("Accounts payable", 40), _right("1,200", 450), _right("1,100", 550)],
        [("Accrued liabilities", 40), _right("800", 450), _right("700", 550)],
        [("Total current liabilities", 40), _right("2,000", 450), _right("1,800", 550)],
        [
            ("Total equity and liabilities", 40),
            _right(f"{9_000 + minority:,}", 450),
            _right(f"{8_400 + minority:,}", 550),
        ],
    ]


@pytest.mark.parametrize(
    ("minority", "beside", "proven"),
    [
        (0, "", True),
        (500, "Non-controlling interests", False),
        (500, "Preference shares", False),
        (500, "非控股權益", False),  # Hong Kong, in traditional characters
        (500, "Other reserves", False),
    ],
)
def test_a_side_printed_equity_first_proves_the_liabilities_it_leaves(minority: int, beside: str, proven: bool) -> None:
    """No line prints total liabilities: it is derived as the side's total less the equity. The side foots
    (capitalization = equity + long-term debt; the whole = capitalization + current liabilities) with that
    equity among what it adds, so the derived total is the liabilities the side prints. When the side also
    adds non-controlling interests (or preference shares, a reserve) beside the shareholders' equity, the
    same subtraction counts them as a liability: nothing is proved."""
    from credit_dd.validation.dating import Dating
    from credit_dd.validation.evidence import Evidence, gather_evidence

    end = date(2022, 12, 31)
    statements = _statements(_equity_first_sheet(minority, beside))
    history = _history(_equity_first_sheet(minority, beside))
    assert history.values[end]["total_liabilities"].derived
    assert history.values[end]["total_liabilities"].value == (6_000 + minority) * 1_000_000
    evidence = gather_evidence(Dating(statements={"fs.pdf": statements}), "USD")
    found = evidence.get(("fs.pdf", end, "total_liabilities"), Evidence())
    assert ("footing:liabilities" in found.holds) is proven


def _summary_page(title: str, fx: str = "") -> list[Row]:
    """A restructuring plan's or prospectus's summary of the statements (最近三年的主要财务指标), each
    printing only its main lines: no exchange-rate line under the cash flows, no liabilities-and-equity
    total under the balance sheet."""
    years = [("2015 年度", 330), ("2014 年度", 430), ("2013 年度", 530)]
    return [
        [("1、合并资产负债表主要数据", 40)],
        [("单位：万元", 480)],
        [("项目", 60), ("2015.12.31", 330), ("2014.12.31", 430), ("2013.12.31", 530)],
        [("资产总计", 40), _right("88,541.15", 380), _right("96,392.35", 480), _right("115,121.91", 580)],
        [("负债总计", 40), _right("17,740.93", 380), _right("24,602.81", 480), _right("42,631.57", 580)],
        [("所有者权益合计", 40), _right("70,800.22", 380), _right("71,789.54", 480), _right("72,490.33", 580)],
        [(title, 40)],
        [("单位：万元", 480)],
        [("项目", 60), *years],
        [
            ("经营活动产生的现金流量净额", 40),
            _right("10,589.92", 380),
            _right("14,854.47", 480),
            _right("-11,427.91", 580),
        ],
        [("投资活动产生的现金流量净额", 40), _right("313.38", 380), _right("-7,965.65", 480), _right("-2,285.82", 580)],
        [
            ("筹资活动产生的现金流量净额", 40),
            _right("-12,309.27", 380),
            _right("-14,048.54", 480),
            _right("13,453.70", 580),
        ],
        *(
            [[("汇率变动对现金及现金等价物的影响", 40), _right(fx, 380), _right(fx, 480), _right(fx, 580)]]
            if fx
            else []
        ),
        [("现金及现金等价物净增加额", 40), _right("-1,259.13", 380), _right("-7,136.94", 480), _right("-275.11", 580)],
    ]


@pytest.mark.parametrize(
    ("title", "fx", "accused"),
    [
        ("3、合并现金流量表主要数据", "", False),
        ("合并现金流量表", "", True),
        ("3、合并现金流量表主要数据", "100.00", True),
    ],
)
def test_a_summary_leaves_lines_out_and_its_printed_totals_prove_each_other(title: str, fx: str, accused: bool) -> None:
    """The net change is not the three activities' sum (the exchange-rate line is left out): in a summary
    that line is unknown, so nothing is in conflict; in a full statement it is a conflict, and so it is in a
    summary that prints the exchange-rate line and still does not add up. The summary
    balance sheet's liabilities-and-equity total is derived from the two lines it prints, and total
    assets equal to it proves those two lines as well."""
    from credit_dd.validation.dating import Dating
    from credit_dd.validation.evidence import Evidence, gather_evidence

    end = date(2015, 12, 31)
    statements = _statements(_summary_page(title, fx))
    assert [s.kind for s in statements] == ["balance_sheet", "cash_flow"]
    evidence = gather_evidence(Dating(statements={"fs.pdf": statements}), "CNY")
    operating = evidence.get(("fs.pdf", end, "net_cash_from_operating"), Evidence())
    assert ("net_increase" in operating.failed) is accused
    for item in ("total_assets", "total_liabilities", "total_equity"):
        assert "assets_balance" in evidence[("fs.pdf", end, item)].holds, item


def _continuing_and_discontinued(discontinued_total: str) -> list[Row]:
    """A cash-flow statement under ASC 205-20 printing each activity's continuing operations apart from
    a section of discontinued operations, and no total of any activity."""
    return [
        [("Consolidated Statements of Cash Flows", 200)],
        [("(in millions)", 200), ("2024", 420), ("2023", 520)],
        [("Net income from continuing operations", 40), _right("900", 450), _right("800", 550)],
        [("Cash provided by operations - continuing operations", 40), _right("1,400", 450), _right("1,300", 550)],
        [("Cash used in investing activities - continuing operations", 40), _right("(600)", 450), _right("(500)", 550)],
        [("Cash used in financing activities - continuing operations", 40), _right("(700)", 450), _right("(900)", 550)],
        [("CASH FLOWS FROM DISCONTINUED OPERATIONS", 40)],
        [("Cash provided by operations - discontinued operations", 40), _right("8", 450), _right("—", 550)],
        [("Cash used in financing activities - discontinued operations", 40), _right("(12)", 450), _right("—", 550)],
        [("Cash used in discontinued operations", 40), _right(discontinued_total, 450), _right("—", 550)],
        [("Impact of exchange rates on cash and cash equivalents", 40), _right("(20)", 450), _right("15", 550)],
        [("Change in cash and cash equivalents", 40), _right("76", 450), _right("(85)", 550)],
    ]


@pytest.mark.parametrize(("discontinued_total", "whole"), [("(4)", True), ("(40)", False)])
def test_an_activitys_net_cash_is_its_continuing_and_discontinued_operations(
    discontinued_total: str, whole: bool
) -> None:
    """Operating cash is the continuing 1,400 and the discontinued 8, derived; investing prints nothing
    discontinued, and since the discontinued lines add up to their total (8 − 12 = −4) it had none, so its
    continuing figure is the whole. The net change then proves the three. When the discontinued lines do
    not add up to their total (−40), some activity's share is not printed: investing stays unknown."""
    from credit_dd.validation.dating import Dating
    from credit_dd.validation.evidence import Evidence, gather_evidence

    end, before = date(2024, 12, 31), date(2023, 12, 31)
    statements = _statements(_continuing_and_discontinued(discontinued_total))
    values = statements[0].values[end]
    assert values["net_cash_from_operating"].value == 1_408_000_000 and values["net_cash_from_operating"].derived
    assert values["net_cash_from_financing"].value == -712_000_000
    assert ("net_cash_from_investing" in values) is whole
    assert statements[0].values[before]["net_cash_from_investing"].value == -500_000_000  # nothing discontinued
    evidence = gather_evidence(Dating(statements={"fs.pdf": statements}), "USD")
    for item in ("net_cash_from_operating", "operating_continuing", "operating_discontinued"):
        assert ("net_increase" in evidence.get(("fs.pdf", end, item), Evidence()).holds) is whole, item


def test_a_running_heads_year_is_no_figure_and_a_caption_above_its_figures_keeps_its_indentation() -> None:
    """会企02表 in a quarterly report, run on to a second page under the report's running head (公司名 2024
    年第一季度报告): the year set before 年 is text, not a figure in the second column. A caption too long
    for its line has its figures printed beside its first line's continuation (公允价值变动收益（损失以“－”号填
    / figures / 列）), after an indented 其中 row: the row stands at the caption's indentation, not the
    figures', so it is an entry of 营业利润 and not a part of the 其中 above. 营业利润 then foots, and proves
    营业总收入."""
    from credit_dd.validation.footings import statement_footings

    first = [
        [("合并利润表", 250)],
        [("单位：元", 480)],
        [("项目", 60), ("2024 年 1-3 月", 330), ("2023 年 1-3 月", 460)],
        [("一、营业总收入", 40), _right("7,294,070.82", 400), _right("6,352,408.71", 530)],
        [("二、营业总成本", 40), _right("5,486,668.48", 400), _right("4,821,054.58", 530)],
        [("加：其他收益", 50), _right("46,570.58", 400), _right("39,937.04", 530)],
        [("投资收益（损失以“－”号填列）", 60), _right("2,167.30", 400), _right("3,109.25", 530)],
        [("其中：对联营企业和合营企业的投资收益", 75), _right("-1,348.84", 400), _right("995.62", 530)],
        [("公允价值变动收益（损失以“－”号填", 60)],
        [_right("-321.57", 400), _right("-5,964.63", 530)],
        [("列）", 40)],
    ]
    second = [
        [("华润示例医药股份有限公司", 300), ("2024", 456), ("年第一季度报告", 482)],
        [("信用减值损失（损失以“-”号填列）", 60), _right("-38,233.65", 400), _right("-31,889.36", 530)],
        [("三、营业利润（亏损以“－”号填列）", 40), _right("1,817,585.00", 400), _right("1,536,546.43", 530)],
    ]
    (income,) = _statements(first, second)
    assert all(set(r.values) != {1} for r in income.rows)  # no row of the year alone
    totals = {income.rows[f.total].label[:6] for f in statement_footings(income)}
    assert "三、营业利润" in totals


def test_a_banks_cost_headings_make_their_rows_costs() -> None:
    """A bank's income statement (Regulation S-X Article 9): the rows under "Interest expense",
    "Provision for credit losses" and "Noninterest expense" are captioned by what they are on (Deposits,
    Loans, Professional fees), not as costs; their headings make them costs, so net interest income and
    every result after it foot. "Income tax expense" is a cost, not a result because it starts "Income"."""
    from credit_dd.validation.footings import statement_footings

    def row(label: str, now: str, before: str, x: float = 50) -> Row:
        return _row(label, now, before, x)

    (income,) = _statements(
        [
            [("Consolidated Statements of Income", 200)],
            [("(In millions)", 200), ("2024", 420), ("2023", 520)],
            [("Interest income", 40)],
            row("Loans, including fees", "900", "850"),
            row("Investment securities", "100", "90"),
            row("Total interest income", "1,000", "940", 40),
            [("Interest expense", 40)],
            row("Deposits", "150", "120"),
            row("Borrowings", "50", "40"),
            row("Total interest expense", "200", "160", 40),
            row("Net interest income", "800", "780", 40),
            [("Provision for credit losses", 40)],
            row("Loans", "50", "30"),
            row("Unfunded commitments", "10", "5"),
            row("Total provision for credit losses", "60", "35", 40),
            row("Net interest income after provision for credit losses", "740", "745", 40),
            [("Noninterest expense", 40)],
            row("Professional fees", "120", "110"),
            row("Data processing", "80", "70"),
            row("Total noninterest expense", "200", "180", 40),
            row("Income before income taxes", "540", "565", 40),
            row("Income tax expense", "140", "145", 40),
            row("Net income", "400", "420", 40),
        ]
    )
    totals = {income.rows[f.total].label for f in statement_footings(income)}
    assert {
        "Net interest income",
        "Net interest income after provision for credit losses",
        "Income before income taxes",
        "Net income",
    } <= totals


@pytest.mark.parametrize(
    ("kind", "label", "item"),
    [
        ("balance_sheet", "Total current liabili\x00es", "total_current_liabilities"),
        ("balance_sheet", "Total liabili\x00es and stockholders' equity (deficit)", "total_liabilities_and_equity"),
        ("cash_flow", "Net cash provided by opera\x00ng ac\x00vi\x00es", "net_cash_from_operating"),
        ("income_statement", "Pro\x00t before tax", "total_profit"),  # the "fi" ligature
        ("balance_sheet", "Accrued compensa\x00on and related benefits", None),
    ],
)
def test_a_ligature_without_a_character_is_read_by_the_vocabulary(kind: str, label: str, item: str | None) -> None:
    """Word's "ti" ligature in Calibri is drawn from a glyph the font maps to U+0000: the text layer shows it
    as an unknown glyph (no control character goes on), and each ligature it could be is tried in the
    caption; the vocabulary decides, and a caption no reading matches stays unmapped."""
    from credit_dd.documents.labels import UNKNOWN_GLYPH
    from credit_dd.documents.pdftext import _shown

    shown = _shown(label)
    assert "\x00" not in shown and (UNKNOWN_GLYPH in shown) is ("\x00" in label)
    found = default_synonyms().match(kind, shown)  # type: ignore[arg-type]
    assert (found.item if found else None) == item


def test_a_bare_whole_after_equity_then_liabilities_is_the_side_and_its_notes_no_caption() -> None:
    """Equity printed first, then current and long-term liabilities, then a bare line (its notes 20,34 in
    the notes column, no caption): it adds up the equity and the liabilities blocks, so it is the whole
    side, not total equity. Total liabilities is derived from the two liability totals and the whole from
    them and equity; the identity that holds with them proves every figure it was summed from."""
    from credit_dd.documents.history import merge_statements
    from credit_dd.validation.dating import Dating
    from credit_dd.validation.evidence import gather_evidence

    def row(label: str, note: str, now: str, before: str, x: float = 50) -> Row:
        return [
            *([(label, x)] if label else []),
            *([_right(note, 268)] if note else []),
            _right(now, 450),
            _right(before, 550),
        ]

    sheet = [
        [("Consolidated Statements of Financial Position", 200)],
        [("(In thousands)", 60), ("Notes", 250), ("December 31, 2024", 360), ("December 31, 2023", 470)],
        [("Current assets", 40)],
        row("Cash and cash equivalents", "", "37,155", "19,816"),
        row("Accounts receivable, net", "5", "64,033", "41,222"),
        row("Total current assets", "", "101,188", "61,038", 40),
        [("Non-current assets", 40)],
        row("Property and equipment, net", "8,22", "37,117", "10,913"),
        row("Intangible assets", "", "33,273", "24,333"),
        row("Total non-current assets", "", "70,390", "35,246", 40),
        row("", "11", "171,578", "96,284"),
        [("Equity", 40)],
        row("Common stock", "", "4,275", "3,195"),
        row("Retained earnings", "", "87,492", "-6,592"),
        row("Total shareholders' equity", "14,28", "91,767", "-3,397", 40),
        [("Current liabilities", 40)],
        row("Accounts payable", "", "21,880", "28,660"),
        row("Bank overdrafts and loans", "", "29,606", "70,892"),
        row("Total current liabilities", "17", "51,486", "99,552", 40),
        row("Long-term debt", "", "28,325", "129"),
        row("Total non-current liabilities", "", "28,325", "129", 40),
        row("", "20,34", "171,578", "96,284"),
    ]
    statements = _statements(sheet)
    end = date(2024, 12, 31)
    history = merge_statements(statements, "USD")
    whole = history.values[end]["total_liabilities_and_equity"]
    assert whole.value == 171_578_000 and not whole.derived  # read from the bare line
    assert history.values[end]["total_equity"].value == 91_767_000
    evidence = gather_evidence(Dating(statements={"fs.pdf": statements}), "USD")
    for item in ("total_liabilities", "total_equity", "total_liabilities_and_equity", "total_assets"):
        assert evidence[("fs.pdf", end, item)].holds, item


def test_a_first_row_whose_caption_wraps_keeps_its_first_half() -> None:
    """The statement's first row wraps its caption, the figures on the second line: the first half sits
    between the column headings and the first figures, and is still the caption's start."""
    (cash_flow,) = _statements(
        [
            [("Consolidated Statements of Cash Flows", 200)],
            [("(in millions)", 200), ("2024", 420), ("2023", 520)],
            [("Net cash provided by operating activities from", 40)],
            [("continuing operations", 46), _right("1,400", 450), _right("1,300", 550)],
            [("Net cash used in investing activities", 40), _right("(600)", 450), _right("(500)", 550)],
        ]
    )
    assert cash_flow.values[date(2024, 12, 31)]["net_cash_from_operating"].value == 1_400_000_000


def test_a_mezzanine_row_inside_a_liabilities_subtotal_leaves_the_derived_total_unproven() -> None:
    """A utility's redeemable preferred stock, printed inside "Total long-term debt": the reader takes it
    for mezzanine equity and derives total liabilities without it, but the side's footing adds it as a
    liability. What the footing adds besides equity is not the derived total: nothing is proved."""
    from credit_dd.validation.dating import Dating
    from credit_dd.validation.evidence import Evidence, gather_evidence

    sheet = _equity_first_sheet(0)
    at = next(i for i, row in enumerate(sheet) if row[0][0] == "Long-term debt")
    sheet[at : at + 2] = [
        [("Long-term debt", 40), _right("3,500", 450), _right("3,400", 550)],
        [("Redeemable preferred stock at redemption value", 40), _right("500", 450), _right("500", 550)],
        [("Total long-term debt", 40), _right("4,000", 450), _right("3,900", 550)],
        [("Total capitalization", 40), _right("7,000", 450), _right("6,600", 550)],
    ]
    end = date(2022, 12, 31)
    history = _history(sheet)
    assert history.values[end]["mezzanine_equity"].value == 500_000_000
    assert history.values[end]["total_liabilities"].value == 5_500_000_000  # the derivation took it off
    statements = _statements(sheet)
    evidence = gather_evidence(Dating(statements={"fs.pdf": statements}), "USD")
    assert "footing:liabilities" not in evidence.get(("fs.pdf", end, "total_liabilities"), Evidence()).holds


def test_income_tax_expense_totals_its_current_and_deferred_parts() -> None:
    """IAS 12 prints the tax charge as current and deferred tax and their total: "Income tax expense" is a
    cost, not a result, but it is the total of the two rows above it, and the profit after it foots."""
    from credit_dd.validation.footings import statement_footings

    (income,) = _statements(
        [
            [("Consolidated Statement of Profit or Loss", 200)],
            [("(In millions)", 200), ("2024", 420), ("2023", 520)],
            _row("Revenue", "1,000", "940"),
            _row("Cost of sales", "(400)", "(375)"),
            _row("Gross profit", "600", "565"),
            _row("Administrative expenses", "(60)", "(20)"),
            _row("Profit before tax", "540", "545"),
            _row("Current tax", "(100)", "(105)", 50),
            _row("Deferred tax", "(40)", "(20)", 50),
            _row("Income tax expense", "(140)", "(125)"),
            _row("Profit for the year", "400", "420"),
        ]
    )
    totals = {income.rows[f.total].label for f in statement_footings(income)}
    assert {"Income tax expense", "Profit for the year"} <= totals


def test_an_amount_close_before_the_right_hand_caption_stays_an_amount() -> None:
    """A two-sided 会企01表 exported without thousands separators, the right half's caption set 4 pt after
    the left half's last figure: 900123 短期借款 is an amount and a caption, not a number in a sentence
    (only a year or a small count before 年 / 月 / 季度 is)."""

    def row(left: str, a: str, b: str, right: str, c: str, d: str) -> Row:
        return [(left, 20), _right(a, 150), _right(b, 210), (right, 214), _right(c, 450), _right(d, 530)]

    (sheet,) = _statements(
        [
            [("资产负债表", 250)],
            [("编制单位：示例商贸有限公司", 20), ("2024年12月31日", 250), ("单位：元", 400)],
            [
                ("资产", 20),
                ("期末余额", 110),
                ("期初余额", 170),
                ("负债和所有者权益", 230),
                ("期末余额", 410),
                ("期初余额", 490),
            ],
            row("货币资金", "1000123", "900123", "短期借款", "300123", "200123"),
            row("流动资产合计", "1000123", "900123", "流动负债合计", "300123", "200123"),
            row("资产总计", "1000123", "900123", "负债和所有者权益总计", "1000123", "900123"),
        ]
    )
    before = sheet.values[date(2023, 12, 31)]
    assert before["cash"].value == 900_123 and before["short_term_borrowings"].value == 200_123


def test_generic_captions_under_a_discontinued_operations_heading_are_its_share() -> None:
    """Under "Cash flows from discontinued operations:" a 10-K prints the generic captions: "Net cash provided
    by operating activities 8" there is the discontinued operations' share, never the activity's whole."""

    (cash_flow,) = _statements(
        [
            [("Consolidated Statements of Cash Flows", 200)],
            [("(in millions)", 200), ("2024", 420), ("2023", 520)],
            _row("Net cash provided by operating activities from continuing operations", "1,400", "1,300"),
            _row("Net cash used in investing activities from continuing operations", "(600)", "(500)"),
            _row("Net cash used in financing activities from continuing operations", "(700)", "(900)"),
            [("Cash flows from discontinued operations:", 40)],
            _row("Net cash provided by operating activities", "8", "20"),
            _row("Net cash used in investing activities", "(30)", "(5)"),
            _row("Net cash used in discontinued operations", "(22)", "15"),
            _row("Effect of exchange rate changes on cash", "(20)", "15"),
            _row("Net increase (decrease) in cash and cash equivalents", "58", "(70)"),
        ]
    )
    values = cash_flow.values[date(2024, 12, 31)]
    assert values["operating_discontinued"].value == 8_000_000
    assert values["net_cash_from_operating"].value == 1_408_000_000 and values["net_cash_from_operating"].derived
    assert values["net_cash_from_investing"].value == -630_000_000


def test_a_period_phrase_before_the_first_year_heads_the_bare_years_after_it() -> None:
    """A 10-Q prints "Three Months Ended September 30, 2023 2022" on one line, and the phrase is read with
    the first year: it heads both years, so the prior-year column is the same quarter a year earlier, not
    the nine months from 1 January (a fiscal year starting in July; turnover days and averages are
    reckoned from the start)."""
    from credit_dd.documents.statement_columns import Column, date_columns

    columns = [Column(460, 494, labels=["Three Months Ended September 30, 2023"]), Column(540, 572, labels=["2022"])]
    date_columns(columns, "INCOME STATEMENTS\n(In millions) (Unaudited)", None, False, True)
    assert [(c.span.start, c.span.end) for c in columns if c.span] == [
        (date(2023, 7, 1), date(2023, 9, 30)),
        (date(2022, 7, 1), date(2022, 9, 30)),
    ]


def test_the_expectation_suite_does_not_fail_a_summary_for_the_exchange_line_it_leaves_out() -> None:
    """The Great Expectations suite checks the same net change as the figure statuses do: a summary without
    its exchange-rate line leaves it not checked; a full statement printing the same lines fails it."""
    from credit_dd.documents.history import merge_statements
    from credit_dd.validation.suites import identity_frame

    for title, checked in (("3、合并现金流量表主要数据", False), ("合并现金流量表", True)):
        history = merge_statements(_statements(_summary_page(title)), "CNY")
        frame = identity_frame(history, "cash_flow", 1.0)
        gaps = frame.set_index("period")["net_increase_gap"]
        assert bool(gaps.notna()["2015-12-31"]) is checked, title
