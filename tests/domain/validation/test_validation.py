"""Accounting identities, bank reconciliation, cross-document checks and integrity signals."""

from __future__ import annotations

import random
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest

from credit_dd.documents.bankstatements import BankStatement, Transaction
from credit_dd.documents.files import read_document
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.integrity import incremental_save_signals, metadata_signals
from credit_dd.documents.statements import SourcedValue
from credit_dd.intake.application import read_application
from credit_dd.policy.data import read_policy
from credit_dd.rules.quality import findings_from, quality_findings
from credit_dd.validation.quality import run_suite
from credit_dd.validation.suites import identity_frame, revenue_row, statements_frame, transactions_frame, validate_case
from tests.conftest import ROOT, SAMPLES, history_of, realdata

POLICY = read_policy()
UNITS = POLICY.thresholds.balance_tolerance_units
END = date(2025, 12, 31)
BALANCED = {
    "total_current_assets": 400.0,
    "total_non_current_assets": 600.0,
    "total_assets": 1000.0,
    "total_current_liabilities": 300.0,
    "total_non_current_liabilities": 100.0,
    "total_liabilities": 400.0,
    "total_equity": 600.0,
    "total_liabilities_and_equity": 1000.0,
    "total_profit": 100.0,
    "income_tax": 25.0,
    "net_profit": 75.0,
}


def _history(values: dict[str, float], step: float = 0.01) -> StatementHistory:
    return history_of(values, step=step)


def _codes(kind: str, values: dict[str, float], step: float = 0.01) -> list[str]:
    return [f.code for f in findings_from(run_suite(kind, identity_frame(_history(values, step), kind, UNITS)))]


def test_balanced_statements_pass_every_identity() -> None:
    """A balanced balance sheet and a consistent income statement raise nothing."""
    assert _codes("balance_sheet", BALANCED) == [] and _codes("income_statement", BALANCED) == []


@pytest.mark.parametrize(
    ("change", "kind", "code"),
    [
        ({"total_liabilities_and_equity": 1001.0}, "balance_sheet", "BS_IMBALANCE"),
        ({"total_current_assets": 410.0}, "balance_sheet", "BS_IMBALANCE"),
        ({"total_non_current_liabilities": 90.0}, "balance_sheet", "BS_IMBALANCE"),
        ({"net_profit": 70.0}, "income_statement", "PL_INCONSISTENT"),
    ],
)
def test_a_broken_identity_is_named_with_its_period_and_gap(change: dict[str, float], kind: str, code: str) -> None:
    """Each identity that breaks gives its code, naming the period and the gap in yuan."""
    findings = findings_from(run_suite(kind, identity_frame(_history(BALANCED | change), kind, UNITS)))
    assert [f.code for f in findings] == [code] or code in [f.code for f in findings]
    assert "2025-12-31" in findings[0].message


def test_the_policy_sets_how_many_rounding_units_an_identity_may_miss_by(tmp_path: Path) -> None:
    """``balance_tolerance_units`` in the credit policy is the tolerance the suites hold identities
    to (it was read and ignored, the suites' own ±1 deciding)."""

    history = _history(BALANCED | {"total_liabilities_and_equity": 1000.04})  # 4 fen off; tolerance 1 fen
    application = read_application(SAMPLES / "a_healthy_manufacturer")
    strict = validate_case(application, [], history, read_policy())
    assert "BS_IMBALANCE" in [f.code for f in quality_findings(strict, [])]
    text = (ROOT / "src" / "credit_dd" / "data" / "credit_policy.yaml").read_text(encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(
        text.replace("balance_tolerance_units: 1.0", "balance_tolerance_units: 5.0"), encoding="utf-8"
    )
    lenient = validate_case(application, [], history, read_policy(tmp_path / "policy.yaml"))
    assert "BS_IMBALANCE" not in [f.code for f in quality_findings(lenient, [])]


def test_the_tolerance_follows_the_printed_unit() -> None:
    """A 60-yuan gap is rounding in 万元 (step 100) but a break in 元 (step 0.01)."""
    off = BALANCED | {"total_liabilities_and_equity": 1060.0, "total_equity": 660.0}
    assert _codes("balance_sheet", off, step=100.0) == []
    assert "BS_IMBALANCE" in _codes("balance_sheet", off, step=0.01)


def _statement(rows: list[tuple[float, float, float]], opening: float = 100.0) -> BankStatement:
    transactions = [
        Transaction(
            date=date(2025, 1, i + 1),
            raw_date=f"01-{i + 1:02d}",
            description="x",
            counterparty=None,
            debit=d,
            credit=c,
            balance=b,
            currency="CNY",
            page=1,
            y=100.0 + i,
        )
        for i, (d, c, b) in enumerate(rows)
    ]
    return BankStatement(
        file="b.pdf",
        currency="CNY",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
        opening_balance=opening,
        closing_balance=rows[-1][2],
        opening_printed=True,
        transactions=transactions,
    )


def test_a_reconciling_statement_raises_nothing() -> None:
    """Opening + credits − debits = closing, and the running balance holds on every row."""
    statement = _statement([(0, 50, 150), (30, 0, 120), (0, 5, 125)])
    outcomes = run_suite("bank_transactions", transactions_frame(statement)) + run_suite(
        "bank_statements", statements_frame([statement])
    )
    assert findings_from(outcomes) == []


def test_an_edited_amount_is_caught_at_its_row() -> None:
    """One edited amount breaks the running balance: the first break names its row, date and amounts."""
    statement = _statement([(0, 50, 150), (40, 0, 120), (0, 5, 125)])
    findings = findings_from(run_suite("bank_transactions", transactions_frame(statement)))
    assert [f.code for f in findings] == ["BANK_BALANCE_BREAK"]
    assert "row 2" in findings[0].message and "01-02" in findings[0].message and "110.00" in findings[0].message


def test_printed_totals_that_do_not_reconcile_are_caught() -> None:
    """A closing balance that opening + credits − debits does not reach is a break."""
    statement = _statement([(0, 50, 150)]).model_copy(update={"closing_balance": 160.0})
    findings = findings_from(run_suite("bank_statements", statements_frame([statement])))
    assert [f.code for f in findings] == ["BANK_BALANCE_BREAK"] and "10.00" in findings[0].message


def test_revenue_far_above_bank_inflows_is_a_mismatch() -> None:
    """Inflows far below what declared revenue implies fall outside the band."""
    history = _history({"revenue": 12_000_000.0})
    low = _statement([(0, 100_000.0, 100_100.0)] * 1)
    row = revenue_row(history, [low], POLICY.analysis)
    assert row is not None and row["ok"] is False and row["code"] == "REVENUE_BANK_MISMATCH"


def test_woodforest_reconciles_and_its_impossible_date_is_flagged() -> None:
    """Woodforest: no balance break; 02-29 of 2022 is BANK_PERIOD_GAP."""
    doc = read_document(
        realdata("bank_statements/us_woodforest_business_checking_2022.pdf"), "wf.pdf", default_currency="USD"
    )
    assert doc.bank_statement is not None
    outcomes = run_suite("bank_transactions", transactions_frame(doc.bank_statement)) + run_suite(
        "bank_statements", statements_frame([doc.bank_statement])
    )
    findings = findings_from(outcomes)
    assert [f.code for f in findings] == ["BANK_PERIOD_GAP"] and "02-29" in findings[0].message


def test_a_tampered_pdf_statement_is_caught(tmp_path: Path) -> None:
    """A sample bank statement drawn with one amount edited (balances left alone) breaks at that row."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from generate_samples import draw_bank_statement, make_transactions
    from sample_pdf import register_cjk_font

    register_cjk_font()
    rows = make_transactions(
        random.Random(1), date(2025, 11, 1), 12, 1_000_000.0, 2_000_000.0, ["甲公司"], ["乙公司"], zh=True
    )
    rows[17] = rows[17] | {"amount": float(str(rows[17]["amount"])) + 10_000}
    draw_bank_statement(tmp_path / "edited.pdf", rows, 1_000_000.0, "测试公司", "6222 0000 0000 0000", zh=True)
    statement = read_document(tmp_path / "edited.pdf", "documents/edited.pdf").bank_statement
    assert statement is not None
    findings = findings_from(run_suite("bank_transactions", transactions_frame(statement)))
    assert [f.code for f in findings] == ["BANK_BALANCE_BREAK"] and "row 18" in findings[0].message


def test_clean_samples_raise_no_validation_code() -> None:
    """The healthy sample passes every suite; the English one is matched by its English name."""
    for sample in ("a_healthy_manufacturer", "b_english_trading"):
        folder = SAMPLES / sample
        documents = [
            read_document(p, p.relative_to(folder).as_posix()) for p in sorted((folder / "documents").iterdir())
        ]
        from credit_dd.documents.history import merge_statements

        history = merge_statements([s for d in documents for s in d.statements], "CNY")
        report = validate_case(read_application(folder), documents, history, read_policy())
        assert quality_findings(report, documents) == [], sample
        assert all(o.success for o in report.outcomes)


@pytest.mark.parametrize(
    ("metadata", "signal"),
    [
        ({"Producer": "Adobe Photoshop 25.0"}, "editing software"),
        ({"Creator": "Wondershare PDFelement"}, "editing software"),
        ({"CreationDate": "D:20250101000000", "ModDate": "D:20250601000000"}, "days after"),
        ({"Producer": "Kingdee K/3", "CreationDate": "D:20250101", "ModDate": "D:20250102"}, None),
    ],
)
def test_metadata_signals(metadata: dict[str, str], signal: str | None) -> None:
    """Editing software and late modification are signals; an accounting package is not."""
    found = metadata_signals(metadata)
    assert (signal is None and found == []) or (signal is not None and signal in found[0])


def test_an_incremental_save_that_rewrites_a_page_is_a_signal(tmp_path: Path) -> None:
    """A later revision that replaces a page's content stream is flagged."""
    original = (SAMPLES / "a_healthy_manufacturer" / "documents" / "scan_0001.pdf").read_bytes()
    assert incremental_save_signals(SAMPLES / "a_healthy_manufacturer" / "documents" / "scan_0001.pdf") == []
    edit = b"\n3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 9 0 R >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    (tmp_path / "edited.pdf").write_bytes(original + edit)
    assert incremental_save_signals(tmp_path / "edited.pdf")
    compressed = zlib.compress(b"12 0 obj << /Type /Page /Contents [13 0 R 14 0 R] >> endobj")
    hidden = (
        b"\n20 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + compressed + b"\nendstream\nendobj\n%%EOF\n"
    )
    (tmp_path / "hidden.pdf").write_bytes(original + hidden)
    assert incremental_save_signals(tmp_path / "hidden.pdf")


def test_an_incremental_save_that_only_signs_or_annotates_is_not(tmp_path: Path) -> None:
    """Signatures, annotations, form fields and metadata appended later are how genuine filings are stamped."""
    original = (SAMPLES / "a_healthy_manufacturer" / "documents" / "scan_0001.pdf").read_bytes()
    update = (
        b"\n30 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /V 31 0 R >>\nendobj\n"
        b"31 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite >>\nendobj\n"
        b"32 0 obj\n<< /Type /Metadata /Subtype /XML >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    (tmp_path / "signed.pdf").write_bytes(original + update)
    assert incremental_save_signals(tmp_path / "signed.pdf") == []


def test_no_genuine_real_document_is_flagged_as_tampered() -> None:
    """DOC_TAMPER_SUSPECTED fires on none of the genuine statements and bank statements in realdata."""
    folder = realdata("corpus")
    pdfs = [*folder.rglob("*.pdf"), *(folder.parent / "bank_statements").glob("*.pdf")]
    pdfs += list((folder.parent / "financial_statements").glob("*.pdf"))
    flagged = {p.name: incremental_save_signals(p, _metadata_of(p).get("Producer", "")) for p in pdfs}
    assert {name: s for name, s in flagged.items() if s} == {}


def _metadata_of(path: Path) -> dict[str, str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return {str(k): str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, (str, int, float))}


def test_cash_flow_subtotals_must_add_up() -> None:
    """Inflows less outflows give the net flow; the three nets (and exchange effects) give the net increase."""
    good = {
        "operating_inflows": 500.0,
        "operating_outflows": 380.0,
        "net_cash_from_operating": 120.0,
        "net_cash_from_investing": -50.0,
        "net_cash_from_financing": -20.0,
        "net_increase_in_cash": 50.0,
    }
    assert _codes("cash_flow", good) == []
    assert _codes("cash_flow", good | {"operating_outflows": 400.0}) == ["CF_INCONSISTENT"]
    assert _codes("cash_flow", good | {"net_increase_in_cash": 45.0}) == ["CF_INCONSISTENT"]
    assert _codes("cash_flow", good | {"fx_effect_on_cash": -5.0, "net_increase_in_cash": 45.0}) == []


def test_dongbei_operating_subtotals_reconcile() -> None:
    """The real 东北电气 cash-flow statement passes its subtotal identities as read."""
    from credit_dd.documents.history import merge_statements

    doc = read_document(realdata("financial_statements/cn_dongbei_electric_2018Q1_report.pdf"), "db.pdf")
    history = merge_statements(doc.statements, "CNY")
    findings = findings_from(
        run_suite("cash_flow", identity_frame(history, "cash_flow", UNITS))
        + run_suite("balance_sheet", identity_frame(history, "balance_sheet", UNITS))
    )
    assert findings == []


def test_consecutive_reports_must_agree_on_their_shared_period() -> None:
    """The 2024 column of the 2025 report and the 2024 report disagree: STATEMENT_CONFLICT with both sources."""
    from credit_dd.documents.history import merge_statements
    from credit_dd.documents.statements import ExtractedStatement
    from credit_dd.validation.suites import cross_document_frame

    def statement(
        file: str, statement_date: date, total: float, company: str = "杭州示例机械制造有限公司"
    ) -> ExtractedStatement:
        value = SourcedValue(value=total, file=file, page=1, x=0, y=0, label="资产总计")
        return ExtractedStatement(
            kind="balance_sheet",
            scope="single",
            file=file,
            heading="资产负债表",
            pages=[1],
            unit="元",
            currency="CNY",
            statement_date=statement_date,
            company=company,
            values={date(2024, 12, 31): {"total_assets": value}},
        )

    history = merge_statements(
        [statement("fs2025.pdf", date(2025, 12, 31), 1000.0), statement("fs2024.pdf", date(2024, 12, 31), 990.0)], "CNY"
    )
    application = read_application(SAMPLES / "a_healthy_manufacturer")
    frame = cross_document_frame(application, [], history, POLICY.analysis)
    findings = findings_from(run_suite("cross_document", frame))
    assert (
        [f.code for f in findings] == ["STATEMENT_CONFLICT"]
        and "fs2024.pdf" in findings[0].message
        and "fs2025.pdf" in findings[0].message
    )
    from credit_dd.documents.files import ParsedDocument

    other = ParsedDocument(
        file="documents/x.pdf",
        sha256="s",
        size=1,
        true_type="pdf",
        statements=[statement("x.pdf", date(2025, 12, 31), 1.0, "别的公司有限公司")],
    )
    names = findings_from(
        run_suite("cross_document", cross_document_frame(application, [other], StatementHistory(), POLICY.analysis))
    )
    assert [f.code for f in names] == ["DOC_NAME_MISMATCH"] and "别的公司有限公司" in names[0].message
