"""The samples read back exactly as their truth files say (statements, ratios, bank statements)."""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.analysis.ratios import compute
from credit_dd.documents.files import mark_duplicates, read_document
from credit_dd.documents.history import merge_statements
from credit_dd.report.summary import CONTRACT_ITEMS
from tests.conftest import SAMPLE_NAMES, SAMPLES, truth


def _documents(sample: str):  # type: ignore[no-untyped-def]
    folder = SAMPLES / sample
    return mark_duplicates(
        [read_document(p, p.relative_to(folder).as_posix()) for p in sorted((folder / "documents").iterdir())]
    )


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def sample(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    documents = _documents(request.param)
    return request.param, documents, merge_statements([s for d in documents for s in d.statements], "CNY")


def test_every_statement_value_is_exact(sample) -> None:  # type: ignore[no-untyped-def]
    """Every canonical line item of every period matches the truth to the cent, and nothing extra is read."""
    name, _documents_, history = sample
    expected = truth(name)["statements"]
    got = {
        p.isoformat(): {k: v.value for k, v in items.items() if k in CONTRACT_ITEMS}
        for p, items in history.values.items()
    }
    assert got == expected


def test_every_value_cites_its_page(sample) -> None:  # type: ignore[no-untyped-def]
    """Every extracted value carries its file and page."""
    _name, _documents_, history = sample
    for items in history.values.values():
        for value in items.values():
            assert value.file.startswith("documents/") and value.page >= 1


def test_ratios_match_the_independent_truth(sample) -> None:  # type: ignore[no-untyped-def]
    """Every ratio the truth file states matches to 1e-6."""
    name, _documents_, history = sample
    ratios = compute(history)
    for period, expected in truth(name)["ratios"].items():
        for ratio, value in expected.items():
            got = ratios[date.fromisoformat(period)][ratio].value
            assert got == (pytest.approx(value, abs=1e-6) if value is not None else None), (period, ratio)


def test_bank_statements_read_every_row(sample) -> None:  # type: ignore[no-untyped-def]
    """Every transaction, the opening and closing balance and the totals match the truth."""
    name, documents, _history = sample
    expected = truth(name)["bank"]
    statements = [d.bank_statement for d in documents if d.bank_statement]
    if expected is None:
        assert statements == []
        return
    (statement,) = statements
    assert len(statement.transactions) == expected["transactions"]
    assert statement.opening_balance == pytest.approx(expected["opening_balance"])
    assert statement.closing_balance == pytest.approx(expected["closing_balance"])
    assert sum(t.credit for t in statement.transactions) == pytest.approx(expected["total_credits"])
    assert sum(t.debit for t in statement.transactions) == pytest.approx(expected["total_debits"])
    assert all(t.date is not None for t in statement.transactions)


def test_documents_are_classified_by_content_not_name() -> None:
    """A licence saved as scan_0001.pdf is still a business licence."""
    kinds = {d.file: d.kind for d in _documents("a_healthy_manufacturer")}
    assert kinds["documents/scan_0001.pdf"] == "business_licence"
    assert kinds["documents/采购合同.pdf"] == "contract"
    assert kinds["documents/银行流水_202511-202610.pdf"] == "bank_statement"
    assert kinds["documents/2025年度财务报表.pdf"] == "financial_statements"


def test_wrapped_descriptions_are_read_whole() -> None:
    """A 摘要 printed over two lines is one description, not two rows."""
    documents = _documents("a_healthy_manufacturer")
    statement = next(d.bank_statement for d in documents if d.bank_statement)
    taxes = [t for t in statement.transactions if t.counterparty == "国家税务总局"]
    assert taxes and all(t.description == "缴纳增值税及附加（电子缴税，所属期上月）" for t in taxes)
