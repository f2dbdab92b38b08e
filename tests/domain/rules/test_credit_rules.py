"""AML, bank flows, repayment, industry policy, rating and watchlists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from credit_dd.analysis.bankflows import analyse_flows
from credit_dd.analysis.rating import rate
from credit_dd.analysis.repayment import repayment_capacity
from credit_dd.analysis.watchlist import read_watchlist, screen
from credit_dd.documents.bankstatements import BankStatement, Transaction
from credit_dd.documents.history import StatementHistory
from credit_dd.policy.aml import read_aml_policy
from credit_dd.policy.data import read_policy
from credit_dd.policy.industry import policy_for_industry, read_industry_policy
from credit_dd.policy.scorecard import Scorecard, read_scorecard
from credit_dd.rules.aml import large_value_findings, structuring_findings
from credit_dd.rules.bankflows import related_party_findings, round_trip_findings
from credit_dd.rules.industry import industry_findings
from credit_dd.rules.screening import watchlist_findings
from credit_dd.settings import DEFAULT_WATCHLIST
from tests.conftest import history_of, realdata

AML = read_aml_policy()
POLICY = read_policy()


def _tx(
    day: int, amount: float, description: str = "转账", counterparty: str | None = "某公司", month: int = 3
) -> Transaction:
    credit, debit = (amount, 0.0) if amount > 0 else (0.0, -amount)
    return Transaction(
        date=date(2026, month, day),
        raw_date=f"2026-{month:02d}-{day:02d}",
        description=description,
        counterparty=counterparty,
        debit=debit,
        credit=credit,
        balance=None,
        currency="CNY",
        page=1,
        y=0.0,
    )


def _statement(*rows: Transaction) -> BankStatement:
    return BankStatement(
        file="b.pdf",
        currency="CNY",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        opening_balance=0.0,
        closing_balance=0.0,
        opening_printed=False,
        transactions=list(rows),
    )


@pytest.mark.parametrize(
    ("rows", "individual", "codes"),
    [
        ([_tx(5, -50_000, "现金支取")], False, ["AML_LARGE_CASH"]),
        ([_tx(5, -30_000, "现金支取"), _tx(5, -20_000, "ATM取现")], False, ["AML_LARGE_CASH"]),
        ([_tx(5, -30_000, "现金支取"), _tx(6, -20_000, "现金支取")], False, []),
        ([_tx(5, -30_000, "现金支取"), _tx(5, 20_000, "现金存入")], False, []),
        ([_tx(5, 2_000_000)], False, ["AML_LARGE_TRANSFER"]),
        ([_tx(5, 1_999_999.99)], False, []),
        ([_tx(5, 600_000)], True, ["AML_LARGE_TRANSFER"]),
        ([_tx(5, 250_000, "境外汇入汇款")], True, ["AML_LARGE_TRANSFER"]),
        ([_tx(5, 250_000, "货款")], True, []),
    ],
)
def test_large_value_thresholds_single_or_same_day_per_direction(
    rows: list[Transaction], individual: bool, codes: list[str]
) -> None:
    """Cash ≥ 50,000; corporate transfers ≥ 2,000,000; individual 500,000 domestic and 200,000 cross-border."""
    assert [f.code for f in large_value_findings([_statement(*rows)], individual, AML)] == codes


def test_thresholds_are_effective_dated() -> None:
    """Before the 2016 rules took effect (2017-07-01) no threshold applies."""
    policy = read_aml_policy()
    assert policy.in_force(date(2017, 6, 30)) is None and policy.in_force(date(2026, 1, 1)).cash == 50_000  # type: ignore[union-attr]
    old = _statement(_tx(5, -80_000, "现金支取")).model_copy()
    old.transactions[0] = old.transactions[0].model_copy(update={"date": date(2016, 1, 5)})
    assert large_value_findings([old], False, AML) == []


def test_cash_just_under_the_threshold_several_times_is_structuring() -> None:
    """Three cash withdrawals of 45,000–49,900 within three days are structuring; two are not."""
    rows = [_tx(10, -49_900, "现金支取"), _tx(11, -48_000, "现金支取"), _tx(12, -45_500, "现金支取")]
    found = structuring_findings([_statement(*rows)], AML)
    assert (
        [f.code for f in found] == ["AML_STRUCTURING"]
        and found[0].severity == "critical"
        and len(found[0].evidence) == 3
    )
    assert structuring_findings([_statement(*rows[:2])], AML) == []


def test_related_party_flows_are_found_despite_spelling() -> None:
    """A related party named in the form is found in the counterparties, legal form and case aside."""
    rows = [_tx(3, -500_000, counterparty="杭州示例贸易有限公司"), _tx(4, -1_000, counterparty="别的公司")]
    assert [f.code for f in related_party_findings([_statement(*rows)], ["杭州示例贸易公司"])] == [
        "RELATED_PARTY_FLOWS"
    ]
    english = [_tx(3, 80_000, counterparty="EXAMPLE HOLDINGS LIMITED")]
    assert related_party_findings([_statement(*english)], ["Example Holdings Ltd."])


def test_money_out_and_back_from_the_same_party_is_a_round_trip() -> None:
    """Out 1,000,000 and back 980,000 from the same party within 30 days."""
    rows = [
        _tx(1, -1_000_000, counterparty="甲公司"),
        _tx(20, 980_000, counterparty="甲公司"),
        _tx(21, 50_000, counterparty="乙公司"),
    ]
    assert [
        f.code
        for f in round_trip_findings(
            [_statement(*rows)], POLICY.analysis.round_trip_days, POLICY.analysis.round_trip_tolerance
        )
    ] == ["ROUND_TRIPPING"]
    assert (
        round_trip_findings(
            [_statement(rows[0], rows[2])], POLICY.analysis.round_trip_days, POLICY.analysis.round_trip_tolerance
        )
        == []
    )


def test_bank_analytics_summarise_the_flows() -> None:
    """Monthly inflows and outflows, the lowest balance and the largest counterparties."""
    rows = [_tx(1, 100.0, counterparty="A"), _tx(2, -40.0, counterparty="B"), _tx(3, 300.0, counterparty="A", month=4)]
    rows = [r.model_copy(update={"balance": b}) for r, b in zip(rows, [100.0, 60.0, 360.0], strict=True)]
    analytics = analyse_flows([_statement(*rows)], POLICY.analysis.concentration_top)
    assert analytics is not None
    assert [(m.month, m.inflows, m.outflows) for m in analytics.months] == [
        ("2026-03", 100.0, 40.0),
        ("2026-04", 300.0, 0.0),
    ]
    assert (
        analytics.minimum_balance == 60.0
        and analytics.top_counterparties[0].name == "A"
        and analytics.top_counterparties[0].share_of_inflows == 1.0
    )


def test_dscr_uses_operating_cash_over_interest_and_debt_due() -> None:
    """DSCR = OCF / (interest + short-term borrowings + current portion of long-term debt)."""
    values = {
        "net_cash_from_operating": 300.0,
        "interest_expense": 20.0,
        "short_term_borrowings": 150.0,
        "current_portion_long_term_debt": 30.0,
    }
    capacity = repayment_capacity(history_of(values))
    assert capacity.dscr == 1.5 and capacity.ocf_to_short_term_debt == pytest.approx(300 / 180, abs=1e-4)
    assert repayment_capacity(StatementHistory()).dscr is None


@pytest.mark.parametrize(
    ("code", "severity"), [("C3011", "warning"), ("C2511", "critical"), ("C3441", None), ("K7010", "warning")]
)
def test_industry_policy(code: str, severity: str | None) -> None:
    """Prohibited industries are critical, restricted ones a warning, others nothing."""
    found = industry_findings(code, read_industry_policy())
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_industry_thresholds_override_the_defaults() -> None:
    """Real estate may carry more leverage; wholesale needs a higher current ratio."""
    base = read_policy()
    assert policy_for_industry(base, "K7010", read_industry_policy()).thresholds.max_debt_to_assets == 0.85
    assert policy_for_industry(base, "F5179", read_industry_policy()).thresholds.min_current_ratio == 1.1
    assert policy_for_industry(base, "C3441", read_industry_policy()) is base


def test_the_scorecard_weights_sum_to_100_and_each_factor_contributes() -> None:
    """Contributions add up to the score; a missing factor scores 0 and says so."""
    card = read_scorecard()
    assert sum(f.weight for f in card.factors) == 100
    rating = rate(
        {
            "debt_to_assets": 0.4,
            "current_ratio": 1.2,
            "interest_coverage": 6.0,
            "net_margin": 0.05,
            "revenue_growth": 0.12,
            "ocf_to_current_liabilities": 0.1,
            "years_in_business": 12.0,
        },
        card,
    )
    assert (
        rating.score
        == pytest.approx(sum(c.points for c in rating.contributions))
        == pytest.approx(20 + 9 + 15 + 9 + 10 + 5 + 10 + 0)
    )
    assert rating.grade == "A" and [c.note for c in rating.contributions if c.factor == "collateral_cover"] == [
        "not available: scores 0"
    ]
    with pytest.raises(Exception, match="not 100"):
        Scorecard.model_validate(card.model_dump() | {"factors": card.model_dump()["factors"][:-1]})


def test_the_real_sdn_list_hits_exact_and_variant_names_only() -> None:
    """An exact and a variant-spelled entity hit the OFAC SDN list; an unrelated name does not."""
    sdn = read_watchlist(realdata("watchlists/ofac_sdn_2024-05-03.csv"))
    assert sdn.available and len(sdn.entries) > 10_000
    hits = screen(
        [
            ("BANCO NACIONAL DE CUBA", "related party", None),
            ("Banco Nacional de Cuba S.A.", "bank counterparty", None),
            ("杭州示例机械制造有限公司", "applicant", None),
        ],
        [sdn],
    )
    assert {h.party for h in hits} == {"BANCO NACIONAL DE CUBA", "Banco Nacional de Cuba S.A."}
    assert all(h.entry.entry_id and h.score >= 90 for h in hits)
    alias = screen([("Aerocaribbean Airlines", "related party", None)], [sdn])
    assert alias and alias[0].entry.program == "CUBA"


def test_an_empty_or_missing_list_is_unavailable_never_no_hits(tmp_path: Path) -> None:
    """An empty, missing or unreadable list gives WATCHLIST_UNAVAILABLE."""
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "junk.csv").write_bytes(b"\x00\x01garbage")
    lists = [
        read_watchlist(tmp_path / "empty.csv"),
        read_watchlist(tmp_path / "missing.csv"),
        read_watchlist(tmp_path / "junk.csv"),
    ]
    assert not any(w.available for w in lists)
    assert [f.code for f in watchlist_findings([], lists)] == ["WATCHLIST_UNAVAILABLE"] * 3
    assert [f.code for f in watchlist_findings([], [])] == ["WATCHLIST_UNAVAILABLE"]


def test_identifiers_match_exactly() -> None:
    """A listed ID number matches whatever name it is filed under."""
    internal = read_watchlist(DEFAULT_WATCHLIST)
    hits = screen([("张三", "guarantor", "110101199003071234")], [internal])
    assert [(h.on, h.score) for h in hits] == [("identifier", 100.0)]
