"""The credit opinion: the new loan's repayment, the recommended amount, early decline, named checks."""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.analysis.amount import AmountConstraint, recommended_amount
from credit_dd.analysis.bankflows import analyse_flows, daily_average
from credit_dd.analysis.repayment import new_loan_service, repayment_capacity
from credit_dd.case import case_status
from credit_dd.documents.bankstatements import BankStatement, Transaction
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.statements import SourcedValue
from credit_dd.errors import PolicyError
from credit_dd.intake.application import Application, load_application_text
from credit_dd.policy.data import read_policy
from credit_dd.policy.findings import finding
from credit_dd.rules.bankflows import bank_flow_findings
from credit_dd.rules.capacity import tenor_findings
from credit_dd.rules.recommendation import decide
from credit_dd.validation.checks import bank_vs_cash, cash_flow_vs_cash, retained_earnings_rollforward
from tests.conftest import SAMPLES, history_of

POLICY = read_policy()
FORM = (SAMPLES / "a_healthy_manufacturer" / "application.yaml").read_text(encoding="utf-8")


def _form(**changes: str) -> Application:
    text = FORM
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return load_application_text(text)


def _years(values: dict[str, dict[str, float]], starts: bool = True) -> StatementHistory:
    periods = {date.fromisoformat(p): items for p, items in values.items()}
    return StatementHistory(
        values={
            p: {k: SourcedValue(value=v, file="fs.pdf", page=1, x=0, y=0, label=k) for k, v in items.items()}
            for p, items in periods.items()
        },
        kinds={p: ["balance_sheet", "income_statement", "cash_flow"] for p in periods},
        starts={p: date(p.year, 1, 1) for p in periods} if starts else {},
    )


# --- 1. the new loan in repayment capacity ---------------------------------------------------


def test_a_one_year_interest_only_loan_repays_its_principal_within_the_year() -> None:
    """5M for 12 months, interest monthly and principal at maturity, at LPR 3.00% + 0.80%."""
    loan = new_loan_service(_form(), POLICY.pricing)
    assert loan.rate == pytest.approx(0.038) and "LPR 2025-05-20" in loan.rate_source
    assert loan.first_year_service == pytest.approx(5_000_000 * 1.038)
    assert loan.monthly_payment == pytest.approx(5_000_000 * 0.038 / 12, abs=0.01)


def test_a_two_year_loan_owes_only_interest_in_its_first_year() -> None:
    loan = new_loan_service(_form(**{"tenor_months: 12": "tenor_months: 24"}), POLICY.pricing)
    assert loan.first_year_service == pytest.approx(5_000_000 * 0.038)


def test_equal_instalments_pay_twelve_annuity_payments_in_the_first_year() -> None:
    form = _form(
        **{
            "tenor_months: 12": "tenor_months: 36",
            "repayment_method: interest_monthly_principal_at_maturity": "repayment_method: equal_installments",
        }
    )
    loan = new_loan_service(form, POLICY.pricing)
    i = 0.038 / 12
    payment = 5_000_000 * i / (1 - (1 + i) ** -36)
    assert loan.monthly_payment == pytest.approx(payment, abs=0.01)
    assert loan.first_year_service == pytest.approx(12 * payment, abs=0.05)


def test_the_rate_is_the_one_in_force_on_the_application_date() -> None:
    """Before 2025-05-20 the one-year LPR was 3.10%; above five years the five-year LPR applies."""
    earlier = _form(**{"received_at: '2026-11-20": "received_at: '2025-03-01"})
    assert new_loan_service(earlier, POLICY.pricing).rate == pytest.approx(0.031 + 0.008)
    long = _form(
        **{"product: working_capital_loan": "product: fixed_asset_loan", "tenor_months: 12": "tenor_months: 96"}
    )
    assert new_loan_service(long, POLICY.pricing).rate == pytest.approx(0.035 + 0.010)
    with pytest.raises(PolicyError, match="no reference rate"):
        POLICY.pricing.rate("working_capital_loan", 12, date(2020, 1, 1))


def test_an_application_older_than_the_pricing_data_gets_no_new_loan_figures_not_an_error() -> None:
    """Dated before the first LPR in policy data: DSCR after and the serviceable amount are not
    computed, with the reason, and the debt-service constraint does not bind."""
    from credit_dd.analysis.amount import amount_constraints
    from credit_dd.analysis.analyse import priced_loan

    old = _form(**{"received_at: '2026-11-20": "received_at: '2020-03-01"})
    assert priced_loan(old, POLICY) is None
    history = history_of({"net_cash_from_operating": 2e6, "short_term_borrowings": 1e6})
    capacity = repayment_capacity(history, None)
    assert capacity.dscr == 2.0 and capacity.dscr_after is None and capacity.serviceable_amount is None
    assert capacity.reason == "no reference rate in force on the application date"
    debt = next(c for c in amount_constraints(old, None, capacity, 9e6) if c.name == "debt_service_capacity")
    assert debt.amount is None and debt.reason == capacity.reason


def test_dscr_before_and_after_and_the_serviceable_amount() -> None:
    """After = OCF / (existing service + the loan's first-year service); the serviceable amount
    is the loan at which the DSCR after is exactly the policy's minimum."""
    history = history_of(
        {"net_cash_from_operating": 2_000_000, "interest_expense": 100_000, "short_term_borrowings": 900_000}
    )
    loan = new_loan_service(_form(), POLICY.pricing)
    capacity = repayment_capacity(history, loan, min_dscr=1.25)
    assert capacity.dscr == pytest.approx(2.0)
    assert capacity.dscr_after == pytest.approx(2_000_000 / (1_000_000 + 5_190_000), abs=1e-4)
    serviceable = capacity.serviceable_amount or 0.0
    assert 2_000_000 / (1_000_000 + serviceable * loan.service_per_unit) == pytest.approx(1.25)


@pytest.mark.parametrize(
    ("changes", "cycle", "variant"),
    [
        ({"tenor_months: 12": "tenor_months: 48"}, 90.0, "too_long"),
        ({"tenor_months: 12": "tenor_months: 2"}, 90.0, "shorter_than_cycle"),
        ({"tenor_months: 12": "tenor_months: 36"}, 60.0, "longer_than_cycle"),
        ({}, 90.0, None),
        ({"product: working_capital_loan": "product: fixed_asset_loan"}, None, "no_project"),
    ],
)
def test_tenor_against_the_cycle_or_the_payback(
    changes: dict[str, str], cycle: float | None, variant: str | None
) -> None:
    found = tenor_findings(_form(**changes), cycle, POLICY.analysis)
    assert [f.variant for f in found] == ([variant] if variant else [])


def test_a_fixed_asset_loan_must_outlast_the_projects_payback() -> None:
    project = "project:\n  name: 新厂房\n  total_investment: 20000000\n  capital_contribution: 6000000\n  payback_months: 72\n"
    base = {"product: working_capital_loan": "product: fixed_asset_loan", "site_visit:": project + "site_visit:"}
    short = _form(**base, **{"tenor_months: 12": "tenor_months: 60"})
    assert [(f.code, f.variant) for f in tenor_findings(short, None, POLICY.analysis)] == [
        ("TENOR_MISMATCH", "before_payback")
    ]
    assert tenor_findings(_form(**base, **{"tenor_months: 12": "tenor_months: 84"}), None, POLICY.analysis) == []


# --- 2. the recommended amount -------------------------------------------------------------------


def _constraints(request: float, wc: float | None, debt: float | None, security: float) -> list[AmountConstraint]:
    return [
        AmountConstraint(name="request", amount=request),
        AmountConstraint(name="working_capital_capacity", amount=wc),
        AmountConstraint(name="debt_service_capacity", amount=debt, reason=None if debt is not None else "x"),
        AmountConstraint(name="security_cover", amount=security),
    ]


@pytest.mark.parametrize(
    ("constraints", "amount", "binding"),
    [
        (_constraints(5e6, 3_265_862.46, 7.6e6, 9.6e6), 3_260_000, "working_capital_capacity"),
        (_constraints(5e6, 6e6, 4_833_976.83, 9.6e6), 4_830_000, "debt_service_capacity"),
        (_constraints(5e6, 6e6, 7e6, 1_234_567.0), 1_230_000, "security_cover"),
        (_constraints(5_000_001.0, 6e6, 7e6, 8e6), 5_000_001, "request"),
        (_constraints(5e6, None, None, 9e6), 5_000_000, "request"),
        (_constraints(5e6, -10.0, 7e6, 9e6), 0, "working_capital_capacity"),
    ],
)
def test_the_smallest_constraint_sets_the_amount(constraints, amount: int, binding: str) -> None:  # type: ignore[no-untyped-def]
    """Rounded down to the policy's 10,000; an absent constraint never binds; the request is never rounded."""
    result = recommended_amount(constraints, POLICY.recommendation.amount_rounding)
    assert (result.amount, result.binding) == (amount, binding)


def test_a_request_above_the_amount_is_approved_only_at_that_amount() -> None:
    warning = finding("AMOUNT_EXCEEDS_CAPACITY", requested=5e6, capacity=3.2e6)
    amount = recommended_amount(_constraints(5e6, 3.2e6, 9e6, 9e6), 10_000)
    opinion = decide([warning], POLICY, True, amount)
    assert opinion.recommendation == "approve_with_conditions" and opinion.recommended_amount == 3_200_000
    assert opinion.conditions[0].zh.startswith("授信金额不超过 3,200,000 元")
    assert "working-capital capacity" in opinion.conditions[0].en
    assert all("测算的流动资金贷款额度" not in c.zh for c in opinion.conditions), "the generic condition is replaced"


def test_an_amount_below_the_policy_share_of_the_request_is_referred() -> None:
    amount = recommended_amount(_constraints(5e6, 2.4e6, 9e6, 9e6), 10_000)
    opinion = decide([finding("AMOUNT_EXCEEDS_CAPACITY", requested=5e6, capacity=2.4e6)], POLICY, True, amount)
    assert opinion.recommendation == "refer" and opinion.binding_constraint == "working_capital_capacity"


def test_a_request_within_every_constraint_is_approved_in_full() -> None:
    amount = recommended_amount(_constraints(5e6, 6e6, 7e6, 8e6), 10_000)
    opinion = decide([], POLICY, True, amount)
    assert (opinion.recommendation, opinion.recommended_amount, opinion.binding_constraint) == (
        "approve",
        5_000_000,
        "request",
    )


# --- 3. early decline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "recommendation"),
    [
        ([finding("NEGATIVE_EQUITY", period="2025-12-31", value=-1.0)], "decline"),
        (
            [
                finding(
                    "WATCHLIST_HIT",
                    role="applicant",
                    party="x",
                    list_name="l",
                    entry_id="1",
                    matched="x",
                    score=100,
                    on="name",
                )
            ],
            "decline",
        ),
        ([finding("KYC_USCC_INVALID", variant="check", role="applicant", got="Y", expected="X")], "decline"),
        ([finding("LICENSE_EXPIRED", date="2024-01-01")], "decline"),
        (
            [
                finding(
                    "INDUSTRY_RESTRICTED",
                    "critical",
                    code="R9012",
                    name="博彩",
                    name_en="gambling",
                    stance="prohibited",
                    reason="x",
                    reason_en="x",
                )
            ],
            "decline",
        ),
        ([finding("HIGH_LEVERAGE", "critical", period="2025-12-31", value=0.95, limit=0.7)], None),
        ([finding("LOW_INTEREST_COVERAGE", "critical", period="2025-12-31", value=0.5, limit=2.0)], None),
        ([], None),
    ],
)
def test_missing_documents_wait_unless_what_is_at_hand_cannot_be_cured(found, recommendation) -> None:  # type: ignore[no-untyped-def]
    """Negative equity, a watchlist hit, a bad identifier, an expired licence or a prohibited industry
    decline now; leverage or coverage a later report could change keep the case waiting."""
    opinion = decide(found, POLICY, documents_complete=False)
    assert opinion.recommendation == recommendation
    assert opinion.declined_early is (recommendation == "decline")
    assert case_status(False, opinion.recommendation) == ("completed" if recommendation else "needs_documents")


# --- 4. checks across statements -----------------------------------------------------------------


def test_cash_flow_net_increase_against_the_change_in_balance_sheet_cash() -> None:
    agree = _years({"2024-12-31": {"cash": 100.0}, "2025-12-31": {"cash": 160.0, "net_increase_in_cash": 60.0}})
    (check,) = [c for c in cash_flow_vs_cash(agree, 0.10) if c.period == "2025-12-31"]
    assert (check.status, check.left, check.right) == ("passed", 60.0, 60.0)
    # The healthy sample before it was fixed: +16.44M net increase against a 0.46M rise in cash.
    apart = _years(
        {
            "2024-12-31": {"cash": 10_158_490.59},
            "2025-12-31": {"cash": 10_623_251.29, "net_increase_in_cash": 16_435_238.99},
        }
    )
    assert [c.status for c in cash_flow_vs_cash(apart, 0.10) if c.period == "2025-12-31"] == ["failed"]


def test_restricted_cash_is_taken_out_exactly_when_the_statement_prints_cash_equivalents() -> None:
    """货币资金 160 of which 30 restricted (cash equivalents 130, from 100): the net increase is 30."""
    history = _years(
        {
            "2024-12-31": {"cash": 100.0},
            "2025-12-31": {
                "cash": 160.0,
                "net_increase_in_cash": 30.0,
                "cash_equivalents_end": 130.0,
                "cash_equivalents_begin": 100.0,
            },
        }
    )
    assert [c.status for c in cash_flow_vs_cash(history, 0.0) if c.period == "2025-12-31"] == ["passed"]
    last_year = SourcedValue(value=90.0, file="fs.pdf", page=1, x=0, y=0, label="x")
    history.values[date(2024, 12, 31)]["cash_equivalents_end"] = last_year
    (check,) = [c for c in cash_flow_vs_cash(history, 0.0) if c.period == "2025-12-31"]
    assert check.status == "failed" and "≠ last year's closing 90.00" in check.detail


def test_retained_earnings_cannot_rise_by_more_than_the_profit_less_dividends() -> None:
    history = _years(
        {
            "2024-12-31": {"retained_earnings": 1000.0},
            "2025-12-31": {"retained_earnings": 1300.0, "net_profit": 200.0},
        }
    )
    (check,) = [c for c in retained_earnings_rollforward(history) if c.period == "2025-12-31"]
    assert (check.status, check.left, check.right, check.operator) == ("failed", 300.0, 200.0, "≤")
    paid = _years(
        {"2024-12-31": {"retained_earnings": 1000.0}, "2025-12-31": {"retained_earnings": 1100.0, "net_profit": 200.0}}
    )
    assert [c.status for c in retained_earnings_rollforward(paid) if c.period == "2025-12-31"] == ["passed"]


def _account(balances: list[tuple[date, float]], start: date, end: date, opening: float) -> BankStatement:
    rows = [
        Transaction(
            date=d,
            raw_date=str(d),
            description="x",
            counterparty="客户甲",
            debit=0.0,
            credit=1.0,
            balance=b,
            currency="CNY",
            page=1,
            y=0.0,
        )  # fmt: skip
        for d, b in balances
    ]
    return BankStatement(
        file="bank.pdf", currency="CNY", period_start=start, period_end=end, opening_balance=opening,
        closing_balance=balances[-1][1], opening_printed=True, transactions=rows,
    )  # fmt: skip


def test_a_bank_balance_above_the_balance_sheets_cash_on_the_same_day_fails() -> None:
    account = _account(
        [(date(2025, 12, 20), 500.0), (date(2026, 1, 5), 50.0)], date(2025, 12, 1), date(2026, 1, 31), 10.0
    )
    assert [c.status for c in bank_vs_cash(history_of({"cash": 400.0}), [account])] == ["failed"]
    assert [c.status for c in bank_vs_cash(history_of({"cash": 600.0}), [account])] == ["passed"]
    elsewhere = _account([(date(2026, 3, 1), 1.0)], date(2026, 3, 1), date(2026, 3, 31), 0.0)
    assert [(c.status, c.reason) for c in bank_vs_cash(history_of({"cash": 1.0}), [elsewhere])] == [
        ("not_checked", "no_statement_on_balance_sheet_date")
    ]


# --- 5. bank-flow analytics ------------------------------------------------------------------------


def test_the_daily_average_weights_each_day_by_its_closing_balance() -> None:
    """100 for the first ten days of a 30-day statement, 200 for the other twenty: 166.67, not 150."""
    account = _account(
        [(date(2026, 4, 1), 100.0), (date(2026, 4, 11), 200.0)], date(2026, 4, 1), date(2026, 4, 30), 0.0
    )
    assert daily_average([account]) == pytest.approx(166.67)


def test_overdrawn_days_concentration_and_unstable_months_are_findings() -> None:
    rows = [(date(2026, 1, 1) if m == 1 else date(2026, m, 1), 100.0) for m in range(1, 7)]
    account = _account(
        rows + [(date(2026, 6, 10), -50.0), (date(2026, 6, 13), 10.0)], date(2026, 1, 1), date(2026, 6, 30), 0.0
    )
    big = {1: 1000.0, 2: 10.0, 3: 1000.0, 4: 10.0, 5: 1000.0, 6: 10.0}
    for t in account.transactions:
        t.credit = big[t.date.month] if t.date.day == 1 else 1.0  # type: ignore[union-attr]
    bank = analyse_flows([account], POLICY.analysis.concentration_top)
    assert bank is not None and bank.overdrafts[0].days == 3 and bank.overdrafts[0].lowest == -50.0
    codes = [f.code for f in bank_flow_findings(bank, POLICY.analysis)]
    assert codes == ["OVERDRAFT_DAYS", "INFLOW_CONCENTRATION", "INFLOW_VOLATILITY"]
    assert bank.top_inflow_share == 1.0 and bank.inflow_cv and bank.inflow_cv > 0.6 and len(bank.low_inflow_months) == 3
