"""Rules that must hold on any layout: misreads caught before they become findings, units checked."""

from __future__ import annotations

from datetime import date

from credit_dd.analysis.ratios import UNCLASSIFIED, compute_period
from credit_dd.documents.bankstatements import BankStatement, Transaction, extract_bank_statement
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.pdftext import PdfText
from credit_dd.documents.statements import SourcedValue
from credit_dd.intake.application import load_application_text
from credit_dd.policy.data import read_policy
from credit_dd.rules.quality import findings_from
from credit_dd.validation.magnitudes import unit_step, unit_suspect_rows
from credit_dd.validation.quality import run_suite
from credit_dd.validation.suites import identity_frame
from tests.conftest import SAMPLES, text_pdf

UNITS = read_policy().thresholds.balance_tolerance_units


def _history(periods: dict[str, dict[str, float]], printed: bool = True) -> StatementHistory:
    values = {
        date.fromisoformat(p): {
            k: SourcedValue(value=v, file="fs.pdf", page=3, x=0, y=0, label=k, printed=f"{v:,.2f}" if printed else "")
            for k, v in items.items()
        }
        for p, items in periods.items()
    }
    return StatementHistory(values=values, kinds={p: ["balance_sheet"] for p in values})


def _findings(history: StatementHistory, kind: str = "balance_sheet") -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in findings_from(run_suite(kind, identity_frame(history, kind, UNITS)))]


def test_a_critical_imbalance_quotes_both_printed_figures_with_their_pages() -> None:
    """BS_IMBALANCE names each figure as printed and the page it was read from."""
    history = _history({"2025-12-31": {"total_assets": 1000.0, "total_liabilities_and_equity": 990.0}})
    finding = findings_from(run_suite("balance_sheet", identity_frame(history, "balance_sheet", UNITS)))[0]
    assert finding.code == "BS_IMBALANCE" and finding.severity == "critical"
    assert "total_assets 1,000.00 (fs.pdf p.3)" in finding.evidence[0]
    assert "total_liabilities_and_equity 990.00 (fs.pdf p.3)" in finding.evidence[0]


def test_totals_crossed_between_two_columns_are_a_misread_not_an_imbalance() -> None:
    """Total assets of 2025 against 2024's total: the reader swapped columns; it says so, not critical."""
    history = _history(
        {
            "2025-12-31": {"total_assets": 1000.0, "total_liabilities_and_equity": 900.0},
            "2024-12-31": {"total_assets": 900.0, "total_liabilities_and_equity": 1000.0},
        }
    )
    assert set(_findings(history)) == {("STATEMENT_MISREAD", "warning")}


def test_a_total_a_power_of_ten_off_the_other_is_a_unit_misread() -> None:
    """One total in 万元 and the other in 元: a reading problem, flagged as such."""
    history = _history({"2025-12-31": {"total_assets": 19_620_000.0, "total_liabilities_and_equity": 1_962.0}})
    assert _findings(history) == [("STATEMENT_MISREAD", "warning")]


def test_mezzanine_equity_completes_the_funding_identity() -> None:
    """Liabilities + units subject to redemption + equity = the printed total (TC Energy 2016)."""
    history = _history(
        {
            "2016-12-31": {
                "total_liabilities": 60_889.0,
                "mezzanine_equity": 1_179.0,
                "total_equity": 25_983.0,
                "total_liabilities_and_equity": 88_051.0,
                "total_assets": 88_051.0,
            }
        }
    )
    assert _findings(history) == []


def test_outflow_subtotals_printed_negative_still_reconcile() -> None:
    """A bank prints 经营活动现金流出小计 as (1,205,909): inflows less its size give the net."""
    history = _history(
        {
            "2022-12-31": {
                "operating_inflows": 861_322.0,
                "operating_outflows": -1_205_909.0,
                "net_cash_from_operating": -344_587.0,
            }
        }
    )
    assert _findings(history, "cash_flow") == []


def test_a_banks_unclassified_balance_sheet_gives_its_reason() -> None:
    """No current/non-current split: the current ratio is null because of the format, said so."""
    history = _history({"2022-12-31": {"total_assets": 9_266_671.0, "total_liabilities": 8_509_373.0}})
    ratios = compute_period(history, date(2022, 12, 31))
    assert ratios["current_ratio"].value is None and ratios["current_ratio"].reason == UNCLASSIFIED
    assert ratios["debt_to_assets"].value is not None


def test_unit_steps_are_the_powers_units_come_in() -> None:
    """10^3, 10^4 and 10^6 apart is a unit step; three times apart is not."""
    assert unit_step(5e9, 5e6) == 3 and unit_step(500.0, 5e6) == -4 and unit_step(3e12, 3e6) == 6
    assert unit_step(3e6, 1e6) is None and unit_step(0.0, 1e6) is None


def test_paid_in_capital_ten_thousand_times_the_registered_capital_is_unit_suspect() -> None:
    """A statement in 万元 read as 元 makes paid-in capital 10^4 the form's registered capital."""
    form = (SAMPLES / "a_healthy_manufacturer" / "application.yaml").read_text(encoding="utf-8")
    application = load_application_text(form)
    capital = float(application.applicant.registered_capital or 0)
    wrong = _history({"2025-12-31": {"total_assets": 1.0, "paid_in_capital": capital * 10_000}})
    right = _history({"2025-12-31": {"total_assets": 1.0, "paid_in_capital": capital}})
    rows = unit_suspect_rows(application, wrong, [])
    assert [r["code"] for r in rows] == ["UNIT_SUSPECT"] and rows[0]["severity"] == "critical"
    assert rows[0]["params"]["step"] == 4 and rows[0]["params"]["source"] == "registered capital on the form"
    assert unit_suspect_rows(application, right, []) == []


def test_cash_a_thousand_times_the_bank_balance_is_unit_suspect() -> None:
    """Balance-sheet cash against the bank statement's closing balance on the same date."""
    form = (SAMPLES / "a_healthy_manufacturer" / "application.yaml").read_text(encoding="utf-8")
    application = load_application_text(form)
    history = _history({"2025-12-31": {"total_assets": 1.0, "cash": 2_500_000_000.0}})
    row = Transaction(date=date(2025, 12, 30), raw_date="2025-12-30", description="x", counterparty=None,
                      debit=0.0, credit=1.0, balance=2_500_000.0, currency="CNY", page=1, y=0.0)  # fmt: skip
    statement = BankStatement(
        file="bank.pdf", currency="CNY", period_start=date(2025, 12, 1), period_end=date(2025, 12, 31),
        opening_balance=2_499_999.0, closing_balance=2_500_000.0, opening_printed=True, transactions=[row],
    )  # fmt: skip
    assert [r["code"] for r in unit_suspect_rows(application, history, [statement])] == ["UNIT_SUSPECT"]


Row = list[tuple[str, float]]


def _page(rows: list[Row]) -> PdfText:
    return text_pdf(rows, char_width=5.0)  # type: ignore[no-any-return]


def test_an_english_statement_with_money_in_and_out_and_dates_without_a_year() -> None:
    """Date / Description / Money in / Money out / Balance, '12th Feb', £ signs, one date per day."""
    pdf = _page(
        [
            [("Your transactions 12th Feb 2022 to 11th Mar 2022", 48)],
            [("Date", 48), ("Description", 96), ("Money in", 420), ("Money out", 466), ("Balance", 528)],
            [("12th", 48), ("Feb", 70), ("Balance brought forward", 96), ("2,937.11", 525)],
            [("DIRECT DEBIT PAYPAL", 96), ("32.56", 484), ("2,904.55", 525)],
            [("16th", 48), ("Feb", 70), ("BANK GIRO CREDIT", 96), ("375.90", 429), ("3,280.45", 525)],
            [("1st", 48), ("Mar", 70), ("CARD PAYMENT", 96), ("120", 480), ("00", 497), ("3,160.45", 525)],
        ]
    )
    statement = extract_bank_statement(pdf, "s.pdf", "GBP")
    assert statement is not None
    moves = [(t.date, t.debit, t.credit) for t in statement.transactions if t.debit or t.credit]
    assert moves == [(date(2022, 2, 12), 32.56, 0.0), (date(2022, 2, 16), 0.0, 375.9), (date(2022, 3, 1), 120.0, 0.0)]
    assert statement.opening_balance == 2937.11 and statement.closing_balance == 3160.45


def test_dr_and_cr_suffixes_give_the_direction() -> None:
    """One amount column with 1,234.00 Dr / 56.00 Cr: money out and money in."""
    pdf = _page(
        [
            [("Date", 48), ("Particulars", 120), ("Amount", 420), ("Balance", 520)],
            [("03/11/2025", 48), ("Cheque 1001", 120), ("1,234.00", 400), ("Dr", 442), ("8,766.00", 510)],
            [("25/11/2025", 48), ("Transfer in", 120), ("56.00", 410), ("Cr", 442), ("8,822.00", 510)],
        ]
    )
    statement = extract_bank_statement(pdf, "s.pdf", "INR")
    assert statement is not None
    assert [(t.date, t.debit, t.credit) for t in statement.transactions] == [
        (date(2025, 11, 3), 1234.0, 0.0),
        (date(2025, 11, 25), 0.0, 56.0),
    ]


def _edited_statement(path, total_in: str, edited_digit: bool) -> None:  # type: ignore[no-untyped-def]
    """A small English bank statement; optionally one digit typed over in another font."""
    import sys

    sys.path.insert(0, str(SAMPLES.parents[1] / "scripts"))
    from sample_pdf import Page, register_cjk_font

    register_cjk_font()
    page = Page(path)
    page.text(48, 60, "Example Bank plc  Statement of account", size=10)
    page.text(48, 90, "Date", font="Helvetica")
    page.text(120, 90, "Description", font="Helvetica")
    page.right(420, 90, "Money in", font="Helvetica")
    page.right(480, 90, "Money out", font="Helvetica")
    page.right(550, 90, "Balance", font="Helvetica")
    rows = [("01/03/2025", "Opening balance", "", "", "1,000.00"), ("05/03/2025", "Sales receipt", "250.00", "", "1,250.00"),
            ("09/03/2025", "Supplier", "", "100.00", "1,150.00")]  # fmt: skip
    for index, (day, text, money_in, money_out, balance) in enumerate(rows):
        y = 110 + 14 * index
        page.text(48, y, day, font="Helvetica")
        page.text(120, y, text, font="Helvetica")
        for x, figure in ((420, money_in), (480, money_out), (550, balance)):
            if figure and edited_digit and figure == "250.00":
                page.right(x - page.canvas.stringWidth("0.00", "Courier", 8.5), y, "25", font="Helvetica")
                page.right(x, y, "0.00", font="Courier")  # the last digits typed over in another font
            elif figure:
                page.right(x, y, figure, font="Helvetica")
    page.text(48, 170, "Total money in", font="Helvetica")
    page.right(420, 170, total_in, font="Helvetica")
    page.save()


def test_every_edited_statement_is_flagged_and_the_genuine_one_is_not(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A digit in another font gives DOC_TAMPER_SUSPECTED; a printed total the rows do not make is a
    BANK_SUMMARY_MISMATCH of the statement's reconciliation (quoting both figures), not a second signal."""
    from credit_dd.documents.files import read_document
    from credit_dd.rules.quality import findings_from, integrity_findings
    from credit_dd.validation.quality import run_suite
    from credit_dd.validation.suites import statements_frame

    cases = {"genuine": ("250.00", False), "total": ("2,250.00", False), "digit": ("250.00", True)}
    flagged = {}
    for name, (total, digit) in cases.items():
        _edited_statement(tmp_path / f"{name}.pdf", total, digit)
        doc = read_document(tmp_path / f"{name}.pdf", f"{name}.pdf", default_currency="GBP")
        frame = statements_frame([doc.bank_statement])  # type: ignore[list-item]
        reconciled = [f for f in findings_from(run_suite("bank_statements", frame)) if f.code != "BANK_PERIOD_GAP"]
        flagged[name] = [f.code for f in integrity_findings([doc]) + reconciled]
        if name == "total":
            assert "2,250.00" in reconciled[0].message and "250.00" in reconciled[0].message
        if name == "digit":  # read as printed, and flagged for its fonts (its total is right)
            assert [t.credit for t in doc.bank_statement.transactions if t.credit] == [250.0]  # type: ignore[union-attr]
            assert any("mixes fonts" in s for s in doc.integrity), doc.integrity
    assert flagged == {"genuine": [], "total": ["BANK_SUMMARY_MISMATCH"], "digit": ["DOC_TAMPER_SUSPECTED"]}


def test_company_names_compare_without_width_spacing_case_and_legal_forms() -> None:
    """Co., Ltd. / Company Limited / 有限公司 / （有限公司） and spacing do not make two companies."""
    from credit_dd.names import same_company

    assert same_company("Riverside Components Co., Ltd.", "RIVERSIDE COMPONENTS LIMITED")
    assert same_company("杭州示例机械制造（有限公司）", "杭州 示例 机械制造有限公司")
    assert same_company("ＡＣＭＥ Trading Company Limited", "Acme Trading Co Ltd")
    assert not same_company("Riverside Components Ltd", "Riverside Foods Ltd")


def test_an_english_licence_that_matches_the_forms_english_name_is_no_mismatch() -> None:
    """The licence in English names the company the form names in English: no KYC_LICENCE_MISMATCH."""
    from credit_dd.documents.licence import extract_licence
    from credit_dd.rules.credit import licence_findings

    form = (SAMPLES / "b_english_trading" / "application.yaml").read_text(encoding="utf-8")
    application = load_application_text(form)
    english = application.applicant.name_en or application.applicant.name
    licence = extract_licence(f"Business licence\nCompany name: {english.upper()}\nType: limited company")
    assert licence.name == english.upper()
    assert "KYC_LICENCE_MISMATCH" not in [f.code for f in licence_findings(application, licence)]
    other = extract_licence("Business licence\nCompany name: Riverside Foods Ltd\nType: limited company")
    assert "KYC_LICENCE_MISMATCH" in [f.code for f in licence_findings(application, other)]


def test_a_multi_word_english_preparer_is_read_whole() -> None:
    """编制单位：Riverside Components Ltd is the whole name, not "Riverside"."""
    from credit_dd.documents.statements import _PREPARER

    match = _PREPARER.search("编制单位：Riverside Components Ltd  2025年12月31日  单位：元")
    assert match is not None and match.group(1) == "Riverside Components Ltd"


def test_a_fiscal_year_ending_in_august_averages_and_annualises_by_its_own_start() -> None:
    """Year ended 31 August 2018: the opening balance is 31 August 2017's, and the year has 360 days."""
    history = _history(
        {
            "2018-08-31": {"accounts_receivable": 300.0, "total_assets": 1.0, "total_liabilities": 1.0},
            "2017-08-31": {"accounts_receivable": 100.0, "total_assets": 1.0, "total_liabilities": 1.0},
        }
    )
    revenue = SourcedValue(value=3600.0, file="fs.pdf", page=4, x=0, y=0, label="Revenue")
    history.values[date(2018, 8, 31)]["revenue"] = revenue
    history.starts[date(2018, 8, 31)] = date(2017, 9, 1)
    ratios = compute_period(history, date(2018, 8, 31))
    assert ratios["receivable_days"].value == 20.0  # 360 × (100 + 300) / 2 / 3,600
